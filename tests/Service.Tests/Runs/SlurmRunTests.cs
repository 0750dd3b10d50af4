using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Service.Tests;

/// <summary>
/// Service runs on the real one-node Slurm cluster <c>infra/test.sh</c> starts (SLURM_CONF): byte-identical to the
/// local executor, followed through a service restart without a second submission. Without a cluster these tests say
/// why and return; the checks of the request's Slurm options need no cluster.
/// </summary>
public class SlurmRunTests(ITestOutputHelper output)
{
    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static readonly Lazy<string?> Unavailable = new(() =>
    {
        if (Environment.GetEnvironmentVariable("SLURM_CONF") is not { Length: > 0 } conf || !File.Exists(conf))
            return "SLURM_CONF is not set to a config file (infra/test.sh starts a local cluster)";
        try
        {
            var psi = new ProcessStartInfo("sinfo", ["-h", "-o", "%T"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 && (stdout.Contains("idle") || stdout.Contains("mixed") || stdout.Contains("alloc")) ? null : $"sinfo: {stdout}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "sinfo: " + e.Message;
        }
    });

    private bool Skip()
    {
        if (Unavailable.Value is { } reason)
        {
            output.WriteLine("SKIPPED: no Slurm cluster: " + reason);
            return true;
        }
        return false;
    }

    [Fact]
    public async Task SlurmRunIsByteIdenticalToLocalAndIsFollowedThroughARestart()
    {
        if (Skip()) return;
        using var root = new TempRoot();
        File.WriteAllText(root["ref.yaml"], TempRoot.Pipeline(root["out/ref"], root["in"]));
        var reference = new LocalExecutor(PipelineLoader.Load(root["ref.yaml"]), 2);
        var (plan, progress) = reference.Prepare();
        reference.Run(plan, progress);

        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/slurm"], root["in"]));
        string id;
        await using (var svc = await LiveService.StartAsync(root))
        {
            var r = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "p.yaml", executor = "slurm", slurm = new { cpus_per_task = 1, mem = "512M" } }));
            var view = (await r.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.True(r.StatusCode == HttpStatusCode.Created, view.ToJsonString());
            id = view["id"]!.GetValue<string>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(root["out/slurm/slurm/submissions.jsonl"]) && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            Assert.True(File.Exists(root["out/slurm/slurm/submissions.jsonl"]), svc.Log.ToString());
        } // the service stops; the jobs go on on the cluster

        await using (var again = await LiveService.StartAsync(root))
        {
            var done = await again.WaitAsync(id, seconds: 300);
            Assert.True(done["state"]!.GetValue<string>() == "succeeded", done.ToJsonString() + again.Log);
            Assert.Equal(2, done["attempts"]!.GetValue<int>());
            Assert.Equal(JsonNode.Parse(File.ReadAllText(root["out/ref/stats.json"]))!["read"]!.GetValue<long>(), done["read"]!.GetValue<long>());
        }
        Assert.Single(File.ReadAllLines(root["out/slurm/slurm/submissions.jsonl"]), l => l.Length > 0); // followed, not submitted twice
        var expected = TempRoot.OutputBytes(root["out/ref"]);
        var actual = TempRoot.OutputBytes(root["out/slurm"]);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var key in expected.Keys)
            Assert.True(expected[key].AsSpan().SequenceEqual(actual[key]), $"{key} differs between local and Slurm");
        Assert.Equal(File.ReadAllBytes(root["out/ref/stats.json"]), File.ReadAllBytes(root["out/slurm/stats.json"]));
    }

    [Fact]
    public async Task CancellingASlurmRunCancelsItsJobs()
    {
        if (Skip()) return;
        using var root = new TempRoot();
        root.LengthenInput();
        File.WriteAllText(root["slow.yaml"], TempRoot.Pipeline(root["out/slow"], root["in"], splitBytes: 4_000, name: "slow"));
        await using var svc = await LiveService.StartAsync(root);
        var r = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "slow.yaml", executor = "slurm", slurm = new { max_concurrent = 1 } }));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        string id = (await r.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        string submissions = root["out/slow/slurm/submissions.jsonl"];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(submissions) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.True(File.Exists(submissions), svc.Log.ToString());
        var jobs = new SlurmExecutor(new RunFolder(root["out/slow"]), new SlurmOptions()).SubmittedJobs().ToHashSet();
        Assert.NotEmpty(SlurmExecutor.Queue(jobs));

        Assert.Equal(HttpStatusCode.Accepted, (await svc.Client.PostAsync($"/api/runs/{id}/cancel", null)).StatusCode);
        Assert.Equal("cancelled", (await svc.WaitAsync(id))["state"]!.GetValue<string>());
        deadline = DateTime.UtcNow.AddSeconds(60);
        while (SlurmExecutor.Queue(jobs).Count > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.Empty(SlurmExecutor.Queue(jobs));
    }

    [Fact]
    public async Task SlurmOptionsFromARequestAreCheckedBeforeAnythingIsSubmitted()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/p"], root["in"]));
        await using var svc = await LiveService.StartAsync(root);
        object[] hostile =
        [
            new { pipeline = "p.yaml", executor = "slurm", slurm = new { partition = "local\n#SBATCH --wrap=id" } },
            new { pipeline = "p.yaml", executor = "slurm", slurm = new { partition = "--wrap=id" } },
            new { pipeline = "p.yaml", executor = "slurm", slurm = new { mem = "4G --wrap=id" } },
            new { pipeline = "p.yaml", executor = "slurm", slurm = new { time = "1:00 --uid=0" } },
            new { pipeline = "p.yaml", executor = "slurm", slurm = new { cpus_per_task = 0 } },
            new { pipeline = "p.yaml", executor = "ssh" },
            new { pipeline = "p.yaml", slurm = new { partition = "local" } },
        ];
        foreach (var body in hostile)
            foreach (var endpoint in new[] { "/api/validate", "/api/runs" })
            {
                var r = await svc.Client.PostAsync(endpoint, Json(body));
                Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{endpoint} {System.Text.Json.JsonSerializer.Serialize(body)}: {(int)r.StatusCode}");
            }
        Assert.Empty((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);
        Assert.False(Directory.Exists(root["out/p"]));
        var valid = await svc.Client.PostAsync("/api/validate", Json(new { pipeline = "p.yaml", executor = "slurm", slurm = new { partition = "local", mem = "4G", time = "1-02:00:00", max_concurrent = 4 } }));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
    }
}
