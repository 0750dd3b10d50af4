using System.Diagnostics;

namespace YuLanData.Jobs.Tests.Dedup;

/// <summary>
/// The dedup CLI in a real child process, killed with SIGKILL in stage 1 and in stage 2; rerunning into the same
/// folder finally gives stage files and results byte-identical to an uninterrupted run.
/// </summary>
public class DedupKillTests
{
    private static Process StartDedup(IEnumerable<string> inputs, string output) =>
        CliProcess.Start(null, ["dedup", "minhash", "--input", .. inputs, "--output", output, "--workers", "2"]);

    private static int Count(string dir, string pattern) => Directory.Exists(dir) ? Directory.GetFiles(dir, pattern).Length : 0;

    [Fact]
    public void KilledDedupResumesToIdenticalResults()
    {
        using var tmp = new TempDir();
        var docs = DedupCorpus.UniqueBbc().Take(1200).ToList();
        var inputs = new List<string>();
        for (var f = 0; f < 24; f++)
        {
            var part = docs.Skip(f * 50).Take(50).ToList();
            var copies = docs.Skip(((f + 7) % 24) * 50).Take(3).Select(d => ("copy-" + f + "-" + d.Id, DedupCorpus.Edit(d.Text, f)));
            DedupCorpus.Write(tmp[$"in{f:D2}.jsonl"], part.Select(d => (d.Id, d.Text)).Concat(copies));
            inputs.Add(tmp[$"in{f:D2}.jsonl"]);
        }
        using (var fresh = StartDedup(inputs, tmp["fresh"]))
        {
            Assert.True(fresh.WaitForExit(180_000));
            Assert.Equal(0, fresh.ExitCode);
        }

        var stage1 = tmp["killed/signatures/done"];
        var stage2 = tmp["killed/pairs"];
        int Progress() => Count(stage1, "*.json") + Count(stage2, "*.bin");
        int inStage1 = 0, inStage2 = 0;
        foreach (var extra in new[] { 0, 3, 11, 0, 5, 17, 0, 2 })
        {
            var before = Progress();
            using var p = StartDedup(inputs, tmp["killed"]);
            var clock = Stopwatch.StartNew();
            while (!p.HasExited && Progress() <= before && clock.Elapsed < TimeSpan.FromSeconds(60))
                Thread.Sleep(1);
            Thread.Sleep(extra);
            if (p.HasExited)
                break;
            p.Kill();
            p.WaitForExit();
            if (Count(stage1, "*.json") < 24) inStage1++;
            else if (Count(stage2, "*.bin") < 14) inStage2++;
        }
        Assert.True(inStage1 >= 1, $"no kill landed in stage 1 ({inStage1}, {inStage2})");
        using (var final = StartDedup(inputs, tmp["killed"]))
        {
            Assert.True(final.WaitForExit(180_000));
            Assert.Equal(0, final.ExitCode);
        }
        DedupTestRun.AssertSameResults(tmp["fresh"], tmp["killed"], $"after kills and resume (kills in stage 1: {inStage1}, stage 2: {inStage2})");
        Assert.Empty(Directory.GetFiles(tmp["killed"], "*.partial", SearchOption.AllDirectories));
    }
}
