using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Service.Tests;

/// <summary>A graceful stop leaves running runs to resume at the next start; a run that cannot proceed fails with its reason.</summary>
public class StopAndFailTests
{
    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Fact]
    public async Task StoppedServiceResumesRunningRunAtNextStart()
    {
        using var root = new TempRoot();
        root.LengthenInput(); // the stop must land mid-run even on a fast, idle machine
        File.WriteAllText(root["ref.yaml"], TempRoot.Pipeline(root["out/ref"], root["in"], splitBytes: 20_000));
        var reference = new LocalExecutor(PipelineLoader.Load(root["ref.yaml"]), 2);
        var (plan, progress) = reference.Prepare();
        reference.Run(plan, progress);

        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/svc"], root["in"], splitBytes: 20_000));
        string id;
        await using (var svc = await LiveService.StartAsync(root))
        {
            var r = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "p.yaml", workers = 1 }));
            id = (await r.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!["tasks_done"]!.GetValue<int>() == 0 && DateTime.UtcNow < deadline)
                await Task.Delay(10);
        }
        var saved = JsonNode.Parse(File.ReadAllText(root[$".yulandata-service/runs/{id}/run.json"]))!;
        Assert.Equal("running", saved["state"]!.GetValue<string>());
        Assert.False(File.Exists(root["out/svc/stats.json"]), "the stop landed after the run finished");

        await using (var again = await LiveService.StartAsync(root))
        {
            var view = await again.WaitAsync(id);
            Assert.Equal("succeeded", view["state"]!.GetValue<string>());
            Assert.Equal(2, view["attempts"]!.GetValue<int>());
        }
        var expected = TempRoot.OutputBytes(root["out/ref"]);
        var actual = TempRoot.OutputBytes(root["out/svc"]);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var key in expected.Keys)
            Assert.True(expected[key].AsSpan().SequenceEqual(actual[key]), $"{key} differs after stop and restart");
    }

    [Fact]
    public async Task RunIntoAFolderOfAnotherPipelineIsRefusedAtSubmission()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["a.yaml"], TempRoot.Pipeline(root["out/shared"], root["in"], name: "a"));
        File.WriteAllText(root["b.yaml"], TempRoot.Pipeline(root["out/shared"], root["in"], splitBytes: 50_000, name: "b"));
        await using var svc = await LiveService.StartAsync(root);
        var a = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "a.yaml" }));
        Assert.Equal("succeeded", (await svc.WaitAsync((await a.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>()))["state"]!.GetValue<string>());
        var b = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "b.yaml" }));
        Assert.Equal(HttpStatusCode.Conflict, b.StatusCode);
        Assert.Contains("different pipeline", (await b.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
        Assert.Single((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);
    }

    [Fact]
    public async Task RunWhoseFolderIsTakenAfterSubmissionFailsWithTheReason()
    {
        using var root = new TempRoot();
        root.LengthenInput();
        File.WriteAllText(root["slow.yaml"], TempRoot.Pipeline(root["out/slow"], root["in"], splitBytes: 4_000, name: "slow"));
        File.WriteAllText(root["a.yaml"], TempRoot.Pipeline(root["out/shared"], root["in"], name: "a"));
        File.WriteAllText(root["b.yaml"], TempRoot.Pipeline(root["out/shared"], root["in"], splitBytes: 50_000, name: "b"));
        await using var svc = await LiveService.StartAsync(root);
        // b waits behind a slow run; meanwhile a run of another pipeline (the CLI) takes its folder.
        var slow = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "slow.yaml", workers = 1 }));
        var b = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "b.yaml" }));
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        var other = new LocalExecutor(PipelineLoader.Load(root["a.yaml"]), 2);
        var (plan, progress) = other.Prepare();
        other.Run(plan, progress);
        await svc.Client.PostAsync($"/api/runs/{(await slow.Content.ReadFromJsonAsync<JsonObject>())!["id"]}/cancel", null);
        var failed = await svc.WaitAsync((await b.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        Assert.Equal("failed", failed["state"]!.GetValue<string>());
        Assert.Contains("different pipeline", failed["error"]!.GetValue<string>());
    }
}
