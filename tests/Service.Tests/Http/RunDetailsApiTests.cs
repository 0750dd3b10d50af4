using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace YuLanData.Service.Tests;

/// <summary>
/// The run page's API over real HTTP against the real service and engine: per-task table and logs, drop reasons
/// with percentages, the paged sample of dropped documents, and what each refuses.
/// </summary>
public class RunDetailsApiTests
{
    /// <summary>A document the length filter drops whose text is markup: pages must show it as text.</summary>
    internal const string HostileText = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"> & </pre>";

    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Adds the hostile document to the sample input (so it lands in the exclusions as too_few_words).</summary>
    internal static void AddHostileDocument(TempRoot root) =>
        File.AppendAllText(root["in/datajuicer_redpajama_pile_samples.jsonl"],
            new JsonObject { ["id"] = "hostile-1", ["text"] = HostileText }.ToJsonString() + "\n");

    internal static async Task<string> SubmitAsync(LiveService svc, string pipeline, int workers = 2)
    {
        var submit = await svc.Client.PostAsync("/api/runs", Json(new { pipeline, workers }));
        Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
        return (await submit.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task FinishedRunShowsEveryTaskWithItsStatsAttemptsAndLog()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/a"], root["in"], splitBytes: 50_000));
        await using var svc = await LiveService.StartAsync(root);
        string id = await SubmitAsync(svc, "p.yaml");
        var view = await svc.WaitAsync(id);
        Assert.Equal("succeeded", view["state"]!.GetValue<string>());
        // A finished run has nothing left: no ETA (it used to say 0 s).
        Assert.Null(view["eta_seconds"]);
        Assert.True(view["finished"]!.GetValue<DateTimeOffset>() >= view["started"]!.GetValue<DateTimeOffset>());
        Assert.True(view["started"]!.GetValue<DateTimeOffset>() >= view["submitted"]!.GetValue<DateTimeOffset>());

        var page = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/tasks"))!;
        int total = JsonNode.Parse(File.ReadAllText(root["out/a/stats.json"]))!["tasks"]!.GetValue<int>();
        Assert.True(total > 1, "the pipeline should split into several tasks");
        Assert.Equal(total, page["tasks_total"]!.GetValue<int>());
        Assert.Equal(1.0, page["progress"]!.GetValue<double>());
        var tasks = page["tasks"]!.AsArray();
        Assert.Equal(total, tasks.Count);
        for (int t = 0; t < total; t++)
        {
            var task = tasks[t]!;
            var stats = JsonNode.Parse(File.ReadAllText(root[$"out/a/stats/{t:D5}.json"]))!;
            Assert.Equal(t, task["task"]!.GetValue<int>());
            Assert.Equal("done", task["state"]!.GetValue<string>());
            Assert.Equal(stats["read"]!.GetValue<long>(), task["read"]!.GetValue<long>());
            Assert.Equal(stats["kept"]!.GetValue<long>(), task["kept"]!.GetValue<long>());
            Assert.Equal(1, task["attempts"]!.GetValue<int>());
            Assert.Equal("local", task["host"]!.GetValue<string>());
            Assert.EndsWith("datajuicer_redpajama_pile_samples.jsonl", task["input"]!.GetValue<string>());
            Assert.StartsWith("bytes ", task["range"]!.GetValue<string>());
            Assert.True(task["seconds"]!.GetValue<double>() >= 0);
            Assert.NotNull(task["started"]);
        }
        Assert.Equal(view["read"]!.GetValue<long>(), tasks.Sum(t => t!["read"]!.GetValue<long>()));

        // Paging: a window of the table.
        var window = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/tasks?offset=1&limit=1"))!["tasks"]!.AsArray();
        Assert.Equal(1, Assert.Single(window)!["task"]!.GetValue<int>());

        var log = await svc.Client.GetAsync($"/api/runs/{id}/tasks/1/log");
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        Assert.StartsWith("text/plain", log.Content.Headers.ContentType!.ToString());
        string text = await log.Content.ReadAsStringAsync();
        Assert.Contains("task 1 (run attempt 1) started", text);
        Assert.Contains($"task 1 (run attempt 1) finished: read {tasks[1]!["read"]}", text);
        Assert.DoesNotContain("task 0 ", text);
    }

    [Fact]
    public async Task DropAnalysisGivesReasonsWithPercentagesThatAddUp()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/a"], root["in"]));
        await using var svc = await LiveService.StartAsync(root);
        string id = await SubmitAsync(svc, "p.yaml");
        Assert.Equal("succeeded", (await svc.WaitAsync(id))["state"]!.GetValue<string>());

        var drops = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/drops"))!;
        var stats = JsonNode.Parse(File.ReadAllText(root["out/a/stats.json"]))!;
        long read = stats["read"]!.GetValue<long>();
        Assert.Equal(read, drops["read"]!.GetValue<long>());
        Assert.True(drops["balanced"]!.GetValue<bool>());
        Assert.True(drops["final"]!.GetValue<bool>());
        Assert.Equal(read, drops["kept"]!.GetValue<long>() + drops["dropped"]!.GetValue<long>() + drops["quarantined"]!.GetValue<long>());
        var stages = drops["stages"]!.AsArray();
        var statStages = stats["stages"]!.AsArray();
        Assert.Equal(statStages.Count, stages.Count);
        for (int i = 0; i < stages.Count; i++)
        {
            var stage = stages[i]!;
            var expected = statStages[i]!["dropped"]!.AsObject();
            long stageIn = statStages[i]!["in"]!.GetValue<long>();
            Assert.Equal(statStages[i]!["stage"]!.GetValue<string>(), stage["stage"]!.GetValue<string>());
            var reasons = stage["reasons"]!.AsArray();
            Assert.Equal(expected.Count, reasons.Count);
            long previous = long.MaxValue;
            foreach (var r in reasons)
            {
                long count = r!["count"]!.GetValue<long>();
                Assert.Equal(expected[r["reason"]!.GetValue<string>()]!.GetValue<long>(), count);
                Assert.True(count <= previous, "reasons are listed largest first");
                previous = count;
                Assert.Equal(Math.Round(100.0 * count / stageIn, 2), r["percent_of_stage"]!.GetValue<double>());
                Assert.Equal(Math.Round(100.0 * count / read, 2), r["percent_of_read"]!.GetValue<double>());
            }
            Assert.Equal(reasons.Sum(r => r!["count"]!.GetValue<long>()), stage["dropped"]!.GetValue<long>());
        }
        Assert.Contains(stages, s => s!["reasons"]!.AsArray().Any(r => r!["reason"]!.GetValue<string>() == "too_few_words" && r["percent_of_stage"]!.GetValue<double>() > 0));
    }

