using System.Net.Sockets;
using System.Text;

namespace YuLanData.Service.Tests;

/// <summary>
/// HTTP/1.1 over a plain socket, byte for byte as written: HttpClient would normalize a request target
/// (<c>../</c>, <c>%2e</c>) or a Host header before an attacker's bytes ever reached the service.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends one request and returns the status code and the whole response (headers and body) as text.</summary>
    /// <param name="baseAddress">The service, e.g. http://127.0.0.1:12345/.</param>
    /// <param name="method">GET, POST...</param>
    /// <param name="target">The request target exactly as sent (path and query).</param>
    /// <param name="headers">Extra header lines ("Name: value"); a Host line here replaces the default one.</param>
    /// <param name="body">The body, or null.</param>
    public static async Task<(int Status, string Response)> SendAsync(Uri baseAddress, string method, string target, IEnumerable<string>? headers = null, string? body = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var stream = tcp.GetStream();
        var lines = new List<string> { $"{method} {target} HTTP/1.1" };
        var extra = headers?.ToList() ?? [];
        if (!extra.Any(h => h.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)))
            lines.Add($"Host: {baseAddress.Authority}");
        lines.AddRange(extra);
        byte[] payload = body == null ? [] : Encoding.UTF8.GetBytes(body);
        if (body != null)
            lines.Add($"Content-Length: {payload.Length}");
        lines.Add("Connection: close");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(string.Join("\r\n", lines) + "\r\n\r\n"));
        await stream.WriteAsync(payload);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var statusLine = response.Split("\r\n", 2)[0].Split(' ');
        return (statusLine.Length > 1 && int.TryParse(statusLine[1], out int status) ? status : 0, response);
    }
}
