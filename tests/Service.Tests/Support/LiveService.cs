using System.Net.Http.Json;
using System.Text.Json.Nodes;
using YuLanData.Service.Http;

namespace YuLanData.Service.Tests;

/// <summary>The real service (Kestrel on a free loopback port, the real engine) over a <see cref="TempRoot"/>, with an HttpClient.</summary>
public sealed class LiveService : IAsyncDisposable
{
    private LiveService(PipelineService service, HttpClient client, StringWriter log)
    {
        Service = service;
        Client = client;
        Log = log;
    }

    public PipelineService Service { get; }

    public HttpClient Client { get; }

    public StringWriter Log { get; }

    /// <summary>A client without the CSRF token, as a page of another site would be.</summary>
    public HttpClient Bare(HttpMessageHandler? handler = null) =>
        new(handler ?? new HttpClientHandler()) { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<LiveService> StartAsync(TempRoot root, string url = "http://127.0.0.1:0", int maxConcurrent = 1, long maxBody = 1 << 20, IReadOnlyList<string>? roots = null,
        (string Certificate, string Key)? tls = null, HttpMessageHandler? handler = null, IReadOnlyList<string>? allowedHosts = null)
    {
        var options = new ServiceOptions
        {
            TlsCertificatePath = tls?.Certificate,
            TlsKeyPath = tls?.Key,
            Urls = [url],
            Roots = roots ?? [root.Path],
            MaxConcurrentRuns = maxConcurrent,
            DefaultWorkers = 2,
            MaxBodyBytes = maxBody,
            EventIntervalSeconds = 0.1,
            AllowedHosts = allowedHosts ?? [],
        };
        return await StartAsync(options, handler);
    }

    /// <summary>The service with the given options (tests of retention, webhook and other operator settings).</summary>
    public static async Task<LiveService> StartAsync(ServiceOptions options, HttpMessageHandler? handler = null)
    {
        var log = new StringWriter();
        var service = await PipelineService.StartAsync(options, TextWriter.Synchronized(log));
        string address = service.Addresses[0].Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1");
        var client = new HttpClient(handler ?? new HttpClientHandler()) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        // The client acts as the service's own page: it carries the CSRF token (readable without a bearer token only on loopback).
        if (service.Token is null)
            client.DefaultRequestHeaders.Add("X-CSRF-Token", (await client.GetFromJsonAsync<JsonObject>("/api/csrf"))!["csrf_token"]!.GetValue<string>());
        return new LiveService(service, client, log);
    }

    /// <summary>Polls a run until it is no longer queued or running.</summary>
    public async Task<JsonObject> WaitAsync(string id, double seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var view = (await Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!;
            string state = view["state"]!.GetValue<string>();
            if (state is not ("queued" or "running"))
                return view;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"run {id} still {state} after {seconds} s");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Service.DisposeAsync();
    }
}