    [Fact]
    public async Task ExcludedDocumentsArePagedPerReasonCutToSizeAndComplete()
    {
        using var root = new TempRoot();
        AddHostileDocument(root);
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/a"], root["in"]));
        await using var svc = await LiveService.StartAsync(root);
        string id = await SubmitAsync(svc, "p.yaml");
        Assert.Equal("succeeded", (await svc.WaitAsync(id))["state"]!.GetValue<string>());
        var drops = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/drops"))!;

        // Paging through every reason of every stage yields exactly the dropped count, each document once.
        var seen = new HashSet<string>();
        bool anyCut = false;
        foreach (var stage in drops["stages"]!.AsArray())
        {
            foreach (var reason in stage!["reasons"]!.AsArray())
            {
                string s = stage["stage"]!.GetValue<string>(), r = reason!["reason"]!.GetValue<string>();
                int got = 0;
                int? offset = 0;
                while (offset is int o)
                {
                    var response = await svc.Client.GetAsync($"/api/runs/{id}/excluded?stage={Uri.EscapeDataString(s)}&reason={Uri.EscapeDataString(r)}&offset={o}&limit=7");
                    Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
                    var page = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                    Assert.True(page["available"]!.GetValue<bool>());
                    var docs = page["documents"]!.AsArray();
                    Assert.True(docs.Count <= 7);
                    foreach (var d in docs)
                    {
                        Assert.Equal(s, d!["stage"]!.GetValue<string>());
                        Assert.Equal(r, d["reason"]!.GetValue<string>());
                        Assert.True(seen.Add(d["id"]!.GetValue<string>()), "a document came twice");
                        string text = d["text"]!.GetValue<string>();
                        int chars = d["text_chars"]!.GetValue<int>();
                        Assert.Equal(chars > 2000, d["truncated"]!.GetValue<bool>());
                        Assert.Equal(Math.Min(chars, 2000), text.Length);
                        anyCut |= chars > 2000;
                    }
                    got += docs.Count;
                    offset = page["next_offset"]?.GetValue<int>();
                }
                Assert.Equal(reason["count"]!.GetValue<long>(), got);
            }
        }
        Assert.Equal(drops["dropped"]!.GetValue<long>(), seen.Count);
        Assert.True(anyCut, "some dropped web page should be longer than 2000 characters");

        // The hostile document comes back as data, byte for byte, in JSON (never as HTML).
        var all = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/excluded?reason=too_few_words&limit=100"))!;
        var hostile = all["documents"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == "hostile-1")!;
        Assert.Equal(HostileText, hostile["text"]!.GetValue<string>());
        Assert.StartsWith("excluded/", hostile["file"]!.GetValue<string>());
        // No exclusions for a reason that does not exist; an empty page, not an error.
        var none = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/excluded?reason=no_such_reason"))!;
        Assert.Empty(none["documents"]!.AsArray());
        Assert.Null(none["next_offset"]);
    }

