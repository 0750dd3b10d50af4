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
using YuLanData.Service.Launch;
using YuLanData.Service.Reports;
using YuLanData.Service.Runs;
using YuLanData.Service.Security;

namespace YuLanData.Service.Http;

/// <summary>
/// The pipeline service: a run queue behind an HTTP API on Kestrel, a live dashboard at <c>/</c>, and read-only
/// browsing of run folders. Loopback-only unless a bearer token is in force; every path a request names is
/// confined to the roots.
/// </summary>
public sealed partial class PipelineService : IAsyncDisposable
{
    private const string TokenCookie = "yulandata_token";

    /// <summary>Set on a request whose bearer token came in the Authorization header (which no page can make a browser add).</summary>
    private const string BearerHeaderItem = "yulandata.bearer-header";

    internal static readonly JsonSerializerOptions ApiJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        MaxDepth = 16, // request bodies are flat; deeper JSON is refused before anything walks it
    };

    private readonly WebApplication _app;
    private readonly RunQueue _queue;
    private readonly PathGuard _guard;
    private readonly RunStore _store;
    private readonly ServiceOptions _options;
    private readonly AccessToken? _token;
    private readonly CsrfToken _csrf = new();
    private readonly HostAllowList _hosts;
    private readonly CrossSiteRequests _crossSite;

    private PipelineService(WebApplication app, RunQueue queue, PathGuard guard, RunStore store, ServiceOptions options, AccessToken? token)
    {
        _hosts = new HostAllowList(options.Urls, options.AllowedHosts);
        _crossSite = new CrossSiteRequests(options.AllowedOrigins);
        _app = app;
        _queue = queue;
        _guard = guard;
        _store = store;
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
    /// <param name="log">Receives service messages (the token, when newly made, is printed here once).</param>
    public static async Task<PipelineService> StartAsync(ServiceOptions options, TextWriter log)
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
        var queue = new RunQueue(store, options.MaxConcurrentRuns, Log, run => CheckPaths(guard, run), guard.Refusal);

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
        var service = new PipelineService(app, queue, guard, store, options, token);
        service.Map(app);
        app.Lifetime.ApplicationStopping.Register(queue.Dispose);
        service.StartOperations(Log);
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
    private static void CheckPaths(PathGuard guard, PipelineRun run)
    {
        guard.Resolve(Path.GetFullPath(run.OutputFolder), "output.path");
        foreach (var file in run.InputFiles)
            guard.Resolve(Path.GetFullPath(file), "input");
    }

    private void Map(WebApplication app)
    {
        app.Use(async (ctx, next) =>
        {
            var headers = ctx.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'"; // the dashboard and reports set their own
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            if (!_hosts.Allows(ctx.Request.Host.Host))
            {
                // A name we do not serve: most likely DNS rebinding (a hostile name resolving to this address).
                await Refuse(ctx, StatusCodes.Status400BadRequest, "this service does not answer to that Host name (use localhost, an IP address or --allowed-host)");
                return;
            }
            if (_token != null && !Authorized(ctx))
            {
                ctx.Response.Headers.WWWAuthenticate = "Bearer";
                await Refuse(ctx, StatusCodes.Status401Unauthorized, "a bearer token is required");
                return;
            }
            if (_crossSite.Refusal(ctx.Request) is { } crossSite)
            {
                await Refuse(ctx, StatusCodes.Status403Forbidden, crossSite);
                return;
            }
            if (!CrossSiteRequests.IsSafe(ctx.Request.Method))
            {
                // Form posts (urlencoded, multipart, text/plain) are what a page elsewhere can send without asking.
                string? type = ctx.Request.ContentType;
                bool hasBody = ctx.Request.ContentLength > 0 || ctx.Request.Headers.TransferEncoding.Count > 0;
                if (type != null ? !(RequestMediaType.IsJson(type) || RequestMediaType.IsYaml(type)) : hasBody)
                {
                    await Refuse(ctx, StatusCodes.Status415UnsupportedMediaType, "send application/json ({\"pipeline\"|\"yaml\", \"output\", \"workers\"}) or application/yaml with ?output=&workers=");
                    return;
                }
                if (!ctx.Items.ContainsKey(BearerHeaderItem) && !_csrf.Matches(ctx.Request.Headers[CsrfToken.Header].FirstOrDefault()))
                {
                    await Refuse(ctx, StatusCodes.Status403Forbidden, $"a state-changing request needs the {CsrfToken.Header} header (GET /api/csrf) or a bearer Authorization header");
                    return;
                }
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

        app.MapGet("/", () => EmbeddedPage.Dashboard.Result());
        app.MapGet("/api/csrf", (HttpContext ctx) =>
        {
            ctx.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { csrf_token = _csrf.Value, header = CsrfToken.Header }, ApiJson);
        });
        app.MapGet("/api/runs", (HttpContext ctx, string? state, string? q, string? offset, string? limit) => ListRuns(ctx, state, q, offset, limit));
        app.MapPost("/api/runs", (Func<HttpContext, Task<IResult>>)(ctx => Admit(ctx, queue: true)));
        app.MapPost("/api/validate", (Func<HttpContext, Task<IResult>>)(ctx => Admit(ctx, queue: false)));
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
        RunDetailsRoutes.Map(app, _queue, _guard);
        MapLaunch(app);
        MapOperations(app);
    }

    private bool Authorized(HttpContext ctx)
    {
        string? presented = null;
        string auth = ctx.Request.Headers.Authorization.ToString();
        bool fromHeader = auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (fromHeader)
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
        if (fromHeader)
            ctx.Items[BearerHeaderItem] = true;
        // A browser opening the dashboard with ?token= gets a cookie, so its images and event streams carry it too.
        if (fromQuery)
            ctx.Response.Cookies.Append(TokenCookie, presented, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", Secure = ctx.Request.IsHttps });
        return true;
    }

    private static int? StatusFor(Exception e) => e switch
    {
        BadHttpRequestException b => b.StatusCode,
        PathRejectedException or PipelineRejectedException or JsonException or InvalidDataException or UnauthorizedAccessException => StatusCodes.Status400BadRequest,
        RunFolderConflictException => StatusCodes.Status409Conflict,
        _ => null,
    };

    private IResult ListRuns(HttpContext ctx, string? state, string? q, string? offset, string? limit)
    {
        RunListQuery query;
        try
        {
            query = RunListQuery.Parse(state, q, offset, limit);
        }
        catch (ArgumentException e)
        {
            return BadRequest(e.Message);
        }
        var (page, total) = query.Apply(_queue.List().Select(r => _queue.View(r.Id)).OfType<RunView>());
        ctx.Response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(page, ApiJson);
    }

    private static IResult NotFound(string id) => Results.Json(new { error = $"no run {id}" }, statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);

    private static async Task Refuse(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        await ctx.Response.WriteAsJsonAsync(new { error = message });
    }

    /// <summary>
    /// <c>POST /api/runs</c> (<paramref name="queue"/>) and <c>POST /api/validate</c>: the same checks a run makes
    /// before it writes anything (the pipeline, every path it names, the run folder), then the run is queued or, for a
    /// dry run, only the verdict is answered.
    /// </summary>
    private async Task<IResult> Admit(HttpContext ctx, bool queue)
    {
        SubmitRequest request;
        if (RequestMediaType.IsYaml(ctx.Request.ContentType))
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            string yaml = await reader.ReadToEndAsync(ctx.RequestAborted);
            int? workers = int.TryParse(ctx.Request.Query["workers"], out int w) ? w : null;
            request = new SubmitRequest(null, yaml, ctx.Request.Query["output"].FirstOrDefault(), workers);
        }
        else if (RequestMediaType.IsJson(ctx.Request.ContentType))
            request = await JsonSerializer.DeserializeAsync<SubmitRequest>(ctx.Request.Body, ApiJson, ctx.RequestAborted)
                ?? throw new JsonException("empty request");
        else
            return Results.Json(new { error = "send application/json ({\"pipeline\"|\"yaml\", \"output\", \"workers\"}) or application/yaml with ?output=&workers=" },
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        return await Admit(request, queue);
    }

    /// <summary>The checks and queueing of <see cref="Admit(HttpContext, bool)"/> for a parsed request (also used by resubmit).</summary>
    private async Task<IResult> Admit(SubmitRequest request, bool queue)
    {
        if ((request.Pipeline == null) == (request.Yaml == null))
            return BadRequest("give exactly one of pipeline (a file) and yaml (the pipeline text)");
        int workersWanted = request.Workers ?? _options.DefaultWorkers;
        if (workersWanted is < 1 or > 1024)
            return BadRequest($"workers must be between 1 and 1024, not {workersWanted}");
        var slurm = SlurmRequest.Options(request.Executor, request.Slurm);
        string? output = request.Output == null ? null : _guard.Resolve(request.Output, "output");
        string pipelineFile = request.Pipeline == null ? "" : _guard.Resolve(request.Pipeline, "pipeline");

        string id = queue ? _store.NewId() : "";
        string? scratch = null;
        try
        {
            if (request.Yaml != null)
            {
                pipelineFile = queue ? _store.SubmittedPipeline(id) : scratch = _store.ValidationPipeline();
                await File.WriteAllTextAsync(pipelineFile, request.Yaml, new UTF8Encoding(false), CancellationToken.None);
            }
            var run = PipelineRun.Load(pipelineFile, output, workersWanted, _guard.Refusal);
            CheckPaths(_guard, run);
            output ??= _guard.Resolve(Path.GetFullPath(run.OutputFolder), "output.path");
            if (_guard.Roots.Contains(output))
                return BadRequest($"output: {output} is a root folder; name a folder of its own");
            if (_queue.WriterOf(output) is { } other)
                throw new RunFolderConflictException($"run {other.Id} is already writing to {output}");
            run.CheckFolder();
            if (!queue)
                return Results.Json(new { valid = true, name = run.Name, output, input_files = run.InputFiles.Count }, ApiJson);
            var record = _queue.Submit(new RunRecord(id, run.Name, pipelineFile, output, workersWanted, DateTimeOffset.UtcNow, Slurm: slurm));
            return Results.Json(_queue.View(record.Id), ApiJson, statusCode: StatusCodes.Status201Created);
        }
        catch (InvalidOperationException e)
        {
            DeleteRunDir(id);
            return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status409Conflict);
        }
        catch
        {
            DeleteRunDir(id);
            throw;
        }
        finally
        {
            if (scratch != null)
                File.Delete(scratch);
        }
    }

    private void DeleteRunDir(string id)
    {
        if (id.Length > 0 && Directory.Exists(_store.RunDir(id)))
            Directory.Delete(_store.RunDir(id), recursive: true);
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
        string root = RunFolder(r);
        string folder = dir is null or "" or "." ? root : _guard.ResolveInside(root, dir, "dir");
        if (!Directory.Exists(folder))
            return Results.Json(Array.Empty<RunFileEntry>(), ApiJson);
        var files = new List<RunFileEntry>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var f in Directory.EnumerateFiles(folder, "*", options).Order(StringComparer.Ordinal))
        {
            // Links are skipped; a folder swapped for a link while listing is caught here.
            if (!PathGuard.IsInside(PathGuard.RealPath(f), root))
                continue;
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
        string file = _guard.ResolveInside(RunFolder(r), path, "path");
        if (!File.Exists(file))
            return Results.Json(new { error = $"no file {path} in run {id}" }, statusCode: StatusCodes.Status404NotFound);
        string ext = Path.GetExtension(file).ToLowerInvariant();
        if (ext is ".html")
        {
            // Reports only: nothing in them may run script or reach elsewhere.
            return new HeaderResult(Results.File(file, "text/html; charset=utf-8"), "Content-Security-Policy",
                "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'");
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
        string folder = RunFolder(r);
        RunReport.Write(folder, folder);
        return Results.Json(new { report = $"/api/runs/{id}/files/{RunReport.HtmlFile}" }, ApiJson);
    }

    /// <summary>
    /// The run's folder as it is now, links resolved, checked against the roots at each use: a folder replaced by a
    /// link to elsewhere after the run was accepted is refused, not followed.
    /// </summary>
    private string RunFolder(RunRecord r) => _guard.Resolve(r.Output, $"run {r.Id} folder");
}
