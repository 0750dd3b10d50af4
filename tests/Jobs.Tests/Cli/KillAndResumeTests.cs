using System.Diagnostics;

namespace YuLanData.Jobs.Tests;

/// <summary>
/// A real child process running the CLI is killed with SIGKILL at several moments; rerunning the same pipeline
/// into the same folder each time finally gives output byte-identical to an uninterrupted run.
/// </summary>
public class KillAndResumeTests
{
    private static Process StartCli(string yaml, string workDir) => CliProcess.Start(workDir, "run", yaml, "--workers", "2");

    [Fact]
    public void KilledRunsResumeToIdenticalOutput()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["in"]);
        RealDocuments.WriteJsonl(dir["in/bbc.jsonl"], RealDocuments.Load("bbc_news_2225.jsonl.gz"));
        RealDocuments.WriteJsonl(dir["in/webtext.jsonl"], RealDocuments.Load("nltk_webtext.jsonl.gz"));
        string stages = "- length_filter: {min_words: 5}\n- sampler: {rate: 0.9}";
        string extras = "exclusions: true\nmax_docs_per_shard: 40";
        string[] inputs = [dir["in/*.jsonl"]];
        var reference = PipelineRunner.Run(PipelineRunner.Yaml(inputs, dir["ref"], stages, "parquet", extras, "split_bytes: 40000"), dir["ref.yaml"]);
        Assert.True(reference.Stats.Tasks > 100, $"want many tasks, got {reference.Stats.Tasks}");

        string yaml = dir["killed.yaml"];
        File.WriteAllText(yaml, PipelineRunner.Yaml(inputs, dir["killed"], stages, "parquet", extras, "split_bytes: 40000"));
        int kills = 0, partialKills = 0;
        int Done() => Directory.Exists(dir["killed/completed"]) ? Directory.GetFiles(dir["killed/completed"]).Length : 0;
        // The first kill lands during start-up; each later one as soon as the run has finished more tasks than
        // before (so it always lands mid-run, however slow the machine), after a varying extra delay.
        int[] extraDelayMs = [0, 0, 7, 23, 41];
        using (var early = StartCli(yaml, dir.Path))
        {
            Thread.Sleep(50);
            early.Kill();
            early.WaitForExit();
        }
        foreach (int extra in extraDelayMs)
        {
            int before = Done();
            using var p = StartCli(yaml, dir.Path);
            var clock = Stopwatch.StartNew();
            while (!p.HasExited && Done() <= before && clock.Elapsed < TimeSpan.FromSeconds(60))
                Thread.Sleep(2);
            Thread.Sleep(extra);
            if (p.HasExited)
                break;
            p.Kill(); // SIGKILL on Linux
            p.WaitForExit();
            kills++;
            int done = Done();
            if (done > before && done < reference.Stats.Tasks)
                partialKills++;
        }
        Assert.True(partialKills >= 1, $"no kill landed mid-run ({kills} kills)");
        using (var final = StartCli(yaml, dir.Path))
        {
            Assert.True(final.WaitForExit(120_000));
            Assert.Equal(0, final.ExitCode);
        }

        var expected = PipelineRunner.OutputBytes(dir["ref"]);
        var actual = PipelineRunner.OutputBytes(dir["killed"]);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var key in expected.Keys)
            Assert.True(expected[key].AsSpan().SequenceEqual(actual[key]), $"{key} differs after kill and resume");
        Assert.False(Directory.Exists(dir["killed/.tmp"]) && Directory.EnumerateFileSystemEntries(dir["killed/.tmp"]).Any(),
            "left in .tmp: " + (Directory.Exists(dir["killed/.tmp"]) ? string.Join(", ", Directory.EnumerateFileSystemEntries(dir["killed/.tmp"], "*", SearchOption.AllDirectories)) : ""));
        Assert.Empty(Directory.GetFiles(dir["killed"], "*.tmp-*", SearchOption.AllDirectories));
        Assert.Equal(File.ReadAllText(dir["ref/stats.json"]).Split('\n').Count(l => l.Contains("\"kept\"")),
            File.ReadAllText(dir["killed/stats.json"]).Split('\n').Count(l => l.Contains("\"kept\"")));
    }
}