    [Fact]
    public async Task RunWithoutExclusionsSaysSo()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/a"], root["in"]).Replace("exclusions: true", "exclusions: false"));
        await using var svc = await LiveService.StartAsync(root);
        string id = await SubmitAsync(svc, "p.yaml");
        Assert.Equal("succeeded", (await svc.WaitAsync(id))["state"]!.GetValue<string>());
        var page = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/excluded"))!;
        Assert.False(page["available"]!.GetValue<bool>());
        Assert.Empty(page["documents"]!.AsArray());
    }

    [Fact]
    public async Task TaskAttemptsAndLogsSurviveAStopAndRestart()
    {
        using var root = new TempRoot();
        root.LengthenInput();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/svc"], root["in"], splitBytes: 20_000));
        string id;
        await using (var svc = await LiveService.StartAsync(root))
        {
            id = await SubmitAsync(svc, "p.yaml", workers: 1);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                var live = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/tasks"))!;
                // A queued-but-prepared or running run's table shows the task it is on as running, the rest pending.
                if (live["tasks_done"]!.GetValue<int>() > 0)
                {
                    var states = live["tasks"]!.AsArray().Select(t => t!["state"]!.GetValue<string>()).ToList();
                    Assert.Contains("done", states);
                    Assert.Contains("pending", states);
                    break;
                }
                await Task.Delay(10);
            }
        }
        Assert.False(File.Exists(root["out/svc/stats.json"]), "the stop landed after the run finished");
        await using (var again = await LiveService.StartAsync(root))
        {
            Assert.Equal("succeeded", (await again.WaitAsync(id))["state"]!.GetValue<string>());
            var tasks = (await again.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/tasks"))!["tasks"]!.AsArray();
            Assert.All(tasks, t => Assert.Equal("done", t!["state"]!.GetValue<string>()));
            // Tasks finished before the stop ran in run attempt 1, the rest in attempt 2; the task the stop interrupted
            // (if one was running at that moment) was started twice and its log shows the stop, then the finish.
            Assert.All(tasks, t => Assert.InRange(t!["attempts"]!.GetValue<int>(), 1, 2));
            string last = await again.Client.GetStringAsync($"/api/runs/{id}/tasks/{tasks.Count - 1}/log");
            Assert.Contains($"task {tasks.Count - 1} (run attempt 2) finished", last);
            var twice = tasks.Where(t => t!["attempts"]!.GetValue<int>() == 2).ToList();
            Assert.True(twice.Count <= 1, "only the task running at the stop is started again");
            foreach (var t in twice)
            {
                int task = t!["task"]!.GetValue<int>();
                string log = await again.Client.GetStringAsync($"/api/runs/{id}/tasks/{task}/log");
                Assert.Contains($"task {task} (run attempt 1) stopped (cancelled or service stopping)", log);
                Assert.Contains($"task {task} (run attempt 2) finished", log);
            }
        }
    }

    [Fact]
    public async Task RunningTasksShowLiveAndQueuedRunsShowNoProgressThenCancelledTasksSayStopped()
    {
        using var root = new TempRoot();
        root.LengthenInput();
        File.WriteAllText(root["slow.yaml"], TempRoot.Pipeline(root["out/slow"], root["in"], splitBytes: 4_000, name: "slow"));
        File.WriteAllText(root["next.yaml"], TempRoot.Pipeline(root["out/next"], root["in"], name: "next"));
        await using var svc = await LiveService.StartAsync(root);
        string slow = await SubmitAsync(svc, "slow.yaml", workers: 1);
        string next = await SubmitAsync(svc, "next.yaml");

        // The second run waits: no tasks, no progress, no ETA.
        var queued = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{next}/tasks"))!;
        Assert.Equal("queued", queued["state"]!.GetValue<string>());
        Assert.Null(queued["progress"]);
        Assert.Null(queued["eta_seconds"]);
        Assert.Empty(queued["tasks"]!.AsArray());

        // The slow run's table shows the task it is on as running, with its documents so far, and a progress fraction.
        JsonNode? running = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (running == null && DateTime.UtcNow < deadline)
        {
            var page = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{slow}/tasks"))!;
            running = page["tasks"]!.AsArray().FirstOrDefault(t => t!["state"]!.GetValue<string>() == "running" && t["attempts"]!.GetValue<int>() == 1);
            if (running != null)
            {
                Assert.Equal("running", page["state"]!.GetValue<string>());
                Assert.InRange(page["progress"]!.GetValue<double>(), 0, 1);
                Assert.True(running["read"]!.GetValue<long>() >= 0);
                Assert.NotNull(running["started"]);
                Assert.Null(running["ended"]);
            }
            else
                await Task.Delay(5);
        }
        Assert.True(running != null, "never saw a running task");

        await svc.Client.PostAsync($"/api/runs/{slow}/cancel", null);
        Assert.Equal("cancelled", (await svc.WaitAsync(slow))["state"]!.GetValue<string>());
        var tasks = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{slow}/tasks"))!["tasks"]!.AsArray();
        var states = tasks.Select(t => t!["state"]!.GetValue<string>()).ToList();
        Assert.Contains("pending", states);
        Assert.DoesNotContain("running", states);
        Assert.DoesNotContain("failed", states);
        Assert.All(tasks.Where(t => t!["state"]!.GetValue<string>() == "stopped"), t => Assert.NotNull(t!["ended"]));
        foreach (var t in tasks.Where(t => t!["state"]!.GetValue<string>() == "stopped"))
        {
            int task = t!["task"]!.GetValue<int>();
            Assert.Contains($"task {task} (run attempt 1) stopped (cancelled or service stopping)", await svc.Client.GetStringAsync($"/api/runs/{slow}/tasks/{task}/log"));
        }
        Assert.Equal("succeeded", (await svc.WaitAsync(next))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task NewRoutesRefuseBadInput()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/a"], root["in"]));
        await using var svc = await LiveService.StartAsync(root);
        string id = await SubmitAsync(svc, "p.yaml");
        await svc.WaitAsync(id);

        foreach (var path in new[] { "/runs/r99999", "/api/runs/r99999/tasks", "/api/runs/r99999/tasks/0/log", "/api/runs/r99999/drops", "/api/runs/r99999/excluded" })
            Assert.Equal(HttpStatusCode.NotFound, (await svc.Client.GetAsync(path)).StatusCode);
        foreach (var query in new[] { "offset=-1", "limit=0", "limit=101", "offset=999999999", "limit=abc" })
        {
            var response = await svc.Client.GetAsync($"/api/runs/{id}/excluded?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {response.StatusCode}");
        }
        foreach (var query in new[] { "offset=-1", "limit=0", "limit=1001" })
            Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.GetAsync($"/api/runs/{id}/tasks?{query}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await svc.Client.GetAsync($"/api/runs/{id}/tasks/-1/log")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await svc.Client.GetAsync($"/api/runs/{id}/tasks/100000/log")).StatusCode);
        // A task "number" that is a path goes nowhere (the log's file name is made from the number alone).
        var (status, _) = await RawHttp.SendAsync(svc.Client.BaseAddress!, "GET", $"/api/runs/{id}/tasks/..%2f..%2fstats.json/log");
        Assert.Equal(404, status);
        // Stage and reason are filters, not paths.
        var filtered = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/excluded?stage=..%2F..%2Fetc&reason=%00"))!;
        Assert.Empty(filtered["documents"]!.AsArray());
        // Writes are not routes here.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await svc.Client.PostAsync($"/api/runs/{id}/drops", Json(new { }))).StatusCode);

        // The run page carries no run data in its HTML and allows only its own script.
        var page = await svc.Client.GetAsync($"/runs/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'sha256-", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain(root.Path, await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RunFolderSwappedForALinkOutsideTheRootsIsRefused()
    {
        using var root = new TempRoot();
        using var outside = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/a"], root["in"]));
        await using var svc = await LiveService.StartAsync(root);
        string id = await SubmitAsync(svc, "p.yaml");
        Assert.Equal("succeeded", (await svc.WaitAsync(id))["state"]!.GetValue<string>());
        // Move the finished run outside the roots and leave a link in its place.
        Directory.Move(root["out/a"], outside["moved"]);
        Directory.CreateSymbolicLink(root["out/a"], outside["moved"]);
        foreach (var path in new[] { $"/api/runs/{id}/tasks", $"/api/runs/{id}/tasks/0/log", $"/api/runs/{id}/excluded" })
        {
            var response = await svc.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}");
            Assert.Contains("outside the allowed roots", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task NewRoutesNeedTheTokenBeyondLoopback()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root, url: "http://0.0.0.0:0");
        Assert.NotNull(svc.Service.Token);
        foreach (var path in new[] { "/runs/r00001", "/api/runs/r00001/tasks", "/api/runs/r00001/tasks/0/log", "/api/runs/r00001/drops", "/api/runs/r00001/excluded" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await svc.Client.GetAsync(path)).StatusCode);
    }
}
