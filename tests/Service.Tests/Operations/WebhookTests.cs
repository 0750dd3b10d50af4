using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Service.Http;

namespace YuLanData.Service.Tests;

/// <summary>The completion webhook against a real local HTTP listener: the message, no redirects, timeouts and failures that leave the run alone.</summary>
public class WebhookTests
{
    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>A real HTTP listener on a free loopback port that records each request and answers by path.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();

        public Receiver()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _ = Task.Run(Serve);
        }

        public int Port { get; }

        public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; } = new();

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using var reader = new StreamReader(ctx.Request.InputStream);
                    string path = ctx.Request.Url!.AbsolutePath;
                    Requests.Enqueue((ctx.Request.HttpMethod, path, await reader.ReadToEndAsync()));
                    try
                    {
                        switch (path)
                        {
                            case "/redirect":
                                ctx.Response.StatusCode = 307;
                                ctx.Response.RedirectLocation = $"http://127.0.0.1:{Port}/followed";
                                break;
                            case "/slow":
                                await Task.Delay(5_000);
                                break;
                            case "/broken":
                                ctx.Response.StatusCode = 500;
                                break;
                        }
                        ctx.Response.Close();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                    }
                });
            }
        }

        public void Dispose() => _listener.Close();
    }

    private static ServiceOptions Options(TempRoot root, string webhook, double timeout = 10) => new()
    {
        Urls = ["http://127.0.0.1:0"],
        Roots = [root.Path],
        DefaultWorkers = 2,
        EventIntervalSeconds = 0.1,
        WebhookUrl = webhook,
        WebhookTimeoutSeconds = timeout,
    };

    private static async Task<JsonObject> RunOnce(LiveService svc, TempRoot root, string name)
    {
        var r = await svc.Client.PostAsync("/api/runs", Json(new { yaml = TempRoot.Pipeline(root["out/" + name], root["in"], name: name) }));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return await svc.WaitAsync((await r.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
    }

    private static async Task Eventually(Func<bool> condition, string what, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("gave up waiting for " + what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task EndedRunIsPostedToTheConfiguredUrl()
    {
        using var root = new TempRoot();
        using var receiver = new Receiver();
        await using var svc = await LiveService.StartAsync(Options(root, $"http://127.0.0.1:{receiver.Port}/hook"));
        var view = await RunOnce(svc, root, "a");
        Assert.Equal("succeeded", view["state"]!.GetValue<string>());
        await Eventually(() => !receiver.Requests.IsEmpty, "the webhook call");
        Assert.True(receiver.Requests.TryDequeue(out var call));
        Assert.Equal(("POST", "/hook"), (call.Method, call.Path));
        var message = JsonNode.Parse(call.Body)!;
        Assert.Equal("run.ended", message["event"]!.GetValue<string>());
        Assert.Equal(view["id"]!.GetValue<string>(), message["id"]!.GetValue<string>());
        Assert.Equal("succeeded", message["state"]!.GetValue<string>());
        Assert.Equal(view["read"]!.GetValue<long>(), message["read"]!.GetValue<long>());
        Assert.Equal(view["kept"]!.GetValue<long>(), message["kept"]!.GetValue<long>());

        // A request cannot name a URL of its own: the field is not read.
        using var other = new Receiver();
        var r = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "nope.yaml", webhook_url = $"http://127.0.0.1:{other.Port}/x" }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        await Task.Delay(300);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task RedirectsAreNotFollowedAndFailuresLeaveTheRunSucceeded()
    {
        using var root = new TempRoot();
        using var receiver = new Receiver();
        await using (var svc = await LiveService.StartAsync(Options(root, $"http://127.0.0.1:{receiver.Port}/redirect")))
        {
            Assert.Equal("succeeded", (await RunOnce(svc, root, "a"))["state"]!.GetValue<string>());
            await Eventually(() => svc.Log.ToString().Contains("answered 307"), "the redirect to be logged");
            await Task.Delay(300);
            Assert.DoesNotContain(receiver.Requests, q => q.Path == "/followed");
        }
        await using (var svc = await LiveService.StartAsync(Options(root, $"http://127.0.0.1:{receiver.Port}/slow", timeout: 0.5)))
        {
            Assert.Equal("succeeded", (await RunOnce(svc, root, "b"))["state"]!.GetValue<string>());
            await Eventually(() => svc.Log.ToString().Contains("timed out"), "the timeout to be logged");
        }
        await using (var svc = await LiveService.StartAsync(Options(root, $"http://127.0.0.1:{receiver.Port}/broken")))
        {
            Assert.Equal("succeeded", (await RunOnce(svc, root, "c"))["state"]!.GetValue<string>());
            await Eventually(() => svc.Log.ToString().Contains("answered 500"), "the error answer to be logged");
        }
        await using (var svc = await LiveService.StartAsync(Options(root, $"http://127.0.0.1:1/nothing")))
        {
            var view = await RunOnce(svc, root, "d");
            Assert.Equal("succeeded", view["state"]!.GetValue<string>());
            await Eventually(() => svc.Log.ToString().Contains("failed:"), "the refused connection to be logged");
            // The run's record on disk says succeeded: the webhook did not change it.
            var saved = JsonNode.Parse(File.ReadAllText(root[$".yulandata-service/runs/{view["id"]}/run.json"]))!;
            Assert.Equal("succeeded", saved["state"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task AWebhookUrlThatIsNotHttpStopsTheStart()
    {
        using var root = new TempRoot();
        await Assert.ThrowsAsync<ArgumentException>(async () => await LiveService.StartAsync(Options(root, "file:///etc/passwd")));
    }
}
