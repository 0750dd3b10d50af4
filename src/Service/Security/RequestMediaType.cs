using System.Net.Http.Headers;

namespace YuLanData.Service.Security;

/// <summary>
/// The media type of a request body, parsed (not searched: <c>text/plain;x=json</c> is text/plain). Only types a
/// browser cannot send cross-origin without a CORS preflight are accepted for state-changing requests.
/// </summary>
public static class RequestMediaType
{
    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml"];

    /// <summary>The media type without parameters, lower case; null when absent or not parseable.</summary>
    /// <param name="contentType">The <c>Content-Type</c> header.</param>
    public static string? Of(string? contentType) =>
        !string.IsNullOrWhiteSpace(contentType) && MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType is { } type
            ? type.ToLowerInvariant()
            : null;

    /// <summary>Exactly <c>application/json</c> (any parameters, such as a charset).</summary>
    public static bool IsJson(string? contentType) => Of(contentType) == "application/json";

    /// <summary><c>application/yaml</c>, <c>application/x-yaml</c> or <c>text/yaml</c>.</summary>
    public static bool IsYaml(string? contentType) => Of(contentType) is { } t && YamlTypes.Contains(t);
}
