using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace YuLanData.Service.Tests;

/// <summary>Real HTTP requests against the real service on Kestrel: submit, status, events, files, cancel, queueing.</summary>
public class ServiceApiTests
{
    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Fact]
    public async Task SubmittedRunFinishesWithStatsMatchingStatsJsonAndBrowsableFiles()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/a"], root["in"]));
        await using var svc = await LiveService.StartAsync(root);

        var dashboard = await svc.Client.GetStringAsync("/");
        Assert.Contains("EventSource", dashboard);
        Assert.DoesNotContain("http", dashboard.Replace("http-equiv", ""), StringComparison.OrdinalIgnoreCase);

        var submit = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "p.yaml", workers = 2 }));
        Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
        string id = (await submit.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        // The event stream sends progress until the run ends, then an end event.
        using var stream = await svc.Client.GetStreamAsync($"/api/runs/{id}/events");
        using var reader = new StreamReader(stream);
        var events = new List<string>();
        string? line;
        while ((line = await reader.ReadLineAsync()) != null)
        {
            if (line.StartsWith("event: "))
                events.Add(line[7..]);
            if (line == "event: end")
                break;
        }
        Assert.True(events.Count(e => e == "progress") >= 1);
        Assert.Equal("end", events[^1]);

        var view = await svc.WaitAsync(id);
        Assert.Equal("succeeded", view["state"]!.GetValue<string>());
        var stats = JsonNode.Parse(File.ReadAllText(root["out/a/stats.json"]))!;
        Assert.Equal(stats["read"]!.GetValue<long>(), view["read"]!.GetValue<long>());
        Assert.Equal(stats["kept"]!.GetValue<long>(), view["kept"]!.GetValue<long>());
        Assert.Equal(stats["tasks"]!.GetValue<int>(), view["tasks_total"]!.GetValue<int>());
        Assert.Equal(view["tasks_total"]!.GetValue<int>(), view["tasks_done"]!.GetValue<int>());
        var stages = view["stages"]!.AsArray();
        var statStages = stats["stages"]!.AsArray();
        Assert.Equal(statStages.Count, stages.Count);
        for (int i = 0; i < stages.Count; i++)
        {
            Assert.Equal(statStages[i]!["in"]!.GetValue<long>(), stages[i]!["in"]!.GetValue<long>());
            Assert.Equal(statStages[i]!["out"]!.GetValue<long>(), stages[i]!["kept"]!.GetValue<long>());
            Assert.Equal(statStages[i]!["dropped"]!.ToJsonString(), stages[i]!["dropped"]!.ToJsonString());
        }
        Assert.True(stages[0]!["dropped"]!["too_few_words"]!.GetValue<long>() > 0);

        var files = (await svc.Client.GetFromJsonAsync<JsonArray>($"/api/runs/{id}/files"))!.Select(f => f!["path"]!.GetValue<string>()).ToList();
        Assert.Contains("stats.json", files);
        Assert.Contains("output/00000.parquet", files);
        Assert.Contains("report.html", files);
        Assert.Contains("report-funnel.png", files);
        var only = (await svc.Client.GetFromJsonAsync<JsonArray>($"/api/runs/{id}/files?dir=output"))!;
        Assert.All(only, f => Assert.StartsWith("output/", f!["path"]!.GetValue<string>()));
        var downloaded = await svc.Client.GetByteArrayAsync($"/api/runs/{id}/files/output/00000.parquet");
        Assert.Equal(File.ReadAllBytes(root["out/a/output/00000.parquet"]), downloaded);
        var report = await svc.Client.GetAsync($"/api/runs/{id}/files/report.html");
        Assert.Contains("default-src 'none'", report.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await svc.Client.GetAsync($"/api/runs/{id}/files/nope.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await svc.Client.PutAsync($"/api/runs/{id}/files/stats.json", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await svc.Client.GetAsync("/api/runs/r99999")).StatusCode);

        // Every field the dashboard's script reads exists in the real API answers.
        var fileEntry = (await svc.Client.GetFromJsonAsync<JsonArray>($"/api/runs/{id}/files"))![0]!.AsObject();
        foreach (Match m in Regex.Matches(dashboard, @"\b(r|s|f)\.([a-z_]+)"))
        {
            var obj = m.Groups[1].Value switch { "r" => view, "s" => stages[0]!.AsObject(), _ => fileEntry };
            Assert.True(obj.ContainsKey(m.Groups[2].Value), $"dashboard reads {m.Value}, which the API does not send");
        }

        var list = (await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!;
        Assert.Single(list);
        Assert.Equal(HttpStatusCode.Conflict, (await svc.Client.PostAsync($"/api/runs/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task YamlBodyRunsAndRunsQueueBehindTheConcurrencyLimitAndCancel()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root, maxConcurrent: 1);
        // One worker and many tiny tasks: the first run takes long enough to cancel while the second waits.
        string slow = TempRoot.Pipeline(root["out/slow"], root["in"], splitBytes: 4_000, name: "slow");
        var first = await svc.Client.PostAsync("/api/runs?workers=1", new StringContent(slow, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        string id1 = (await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var second = await svc.Client.PostAsync("/api/runs", Json(new { yaml = TempRoot.Pipeline(root["out/second"], root["in"], name: "second") }));
        string id2 = (await second.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.Equal("queued", (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id2}"))!["state"]!.GetValue<string>());
        // Same output folder as an unfinished run: refused.
        var clash = await svc.Client.PostAsync("/api/runs", Json(new { yaml = slow }));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await svc.Client.PostAsync($"/api/runs/{id2}/cancel", null)).StatusCode);
        Assert.Equal("cancelled", (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id2}"))!["state"]!.GetValue<string>());

        // Wait until the first run has finished a task, check its live progress, then cancel it.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonObject live;
        do
        {
            await Task.Delay(20);
            live = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id1}"))!;
        }
        while (live["tasks_done"]!.GetValue<int>() == 0 && DateTime.UtcNow < deadline);
        Assert.Equal("running", live["state"]!.GetValue<string>());
        Assert.True(live["tasks_total"]!.GetValue<int>() > 50, live.ToJsonString());
        Assert.True(live["read"]!.GetValue<long>() > 0);
        Assert.NotNull(live["eta_seconds"]);
        Assert.Equal(HttpStatusCode.Accepted, (await svc.Client.PostAsync($"/api/runs/{id1}/cancel", null)).StatusCode);
        var ended = await svc.WaitAsync(id1);
        Assert.Equal("cancelled", ended["state"]!.GetValue<string>());
        // A cancelled run shows what its finished tasks did: the sum of their stats files.
        int done = Directory.GetFiles(root["out/slow/completed"]).Length;
        Assert.Equal(done, ended["tasks_done"]!.GetValue<int>());
        Assert.True(done < ended["tasks_total"]!.GetValue<int>());
        long readByTasks = Directory.GetFiles(root["out/slow/completed"])
            .Sum(m => JsonNode.Parse(File.ReadAllText(root["out/slow/stats/" + Path.GetFileName(m) + ".json"]))!["read"]!.GetValue<long>());
        Assert.True(readByTasks > 0);
        Assert.Equal(readByTasks, ended["read"]!.GetValue<long>());
        Assert.False(File.Exists(root["out/slow/stats.json"]));
        Assert.False(Directory.Exists(root["out/second"]));
    }

    [Fact]
    public async Task AtMostTheConcurrencyLimitRunsAtOnce()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root, maxConcurrent: 2);
        var ids = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var r = await svc.Client.PostAsync("/api/runs", Json(new { yaml = TempRoot.Pipeline(root[$"out/c{i}"], root["in"], splitBytes: 4_000, name: $"c{i}"), workers = 1 }));
            ids.Add((await r.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        }
        var states = (await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!.Select(v => v!["state"]!.GetValue<string>()).ToList();
        Assert.Equal(["running", "running", "queued"], states);
        foreach (var id in ids)
            await svc.Client.PostAsync($"/api/runs/{id}/cancel", null);
        foreach (var id in ids)
            Assert.Equal("cancelled", (await svc.WaitAsync(id))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadPipelinesAndBodiesAreRefusedWithClearErrors()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root, maxBody: 64 * 1024);
        var bad = await svc.Client.PostAsync("/api/runs", Json(new { yaml = $"name: x\ninput:\n  paths: [\"{root["in"]}/*.jsonl\"]\nstages:\n  - no_such_stage\noutput:\n  path: out/x\n" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        string error = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>();
        Assert.Contains("no_such_stage", error);
        Assert.Contains(":5:", error);

        var big = await svc.Client.PostAsync("/api/runs", new StringContent("name: x\n#" + new string('a', 200_000), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.PostAsync("/api/runs", new StringContent("{not json", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "p.yaml", yaml = "x" }))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "missing.yaml" }))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await svc.Client.PostAsync("/api/runs", new StringContent("x"))).StatusCode);
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/w"], root["in"]));
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "p.yaml", workers = 0 }))).StatusCode);
        Assert.Empty((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);
    }
}
