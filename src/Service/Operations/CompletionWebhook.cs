using System.Net.Http.Json;
using System.Text.Json;
using YuLanData.Service.Runs;

namespace YuLanData.Service.Operations;

/// <summary>
/// Posts a JSON message to the operator's URL when a run ends. The URL comes from the service configuration only;
/// redirects are not followed (a 3xx answer counts as a failure), each call is limited by a timeout, and a failure is
/// logged, never passed on to the run.
/// </summary>
public sealed class CompletionWebhook : IDisposable
{
    private readonly Uri _url;
    private readonly HttpClient _client;
    private readonly Action<string> _log;
    private readonly object _gate = new();
    private readonly List<Task> _pending = [];

    /// <param name="url">An absolute <c>http://</c> or <c>https://</c> URL.</param>
    /// <param name="timeout">Longest a call may take, connection included.</param>
    /// <param name="log">Receives one line per failed call.</param>
    /// <exception cref="ArgumentException">The URL is not absolute http(s).</exception>
    public CompletionWebhook(string url, TimeSpan timeout, Action<string> log)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"webhook URL '{url}' is not an absolute http:// or https:// URL");
        _url = uri;
        _log = log;
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = timeout, UseCookies = false, UseProxy = false })
        {
            Timeout = timeout,
        };
    }

    /// <summary>Starts posting the message for an ended run and returns at once.</summary>
    /// <param name="message">Makes the JSON body (see <see cref="RunEndedMessage"/>) on the sending task, or null to send nothing.</param>
    public void Send(Func<RunEndedMessage?> message)
    {
        var task = Task.Run(async () =>
        {
            if (message() is { } m)
                await Post(m);
        });
        lock (_gate)
        {
            _pending.RemoveAll(t => t.IsCompleted);
            _pending.Add(task);
        }
    }

    private async Task Post(RunEndedMessage message)
    {
        try
        {
            using var response = await _client.PostAsJsonAsync(_url, message, WebhookJson);
            if (!response.IsSuccessStatusCode)
                _log($"webhook for run {message.Id}: {_url} answered {(int)response.StatusCode}{((int)response.StatusCode is >= 300 and < 400 ? " (redirects are not followed)" : "")}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            _log($"webhook for run {message.Id}: {_url} failed: {(e is TaskCanceledException ? "timed out" : e.Message)}");
        }
    }

    private static readonly JsonSerializerOptions WebhookJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Waits (a bounded time) for calls under way, then releases the client.</summary>
    public void Dispose()
    {
        Task[] pending;
        lock (_gate)
            pending = [.. _pending];
        Task.WaitAll(pending, _client.Timeout + TimeSpan.FromSeconds(1));
        _client.Dispose();
    }
}
