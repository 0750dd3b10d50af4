using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using YuLanData.Service.Analysis;
using YuLanData.Service.Runs;
using YuLanData.Service.Security;

namespace YuLanData.Service.Http;

/// <summary>
/// The run page and what it shows: <c>GET /runs/{id}</c> (the page), <c>/api/runs/{id}/tasks</c> (per-task table),
/// <c>/api/runs/{id}/tasks/{task}/log</c>, <c>/api/runs/{id}/drops</c> (drop reasons with percentages) and
/// <c>/api/runs/{id}/excluded</c> (dropped documents, paged). All read-only; the service's middleware (host
/// allow-list, token, cross-site checks, headers) runs before each.
/// </summary>
internal static class RunDetailsRoutes
{
    /// <summary>Adds the routes.</summary>
    /// <param name="app">The service's application.</param>
    /// <param name="queue">The runs.</param>
    /// <param name="guard">Confines every file read to the roots and the run folder.</param>
    public static void Map(WebApplication app, RunQueue queue, PathGuard guard)
    {
        // The run folder as it is now, links resolved and checked against the roots at each request.
        string Folder(RunRecord r) => guard.Resolve(r.Output, $"run {r.Id} folder");

        app.MapGet("/runs/{id}", (string id) => queue.Get(id) is null ? NotFound(id)
            : EmbeddedPage.Run.Result());

        app.MapGet("/api/runs/{id}/tasks", (string id, int? offset, int? limit) =>
        {
            if (queue.Get(id) is not { } r)
                return NotFound(id);
            int first = offset ?? 0, count = limit ?? RunTasks.MaxPage;
            if (first < 0 || count is < 1 or > RunTasks.MaxPage)
                return BadRequest($"offset must be at least 0 and limit between 1 and {RunTasks.MaxPage}");
            var view = queue.View(id)!;
            var (total, tasks) = RunTasks.Page(Folder(r), queue.Journal(id).Read(), queue.RunningTasks(id), first, count);
            double? progress = view.TasksTotal > 0 ? (double)view.TasksDone / view.TasksTotal : null;
            return Results.Json(new
            {
                id,
                state = view.State,
                tasks_total = total,
                tasks_done = view.TasksDone,
                progress,
                eta_seconds = view.EtaSeconds,
                offset = first,
                limit = count,
                tasks,
            }, PipelineService.ApiJson);
        });

        app.MapGet("/api/runs/{id}/tasks/{task:int}/log", (string id, int task) =>
        {
            if (queue.Get(id) is not { } r)
                return NotFound(id);
            string folder = Folder(r);
            int total = RunTasks.Page(folder, [], null, 0, 0).Total;
            if (task < 0 || task >= total)
                return Results.Json(new { error = $"run {id} has no task {task} ({total} tasks)" }, statusCode: StatusCodes.Status404NotFound);
            // The log's name is made from the task number, never from request text; it is still checked to stay inside the run folder.
            string? slurmLog = guard.ResolveInside(folder, "slurm/logs/task-" + task.ToString(CultureInfo.InvariantCulture) + ".out", "log");
            return Results.Text(RunTasks.Log(task, queue.Journal(id).Read(), slurmLog), "text/plain; charset=utf-8");
        });

        app.MapGet("/api/runs/{id}/drops", (string id) =>
            queue.View(id) is { } view ? Results.Json(DropAnalysis.Of(view), PipelineService.ApiJson) : NotFound(id));

        app.MapGet("/api/runs/{id}/excluded", (string id, string? stage, string? reason, int? offset, int? limit) =>
        {
            if (queue.Get(id) is not { } r)
                return NotFound(id);
            try
            {
                return Results.Json(ExcludedSample.Read(Folder(r), Blank(stage), Blank(reason), offset ?? 0, limit ?? 20), PipelineService.ApiJson);
            }
            catch (ArgumentException e)
            {
                return BadRequest(e.Message);
            }
        });
    }

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static IResult NotFound(string id) => Results.Json(new { error = $"no run {id}" }, statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);
}
