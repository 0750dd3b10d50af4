using System.Text.Json.Nodes;

namespace YuLanData.Service.Operations;

/// <summary>
/// The OpenAPI 3.1 description of the service's API, served at <c>/openapi.json</c>. Written by hand rather than
/// generated: the handlers return untyped results, so a generator would describe every answer as empty; a test
/// checks that every mapped route is described here and that nothing described is unmapped.
/// </summary>
public static class OpenApiDescription
{
    /// <summary>One documented operation.</summary>
    /// <param name="Method">HTTP method, upper case.</param>
    /// <param name="Path">Route template with <c>{name}</c> parameters.</param>
    /// <param name="Summary">What it does.</param>
    /// <param name="Responses">Status code and what it means.</param>
    /// <param name="Body">Media types of the request body, or empty for none.</param>
    /// <param name="Query">Query parameters (name, what).</param>
    /// <param name="Answer">Media type of the 2xx answer.</param>
    public sealed record Operation(string Method, string Path, string Summary, (int Status, string What)[] Responses,
        string[]? Body = null, (string Name, string What)[]? Query = null, string Answer = "application/json");

    private static readonly (int, string)[] RunNotFound = [(404, "no such run")];

    /// <summary>Every operation of the API.</summary>
    public static IReadOnlyList<Operation> Operations { get; } =
    [
        new("GET", "/", "The dashboard (HTML).", [(200, "the page")], Answer: "text/html"),
        new("GET", "/launch", "The launch page: YAML editor with server validation; retry, resubmit, delete (HTML).", [(200, "the page")], Answer: "text/html"),
        new("GET", "/api/csrf", "The CSRF token state-changing requests carry in X-CSRF-Token (readable by this origin only).", [(200, "{csrf_token, header}")]),
        new("GET", "/api/runs", "Runs' status: all in submission order, or filtered and paged (newest first); X-Total-Count holds the number of matches.",
            [(200, "array of runs"), (400, "bad state, q, offset or limit")],
            Query: [("state", "queued, running, succeeded, failed or cancelled"), ("q", "text in id, name, pipeline, output or error (at most 200 characters)"),
                ("offset", "matches to skip, newest first"), ("limit", "page size, 1 to 1000")]),
        new("POST", "/api/runs", "Submit a run: {pipeline} or {yaml}, optional output, workers, executor (local or slurm) and slurm {partition, cpus_per_task, mem, time, max_array_size, max_concurrent}; checked as `run` would before it is queued.",
            [(201, "the run"), (400, "bad pipeline or path (file:line:column)"), (409, "the folder is taken"), (413, "body too large"), (415, "not JSON or YAML")],
            ["application/json", "application/yaml"], [("output", "run folder (YAML body)"), ("workers", "tasks in parallel (YAML body)")]),
        new("POST", "/api/validate", "The checks of POST /api/runs without queueing anything.",
            [(200, "{valid, name, output, input_files}"), (400, "bad pipeline or path (file:line:column)"), (409, "the folder is taken"), (413, "body too large"), (415, "not JSON or YAML")],
            ["application/json", "application/yaml"], [("output", "run folder (YAML body)"), ("workers", "tasks in parallel (YAML body)")]),
        new("GET", "/api/runs/{id}", "One run's status: state, times, tasks, counts per stage, docs/s, ETA.", [(200, "the run"), .. RunNotFound]),
        new("DELETE", "/api/runs/{id}", "Delete an ended run's record and its run folder (kept with keep_files=true, or when another run names it).",
            [(200, "{deleted, files_deleted}"), (400, "the run folder now leads elsewhere or is a root"), .. RunNotFound, (409, "the run is queued or running")],
            Query: [("keep_files", "true to keep the run folder")]),
        new("POST", "/api/runs/{id}/cancel", "Cancel a queued or running run.", [(202, "the run"), .. RunNotFound, (409, "not active")]),
        new("POST", "/api/runs/{id}/retry", "Queue a failed or cancelled run again; only its unfinished tasks run.", [(202, "the run"), .. RunNotFound, (409, "not failed or cancelled, or its folder is taken")]),
        new("POST", "/api/runs/{id}/resubmit", "A new run of the same pipeline, through every check of POST /api/runs; optional body {output, workers}.",
            [(201, "the new run"), (400, "bad pipeline or path"), .. RunNotFound, (409, "the folder is taken"), (415, "body not JSON")], ["application/json"]),
        new("GET", "/api/runs/{id}/pipeline", "The YAML the run was submitted with.", [(200, "YAML text"), .. RunNotFound], Answer: "text/plain"),
        new("GET", "/api/runs/{id}/events", "Server-sent events: progress (the run) every interval until it ends, then end.", [(200, "event stream"), .. RunNotFound], Answer: "text/event-stream"),
        new("GET", "/api/events", "Server-sent events: every run's status every interval.", [(200, "event stream")], Answer: "text/event-stream"),
        new("GET", "/api/runs/{id}/files", "Files of the run folder (path, bytes).", [(200, "array of {path, bytes}"), (400, "dir outside the run folder"), .. RunNotFound],
            Query: [("dir", "a folder inside the run folder")]),
        new("GET", "/api/runs/{id}/files/{path}", "Download one file of the run folder.", [(200, "the file"), (400, "outside the run folder"), (404, "no such run or file")], Answer: "application/octet-stream"),
        new("HEAD", "/api/runs/{id}/files/{path}", "Headers of one file of the run folder.", [(200, "the headers"), (404, "no such run or file")], Answer: "application/octet-stream"),
        new("POST", "/api/runs/{id}/report", "(Re)write the report of a succeeded run.", [(200, "{report}"), .. RunNotFound, (409, "not succeeded")]),
        new("GET", "/runs/{id}", "The run page: timeline, progress, drop analysis with dropped documents, per-task table and logs (HTML).", [(200, "the page")], Answer: "text/html"),
        new("GET", "/api/runs/{id}/tasks", "Per task: input part, state, counts, seconds, attempts, start/end, host or Slurm jobs, error; plus progress and ETA.",
            [(200, "{tasks, progress, eta_seconds, ...}"), (400, "bad offset or limit"), .. RunNotFound], Query: [("offset", "first task"), ("limit", "tasks in the page, at most 1000")]),
        new("GET", "/api/runs/{id}/tasks/{task}/log", "One task's log: each start, finish and failure, then the end of its Slurm log.", [(200, "log text"), (404, "no such run or task")], Answer: "text/plain"),
        new("GET", "/api/runs/{id}/drops", "Drop reasons per stage, largest first, with counts and percentages; whether read = kept + dropped + quarantined.", [(200, "drop analysis"), .. RunNotFound]),
        new("GET", "/api/runs/{id}/excluded", "Dropped documents from the run's excluded/ output, paged, texts cut to 2,000 characters.",
            [(200, "{documents, next_offset}"), (400, "bad offset or limit, or the run folder leads outside the roots"), .. RunNotFound],
            Query: [("stage", "only this stage"), ("reason", "only this reason"), ("offset", "documents to skip"), ("limit", "page size, at most 100")]),
        new("GET", "/metrics", "Prometheus text format: runs by state, queue length, docs/s, documents by outcome, drops by stage and reason.", [(200, "metrics")], Answer: PrometheusText.ContentType),
        new("GET", "/openapi.json", "This description.", [(200, "OpenAPI 3.1 document")]),
    ];

