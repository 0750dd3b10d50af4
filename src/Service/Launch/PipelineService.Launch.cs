using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using YuLanData.Service.Launch;
using YuLanData.Service.Runs;
using YuLanData.Service.Security;

namespace YuLanData.Service.Http;

/// <summary>Launch routes: a run's pipeline text, resubmit, retry of failed tasks, delete.</summary>
public sealed partial class PipelineService
{
    private void MapLaunch(WebApplication app)
    {
        app.MapGet("/launch", () => EmbeddedPage.Launch.Result());
        app.MapGet("/api/runs/{id}/pipeline", (string id) => PipelineText(id));
        app.MapPost("/api/runs/{id}/retry", (string id) => Retry(id));
        app.MapPost("/api/runs/{id}/resubmit", (Func<string, HttpContext, Task<IResult>>)Resubmit);
        app.MapDelete("/api/runs/{id}", (string id, bool? keep_files) => Delete(id, keep_files == true));
    }

    /// <summary>The YAML a run was submitted with (a submitted body, or its pipeline file re-checked against the roots).</summary>
    private IResult PipelineText(string id)
    {
        if (_queue.Get(id) is not { } r)
            return NotFound(id);
        string file = r.Pipeline == _store.SubmittedPipeline(id) ? r.Pipeline : _guard.Resolve(r.Pipeline, $"run {id} pipeline");
        if (!File.Exists(file))
            return Results.Json(new { error = $"run {id}: its pipeline file is gone" }, statusCode: StatusCodes.Status404NotFound);
        return Results.Text(File.ReadAllText(file), "text/plain; charset=utf-8");
    }

    /// <summary><c>POST /api/runs/{id}/retry</c>: a failed or cancelled run is queued again; finished tasks are not run again.</summary>
    private IResult Retry(string id)
    {
        try
        {
            return _queue.Retry(id) is { } r ? Results.Json(_queue.View(r.Id), ApiJson, statusCode: StatusCodes.Status202Accepted) : NotFound(id);
        }
        catch (InvalidOperationException e)
        {
            return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status409Conflict);
        }
    }

    /// <summary>
    /// <c>POST /api/runs/{id}/resubmit</c>: a new run of the same pipeline (the same file, read again, or a copy of the
    /// submitted YAML) through every check of <c>POST /api/runs</c>; an optional JSON body replaces
    /// <c>output</c> and <c>workers</c>.
    /// </summary>
    private async Task<IResult> Resubmit(string id, HttpContext ctx)
    {
        if (_queue.Get(id) is not { } r)
            return NotFound(id);
        ResubmitRequest? changes = null;
        if (ctx.Request.ContentLength > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
        {
            if (!RequestMediaType.IsJson(ctx.Request.ContentType))
                return Results.Json(new { error = "send application/json ({\"output\", \"workers\"}) or no body" }, statusCode: StatusCodes.Status415UnsupportedMediaType);
            changes = await JsonSerializer.DeserializeAsync<ResubmitRequest>(ctx.Request.Body, ApiJson, ctx.RequestAborted);
        }
        bool submittedBody = r.Pipeline == _store.SubmittedPipeline(id);
        if (submittedBody && !File.Exists(r.Pipeline))
            return Results.Json(new { error = $"run {id}: its pipeline file is gone" }, statusCode: StatusCodes.Status404NotFound);
        var request = new SubmitRequest(
            submittedBody ? null : r.Pipeline,
            submittedBody ? await File.ReadAllTextAsync(r.Pipeline, ctx.RequestAborted) : null,
            changes?.Output ?? r.Output,
            changes?.Workers ?? r.Workers,
            r.Slurm == null ? null : "slurm",
            r.Slurm == null ? null : SlurmRequest.From(r.Slurm));
        return await Admit(request, queue: true);
    }

    /// <summary><c>DELETE /api/runs/{id}</c>: an ended run's record and, unless <c>?keep_files=true</c>, its run folder.</summary>
    private IResult Delete(string id, bool keepFiles)
    {
        try
        {
            var deletion = new RunFolderDeletion(_guard, _queue);
            return _queue.Remove(id, r => { if (!keepFiles) deletion.Delete(r); })
                ? Results.Json(new { deleted = id, files_deleted = !keepFiles }, ApiJson)
                : NotFound(id);
        }
        catch (InvalidOperationException e)
        {
            return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status409Conflict);
        }
    }
}
