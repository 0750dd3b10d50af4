using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using YuLanData.Service.Engine;
using YuLanData.Service.Reports;
using YuLanData.Service.Runs;
using YuLanData.Service.Security;

namespace YuLanData.Service.Http;

/// <summary>
/// The pipeline service: a run queue behind an HTTP API on Kestrel, a live dashboard at <c>/</c>, and read-only
/// browsing of run folders. Loopback-only unless a bearer token is in force; every path a request names is
/// confined to the roots.
/// </summary>
public sealed class PipelineService : IAsyncDisposable
{
    private const string TokenCookie = "yulandata_token";

    internal static readonly JsonSerializerOptions ApiJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    private readonly WebApplication _app;
    private readonly RunQueue _queue;
    private readonly PathGuard _guard;
    private readonly RunStore _store;
    private readonly IRunEngine _engine;
    private readonly ServiceOptions _options;
    private readonly AccessToken? _token;

    private PipelineService(WebApplication app, RunQueue queue, PathGuard guard, RunStore store, IRunEngine engine, ServiceOptions options, AccessToken? token)
    {
        _app = app;
        _queue = queue;
        _guard = guard;
        _store = store;
        _engine = engine;
        _options = options;
        _token = token;
    }

    /// <summary>The addresses Kestrel listens on (with the real port when 0 was asked).</summary>
    public IReadOnlyList<string> Addresses =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    /// <summary>The bearer token in force, or null on loopback.</summary>
    public AccessToken? Token => _token;

    public RunQueue Queue => _queue;

