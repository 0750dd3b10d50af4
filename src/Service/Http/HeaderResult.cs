using Microsoft.AspNetCore.Http;

namespace YuLanData.Service.Http;

/// <summary>A result with one extra response header.</summary>
/// <param name="inner">The result to send.</param>
/// <param name="name">The header's name.</param>
/// <param name="value">Its value.</param>
internal sealed class HeaderResult(IResult inner, string name, string value) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers[name] = value;
        return inner.ExecuteAsync(httpContext);
    }
}
