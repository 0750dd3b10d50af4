using System.Diagnostics;
using YuLanData.Jobs.Dedup;

namespace YuLanData.Jobs.Tests.Dedup;

/// <summary>
/// <c>yulandata dedup minhash</c> in a real child process, killed with SIGKILL while its second unit set (the
/// buckets: one unit per band) runs: resuming runs none of the first set again, keeps the bands that finished and
/// gives the bytes of an uninterrupted run.
/// </summary>
public class DedupKillAndResumeTests
{
    [Fact]
    public void Killed_during_the_band_set_it_resumes_only_the_unfinished_bands_with_identical_results()
    {
        using var tmp = new TempDir();
        var docs = DedupCorpus.UniqueBbc().ToList();
        DedupCorpus.Write(tmp["a.jsonl"], docs.Select(d => (d.Id, d.Text)).Concat(docs.Select(d => ("copy-" + d.Id, DedupCorpus.Edit(d.Text, 3)))));
        string[] Args(string output) => ["dedup", "minhash", "--input", tmp["a.jsonl"], "--output", output, "--split-mb", "1", "-w", "1"];
        Assert.Equal(0, RunToEnd(tmp.Path, Args(tmp["fresh"])).ExitCode);

        var folder = new DedupFolder(tmp["killed"]);
        int Bands() => Directory.Exists(folder.PairsDir) ? Directory.GetFiles(folder.PairsDir, "*.bin").Length : 0;
        int Signed() => Directory.Exists(Path.GetDirectoryName(folder.TaskMarker(0))) ? Directory.GetFiles(Path.GetDirectoryName(folder.TaskMarker(0))!).Length : 0;
        int tasks = Directory.GetFiles(Path.GetDirectoryName(new DedupFolder(tmp["fresh"]).TaskMarker(0))!).Length;
        Assert.True(tasks >= 3, $"{tasks} tasks");

        // Run until stage 1 finished and stage 2 wrote a band, then kill; again from there until at least one kill
        // left the band set part-done.
        int midBandKills = 0;
        Dictionary<string, DateTime>? signatures = null;
        for (int attempt = 0; attempt < 8 && midBandKills == 0; attempt++)
        {
            int before = Bands();
            using var p = CliProcess.Start(tmp.Path, Args(tmp["killed"]));
            var clock = Stopwatch.StartNew();
            while (!p.HasExited && (Signed() < tasks || Bands() <= before) && clock.Elapsed < TimeSpan.FromSeconds(120))
                Thread.Sleep(1);
            if (p.HasExited)
                break;
            p.Kill();
            p.WaitForExit();
            int bands = Bands();
            if (bands > before && bands < 14 && !File.Exists(folder.Summary))
                midBandKills++;
            signatures ??= Directory.GetFiles(folder.SignaturesDir, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        }
        Assert.True(midBandKills > 0, "no kill landed while the band set ran");
        int finishedBands = Bands();
        var bandStamps = Directory.GetFiles(folder.PairsDir, "*.bin").ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Thread.Sleep(20);

        var (exit, output) = RunToEnd(tmp.Path, Args(tmp["killed"]));
        Assert.True(exit == 0, output);
        Assert.Contains("(0 tasks run)", output);
        Assert.Contains($"({14 - finishedBands} bands run)", output);
        foreach (var (file, stamp) in bandStamps)
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(file));
        foreach (var (file, stamp) in signatures!)
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(file));
        DedupTestRun.AssertSameResults(tmp["fresh"], tmp["killed"], "after kill -9 in the band set and resume");
        Assert.Equal(File.ReadAllBytes(tmp["fresh/result/summary.json"]), File.ReadAllBytes(tmp["killed/result/summary.json"]));
        Assert.Empty(Directory.GetFiles(tmp["killed"], "*.partial", SearchOption.AllDirectories));
    }

    /// <summary>Runs the CLI in a child process to its end; returns its exit code and standard output.</summary>
    private static (int ExitCode, string Output) RunToEnd(string workDir, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "yulandata.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDir,
        };
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + error.GetAwaiter().GetResult());
    }
}
