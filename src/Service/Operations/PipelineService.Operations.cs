using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using YuLanData.Service.Launch;
using YuLanData.Service.Operations;
using YuLanData.Service.Runs;

namespace YuLanData.Service.Http;

/// <summary>Operations: <c>/metrics</c>, <c>/openapi.json</c>, the completion webhook and the retention policy.</summary>
public sealed partial class PipelineService
{
    private void MapOperations(WebApplication app)
    {
        app.MapGet("/metrics", () => Results.Text(
            PrometheusText.Write(_queue.List().Select(r => _queue.View(r.Id)).OfType<RunView>().ToArray()), PrometheusText.ContentType));
        app.MapGet("/openapi.json", () => Results.Text(OpenApiDescription.Document(_token != null).ToJsonString(), "application/json; charset=utf-8"));
    }

    /// <summary>A route parameter with its catch-all stars, constraints and default dropped: <c>{**path}</c>, <c>{task:int}</c>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\{\*{0,2}([A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameter();

    /// <summary>Every mapped route as (method, route template with <c>{**x}</c> and <c>{x:int}</c> written <c>{x}</c>), as the OpenAPI description names them.</summary>
    internal IReadOnlyList<(string Method, string Path)> MappedRoutes() =>
        ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => (m, RouteParameter().Replace(e.RoutePattern.RawText ?? "", "{$1}"))))
            .ToArray();

    /// <summary>Hooks the webhook to runs that end, applies the retention policy now and then on a timer; all stop with the host.</summary>
    private void StartOperations(Action<string> log)
    {
        if (_options.WebhookUrl is { } url)
        {
            var webhook = new CompletionWebhook(url, TimeSpan.FromSeconds(_options.WebhookTimeoutSeconds), log);
            _queue.Ended += r => webhook.Send(() => _queue.View(r.Id) is { } v ? RunEndedMessage.From(v) : null);
            _app.Lifetime.ApplicationStopped.Register(webhook.Dispose);
        }
        if (_options.RetentionDays is < 0 || _options.RetentionRuns is < 0)
            throw new ArgumentException("retention: days and runs kept must not be negative");
        var policy = new RetentionPolicy(_options.RetentionDays, _options.RetentionRuns);
        if (!policy.IsActive)
            return;
        ApplyRetention(policy, log);
        var stopping = _app.Lifetime.ApplicationStopping;
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.05, _options.RetentionIntervalSeconds)));
            try
            {
                while (await timer.WaitForNextTickAsync(stopping))
                {
                    try
                    {
                        ApplyRetention(policy, log);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        log($"retention: {e.Message}"); // the timer keeps going
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>Removes the runs the policy lets go; a run whose folder cannot be deleted safely is kept and logged.</summary>
    internal void ApplyRetention(RetentionPolicy policy, Action<string> log)
    {
        var deletion = new RunFolderDeletion(_guard, _queue);
        foreach (var r in policy.Expired(_queue.List(), DateTimeOffset.UtcNow))
        {
            try
            {
                _queue.Remove(r.Id, deletion.Delete);
            }
            catch (Exception e) when (e is Security.PathRejectedException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                log($"retention: {r.Id} kept: {e.Message}");
            }
        }
    }
}