    /// <summary>The OpenAPI document as JSON.</summary>
    /// <param name="bearer">Whether the service requires the bearer token (then every operation declares it).</param>
    public static JsonObject Document(bool bearer)
    {
        var paths = new JsonObject();
        foreach (var op in Operations)
        {
            if (paths[op.Path] is not JsonObject item)
                paths[op.Path] = item = new JsonObject();
            var parameters = new JsonArray();
            foreach (var name in PathParameters(op.Path))
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
            foreach (var (name, what) in op.Query ?? [])
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = what, ["schema"] = new JsonObject { ["type"] = "string" } });
            var responses = new JsonObject();
            foreach (var (status, what) in op.Responses)
            {
                var response = new JsonObject { ["description"] = what };
                if (status is >= 200 and < 300 && op.Method != "HEAD")
                    response["content"] = new JsonObject { [op.Answer] = new JsonObject() };
                else if (status >= 400)
                    response["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Error" } } };
                responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
            }
            var operation = new JsonObject { ["summary"] = op.Summary, ["parameters"] = parameters, ["responses"] = responses };
            if (op.Body is { Length: > 0 } types)
            {
                var content = new JsonObject();
                foreach (var t in types)
                    content[t] = new JsonObject();
                operation["requestBody"] = new JsonObject { ["required"] = op.Path != "/api/runs/{id}/resubmit", ["content"] = content };
            }
            if (op.Method != "GET" && op.Method != "HEAD")
                operation["description"] = "Needs the X-CSRF-Token header (GET /api/csrf) unless the bearer token comes in an Authorization header.";
            item[op.Method.ToLowerInvariant()] = operation;
        }
        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "YuLanData pipeline service", ["version"] = "1" },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["Error"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["error"] = new JsonObject { ["type"] = "string" } } },
                },
            },
        };
        if (bearer)
        {
            document["components"]!["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" } };
            document["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() });
        }
        return document;
    }

    private static IEnumerable<string> PathParameters(string path) =>
        path.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s[1..^1]);
}