    /// <summary>Starts listening and resumes runs left queued or running by an earlier start.</summary>
    /// <param name="options">Addresses, roots, limits.</param>
    /// <param name="engine">Loads and runs pipelines.</param>
    /// <param name="log">Receives service messages (the token, when newly made, is printed here once).</param>
    public static async Task<PipelineService> StartAsync(ServiceOptions options, IRunEngine engine, TextWriter log)
    {
        foreach (var root in options.Roots)
            if (!Directory.Exists(root))
                throw new ArgumentException($"root folder {root} does not exist");
        bool loopback = BindAddresses.AllLoopback(options.Urls);
        var certificate = TlsCertificate.Load(options);
        if (certificate is null && options.Urls.Any(BindAddresses.IsHttps))
            throw new ArgumentException("an https:// URL needs a TLS certificate and key (--tls-cert, --tls-key)");
        if (certificate is not null && !options.Urls.Any(BindAddresses.IsHttps))
            throw new ArgumentException("a TLS certificate was given but no https:// URL to use it on");
        var store = new RunStore(options.ResolvedStateDir);
        var guard = new PathGuard(options.Roots, [store.Folder]);
        AccessToken? token = null;
        if (!loopback)
        {
            token = AccessToken.LoadOrCreate(store.TokenFile);
            if (token.Created)
                log.WriteLine($"access token (shown once; kept in {store.TokenFile}, mode 0600): {token.Value}");
            else
                log.WriteLine($"access token required (in {store.TokenFile})");
            foreach (var url in options.Urls.Where(u => !BindAddresses.IsHttps(u)))
                log.WriteLine($"warning: {url} carries the access token in clear text; use https:// (--tls-cert, --tls-key) or a TLS proxy");
        }
        void Log(string line)
        {
            lock (log)
                log.WriteLine(line);
        }
        var queue = new RunQueue(engine, store, options.MaxConcurrentRuns, Log, run => CheckPaths(guard, run));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = guard.Roots[0] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls([.. options.Urls]);
        if (certificate is not null) builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            if (certificate is not null) k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
        });
        var app = builder.Build();
        var service = new PipelineService(app, queue, guard, store, engine, options, token);
        service.Map(app);
        app.Lifetime.ApplicationStopping.Register(queue.Dispose);
        await app.StartAsync();
        queue.Start();
        Log($"listening on {string.Join(", ", service.Addresses)}; roots: {string.Join(", ", guard.Roots)}; state: {store.Folder}");
        return service;
    }

    /// <summary>Completes when the host shuts down (Ctrl+C or SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        _queue.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>Every input file and the run folder of a loaded pipeline must lie in the roots.</summary>
    private static void CheckPaths(PathGuard guard, IPipelineRun run)
    {
        guard.Resolve(Path.GetFullPath(run.OutputFolder), "output.path");
        foreach (var file in run.InputFiles)
            guard.Resolve(Path.GetFullPath(file), "input");
    }

    private void Map(WebApplication app)
    {
        app.Use(async (ctx, next) =>
        {
            ctx.Response.Headers.XContentTypeOptions = "nosniff";
            if (_token != null && !Authorized(ctx))
            {
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                ctx.Response.Headers.WWWAuthenticate = "Bearer";
                await ctx.Response.WriteAsJsonAsync(new { error = "a bearer token is required" });
                return;
            }
            try
            {
                await next(ctx);
            }
            catch (Exception e) when (!ctx.Response.HasStarted && StatusFor(e) is int status)
            {
                ctx.Response.Clear();
                ctx.Response.StatusCode = status;
                await ctx.Response.WriteAsJsonAsync(new { error = e.Message });
            }
        });

        app.MapGet("/", () => Results.Content(Dashboard.Html, "text/html; charset=utf-8"));
        app.MapGet("/api/runs", () => Results.Json(_queue.List().Select(r => _queue.View(r.Id)), ApiJson));
        app.MapPost("/api/runs", (Func<HttpContext, Task<IResult>>)Submit);
        app.MapGet("/api/runs/{id}", (string id) => _queue.View(id) is { } v ? Results.Json(v, ApiJson) : NotFound(id));
        app.MapPost("/api/runs/{id}/cancel", (string id) =>
            _queue.Get(id) is not { } r ? NotFound(id)
            : _queue.Cancel(id) ? Results.Json(_queue.View(id), ApiJson, statusCode: StatusCodes.Status202Accepted)
            : Results.Json(new { error = $"run {id} is {r.State.ToString().ToLowerInvariant()}, not queued or running" }, statusCode: StatusCodes.Status409Conflict));
        app.MapGet("/api/runs/{id}/events", (string id, HttpContext ctx) => Stream(ctx, id));
        app.MapGet("/api/events", (HttpContext ctx) => Stream(ctx, null));
        app.MapGet("/api/runs/{id}/files", (string id, string? dir) => ListFiles(id, dir));
        app.MapMethods("/api/runs/{id}/files/{**path}", ["GET", "HEAD"], (string id, string path) => Download(id, path));
        app.MapPost("/api/runs/{id}/report", (string id) => MakeReport(id));
    }

    private bool Authorized(HttpContext ctx)
    {
        string? presented = null;
        string auth = ctx.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            presented = auth["Bearer ".Length..].Trim();
        bool fromQuery = false;
        if (presented == null && ctx.Request.Query.TryGetValue("token", out var q))
        {
            presented = q.ToString();
            fromQuery = true;
        }
        presented ??= ctx.Request.Cookies[TokenCookie];
        if (presented == null || !_token!.Matches(presented))
            return false;
        // A browser opening the dashboard with ?token= gets a cookie, so its images and event streams carry it too.
        if (fromQuery)
            ctx.Response.Cookies.Append(TokenCookie, presented, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", Secure = ctx.Request.IsHttps });
        return true;
    }

    private static int? StatusFor(Exception e) => e switch
    {
        BadHttpRequestException b => b.StatusCode,
        PathRejectedException or PipelineRejectedException or JsonException or InvalidDataException or UnauthorizedAccessException => StatusCodes.Status400BadRequest,
        _ => null,
    };

    private static IResult NotFound(string id) => Results.Json(new { error = $"no run {id}" }, statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);

    private async Task<IResult> Submit(HttpContext ctx)
    {
        SubmitRequest request;
        string contentType = ctx.Request.ContentType ?? "";
        if (contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            string yaml = await reader.ReadToEndAsync(ctx.RequestAborted);
            int? workers = int.TryParse(ctx.Request.Query["workers"], out int w) ? w : null;
            request = new SubmitRequest(null, yaml, ctx.Request.Query["output"].FirstOrDefault(), workers);
        }
        else if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            request = await JsonSerializer.DeserializeAsync<SubmitRequest>(ctx.Request.Body, ApiJson, ctx.RequestAborted)
                ?? throw new JsonException("empty request");
        else
            return Results.Json(new { error = "send application/json ({\"pipeline\"|\"yaml\", \"output\", \"workers\"}) or application/yaml with ?output=&workers=" },
                statusCode: StatusCodes.Status415UnsupportedMediaType);

        if ((request.Pipeline == null) == (request.Yaml == null))
            return BadRequest("give exactly one of pipeline (a file) and yaml (the pipeline text)");
        int workersWanted = request.Workers ?? _options.DefaultWorkers;
        if (workersWanted is < 1 or > 1024)
            return BadRequest($"workers must be between 1 and 1024, not {workersWanted}");
        string? output = request.Output == null ? null : _guard.Resolve(request.Output, "output");
        string pipelineFile = request.Pipeline == null ? "" : _guard.Resolve(request.Pipeline, "pipeline");

        string id = _store.NewId();
        try
        {
            if (request.Yaml != null)
            {
                pipelineFile = _store.SubmittedPipeline(id);
                await File.WriteAllTextAsync(pipelineFile, request.Yaml, new UTF8Encoding(false));
            }
            var run = _engine.Load(pipelineFile, output, workersWanted);
            CheckPaths(_guard, run);
            output ??= _guard.Resolve(Path.GetFullPath(run.OutputFolder), "output.path");
            if (_guard.Roots.Contains(output))
                return BadRequest($"output: {output} is a root folder; name a folder of its own");
            var record = _queue.Submit(new RunRecord(id, run.Name, pipelineFile, output, workersWanted, DateTimeOffset.UtcNow));
            return Results.Json(_queue.View(record.Id), ApiJson, statusCode: StatusCodes.Status201Created);
        }
        catch (InvalidOperationException e)
        {
            Directory.Delete(_store.RunDir(id), recursive: true);
            return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status409Conflict);
        }
        catch
        {
            Directory.Delete(_store.RunDir(id), recursive: true);
            throw;
        }
    }

    private async Task Stream(HttpContext ctx, string? id)
    {
        if (id != null && _queue.Get(id) == null)
        {
            await NotFound(id).ExecuteAsync(ctx);
            return;
        }
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        var interval = TimeSpan.FromSeconds(_options.EventIntervalSeconds);
        var cancel = ctx.RequestAborted;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                string data;
                bool ended = false;
                if (id == null)
                    data = JsonSerializer.Serialize(_queue.List().Select(r => _queue.View(r.Id)), ApiJson);
                else
                {
                    var view = _queue.View(id)!;
                    data = JsonSerializer.Serialize(view, ApiJson);
                    ended = view.State is not (RunState.Queued or RunState.Running);
                }
                await ctx.Response.WriteAsync($"event: progress\ndata: {data}\n\n", cancel);
                if (ended)
                {
                    await ctx.Response.WriteAsync("event: end\ndata: {}\n\n", cancel);
                    return;
                }
                await ctx.Response.Body.FlushAsync(cancel);
                await Task.Delay(interval, cancel);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private IResult ListFiles(string id, string? dir)
    {
        if (_queue.Get(id) is not { } r)
            return NotFound(id);
        string folder = dir is null or "" or "." ? PathGuard.RealPath(r.Output) : _guard.ResolveInside(r.Output, dir, "dir");
        if (!Directory.Exists(folder))
            return Results.Json(Array.Empty<RunFileEntry>(), ApiJson);
        string root = PathGuard.RealPath(r.Output);
        var files = new List<RunFileEntry>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var f in Directory.EnumerateFiles(folder, "*", options).Order(StringComparer.Ordinal))
        {
            files.Add(new RunFileEntry(Path.GetRelativePath(root, f).Replace('\\', '/'), new FileInfo(f).Length));
            if (files.Count == 10_000)
                break;
        }
        return Results.Json(files, ApiJson);
    }

    private IResult Download(string id, string path)
    {
        if (_queue.Get(id) is not { } r)
            return NotFound(id);
        string file = _guard.ResolveInside(r.Output, path, "path");
        if (!File.Exists(file))
            return Results.Json(new { error = $"no file {path} in run {id}" }, statusCode: StatusCodes.Status404NotFound);
        string ext = Path.GetExtension(file).ToLowerInvariant();
        if (ext is ".html")
        {
            // Reports only: nothing in them may run script or reach elsewhere.
            return new WithHeader(Results.File(file, "text/html; charset=utf-8"), "Content-Security-Policy",
                "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
        }
        string type = ext switch
        {
            ".png" => "image/png",
            ".json" or ".txt" or ".yaml" or ".jsonl" or ".log" or ".sh" or "" => "text/plain; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.File(file, type, enableRangeProcessing: true);
    }

    private IResult MakeReport(string id)
    {
        if (_queue.Get(id) is not { } r)
            return NotFound(id);
        if (r.State != RunState.Succeeded)
            return Results.Json(new { error = $"run {id} has not succeeded" }, statusCode: StatusCodes.Status409Conflict);
        RunReport.Write(r.Output, r.Output);
        return Results.Json(new { report = $"/api/runs/{id}/files/{RunReport.HtmlFile}" }, ApiJson);
    }

    /// <summary>A result with one extra response header.</summary>
    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
