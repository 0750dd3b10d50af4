using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Service.Http;
using YuLanData.Service.Launch;
using YuLanData.Service.Runs;

namespace YuLanData.Service.Tests;

/// <summary>The retention policy: which runs expire, at start and on the timer, never a running run, never through a link.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class RetentionTests
{
    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static ServiceOptions Options(TempRoot root, double? days = null, int? runs = null, double interval = 3600) => new()
    {
        Urls = ["http://127.0.0.1:0"],
        Roots = [root.Path],
        DefaultWorkers = 2,
        EventIntervalSeconds = 0.1,
        RetentionDays = days,
        RetentionRuns = runs,
        RetentionIntervalSeconds = interval,
    };

    private static async Task<string> Run(LiveService svc, TempRoot root, string name)
    {
        var r = await svc.Client.PostAsync("/api/runs", Json(new { yaml = TempRoot.Pipeline(root["out/" + name], root["in"], name: name) }));
        string id = (await r.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.Equal("succeeded", (await svc.WaitAsync(id))["state"]!.GetValue<string>());
        return id;
    }

    [Fact]
    public void ExpiredRunsAreTheOldAndTheSurplusButNeverActiveOnes()
    {
        var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        RunRecord Ended(int n, double daysAgo) => new($"r{n:D5}", "p", "p.yaml", "/o" + n, 1, now.AddDays(-daysAgo - 1), RunState.Succeeded, Finished: now.AddDays(-daysAgo));
        RunRecord[] runs =
        [
            Ended(1, 30), Ended(2, 10),
            new("r00003", "p", "p.yaml", "/o3", 1, now.AddDays(-40), RunState.Running),
            new("r00004", "p", "p.yaml", "/o4", 1, now.AddDays(-40), RunState.Queued),
            Ended(5, 2) with { State = RunState.Failed }, Ended(6, 1) with { State = RunState.Cancelled },
        ];
        Assert.Equal(["r00001"], new RetentionPolicy(7 * 2, null).Expired(runs, now).Select(r => r.Id));
        Assert.Equal(["r00001", "r00002"], new RetentionPolicy(null, 2).Expired(runs, now).Select(r => r.Id));
        Assert.Equal(["r00001", "r00002", "r00005", "r00006"], new RetentionPolicy(0, null).Expired(runs, now).Select(r => r.Id));
        Assert.Equal(["r00001", "r00002", "r00005"], new RetentionPolicy(1.5, 3).Expired(runs, now).Select(r => r.Id));
        Assert.Empty(new RetentionPolicy(null, null).Expired(runs, now));
    }

    [Fact]
    public async Task AtStartOldRunsGoButALinkedFolderIsNeverFollowed()
    {
        using var root = new TempRoot();
        string outside = Path.Combine(Path.GetTempPath(), "yulandata-outside-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "run.json"), "{}");
        try
        {
            string a, b, c;
            await using (var svc = await LiveService.StartAsync(Options(root)))
            {
                a = await Run(svc, root, "a");
                b = await Run(svc, root, "b");
                c = await Run(svc, root, "c");
            }
            // Run a's folder is swapped for a link to a folder outside the roots while the service is down.
            Directory.Move(root["out/a"], root["a-moved"]);
            Directory.CreateSymbolicLink(root["out/a"], outside);

            await using (var svc = await LiveService.StartAsync(Options(root, runs: 1)))
            {
                var ids = (await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!.Select(r => r!["id"]!.GetValue<string>()).ToArray();
                Assert.Equal([a, c], ids); // a is kept: its folder now leads elsewhere
                Assert.Contains($"retention: {a} kept", svc.Log.ToString());
            }
            Assert.True(File.Exists(Path.Combine(outside, "run.json")));
            Assert.True(Directory.Exists(root["a-moved/output"]));
            Assert.False(Directory.Exists(root["out/b"]));
            Assert.False(Directory.Exists(root[$".yulandata-service/runs/{b}"]));
            Assert.True(File.Exists(root["out/c/stats.json"]));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task TheTimerRemovesEndedRunsButNeverARunningOne()
    {
        using var root = new TempRoot();
        root.LengthenInput();
        File.WriteAllText(root["slow.yaml"], TempRoot.Pipeline(root["out/slow"], root["in"], splitBytes: 4_000, name: "slow"));
        await using var svc = await LiveService.StartAsync(Options(root, days: 0, interval: 0.05));
        var r = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "slow.yaml", workers = 1 }));
        string id = (await r.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!["tasks_done"]!.GetValue<int>() == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        // Several timer ticks pass while it runs: it stays.
        await Task.Delay(250);
        var view = await svc.Client.GetAsync($"/api/runs/{id}");
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal("running", (await view.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        Assert.True(Directory.Exists(root["out/slow/completed"]));

        await svc.Client.PostAsync($"/api/runs/{id}/cancel", null);
        deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await svc.Client.GetAsync($"/api/runs/{id}")).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, "the ended run was not removed by the timer");
            await Task.Delay(20);
        }
        Assert.False(Directory.Exists(root["out/slow"]));
        Assert.True(File.Exists(root["in/datajuicer_redpajama_pile_samples.jsonl"]));
    }
}
