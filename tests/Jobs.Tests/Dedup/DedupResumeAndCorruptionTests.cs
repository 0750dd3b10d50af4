using YuLanData.Filters.Dedup;
using YuLanData.Jobs.Dedup;
using YuLanData.Jobs.Execution;

namespace YuLanData.Jobs.Tests.Dedup;

public class DedupResumeAndCorruptionTests
{
    private static readonly DedupSettings MinHash = new() { Mode = DedupMode.MinHash, SplitBytes = 150_000 };

    private sealed class Crash : Exception;

    private static List<string> Corpus(TempDir tmp)
    {
        var docs = DedupCorpus.UniqueBbc().Take(300).ToList();
        DedupCorpus.Write(tmp["a.jsonl"], docs.Select(d => (d.Id, d.Text)).Concat(docs.Take(30).Select(d => ("copy-" + d.Id, DedupCorpus.Edit(d.Text, 7)))));
        return [tmp["a.jsonl"]];
    }

    [Fact]
    public void A_run_killed_in_stage_1_or_2_resumes_reusing_finished_work_with_identical_results()
    {
        using var tmp = new TempDir();
        var inputs = Corpus(tmp);
        var (fresh, freshRunner) = DedupTestRun.Run(MinHash, inputs, tmp["fresh"], workers: 1);
        int tasks = freshRunner.Plan.Count;
        Assert.True(tasks >= 4, $"{tasks} tasks");

        // Crash after the second finished task of stage 1.
        int finished = 0;
        var crashing = new DedupRunner(MinHash, inputs, tmp["resumed"], 1) { UnitFinished = (stage, _) => { if (stage == 1 && ++finished == 2) throw new Crash(); } };
        Assert.ThrowsAny<Exception>(() => crashing.Run());
        var stamps = Enumerable.Range(0, 2).Select(t => File.GetLastWriteTimeUtc(crashing.Folder.BucketFile(0, t))).ToList();
        Thread.Sleep(20);

        // Crash again in stage 2, after 5 bands.
        int bands = 0;
        var again = new DedupRunner(MinHash, inputs, tmp["resumed"], 1) { UnitFinished = (stage, _) => { if (stage == 2 && ++bands == 5) throw new Crash(); } };
        Assert.ThrowsAny<Exception>(() => again.Run());
        Assert.Equal(tasks - 2, again.UnitsRun[0]);
        Assert.Equal(stamps, Enumerable.Range(0, 2).Select(t => File.GetLastWriteTimeUtc(again.Folder.BucketFile(0, t))).ToList());

        var last = new DedupRunner(MinHash, inputs, tmp["resumed"], 2);
        var summary = last.Run();
        Assert.Equal(0, last.UnitsRun[0]);
        Assert.Equal(14 - 5, last.UnitsRun[1]);
        Assert.Equal(fresh.DocumentsToDrop, summary.DocumentsToDrop);
        Assert.True(summary.DocumentsToDrop >= 30);
        DedupTestRun.AssertSameResults(tmp["fresh"], tmp["resumed"], "after resume");
        Assert.Empty(Directory.GetFiles(tmp["resumed"], "*.partial", SearchOption.AllDirectories));

        // A finished run is reused entirely.
        var rerun = new DedupRunner(MinHash, inputs, tmp["resumed"], 2);
        rerun.Run();
        Assert.Equal([0, 0, 0], rerun.UnitsRun);
    }

    [Fact]
    public void Spilling_sorted_runs_in_stage_1_gives_the_same_bytes()
    {
        using var tmp = new TempDir();
        var inputs = Corpus(tmp);
        DedupTestRun.Run(MinHash, inputs, tmp["memory"]);
        var (summary, runner) = DedupTestRun.Run(MinHash with { MaxBufferedEntries = 500 }, inputs, tmp["spill"]);
        Assert.True(summary.DocumentsToDrop >= 30);
        DedupTestRun.AssertSameResults(tmp["memory"], tmp["spill"], "when stage 1 spills");
        Assert.False(Directory.Exists(Path.Combine(runner.Folder.SignaturesDir, ".runs", "00000")));
    }

    [Fact]
    public void Truncated_corrupted_or_foreign_intermediate_files_give_errors_naming_the_file()
    {
        using var tmp = new TempDir();
        var inputs = Corpus(tmp);
        var (_, runner) = DedupTestRun.Run(MinHash, inputs, tmp["d"]);
        var folder = runner.Folder;

        // Truncated pairs file, then stage 3 is redone.
        string pairs = folder.PairsFile(3);
        var original = File.ReadAllBytes(pairs);
        File.WriteAllBytes(pairs, original[..^7]);
        Directory.Delete(folder.ResultDir, true);
        var e = Assert.Throws<DedupFormatException>(() => new DedupRunner(MinHash, inputs, folder.Root, 2).Run());
        Assert.Equal(pairs, e.FilePath);
        Assert.Contains("truncated", e.Message);
        Assert.False(File.Exists(folder.Summary));

        // One flipped bit in a bucket file, found when stage 2 is redone.
        File.WriteAllBytes(pairs, original);
        string bucket = folder.BucketFile(5, 1);
        var bytes = File.ReadAllBytes(bucket);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(bucket, bytes);
        File.Delete(folder.PairsFile(5));
        e = Assert.Throws<DedupFormatException>(() => new DedupRunner(MinHash, inputs, folder.Root, 2).Run());
        Assert.Equal(bucket, e.FilePath);
        Assert.True(e.Message.Contains("checksum") || e.Message.Contains("out of order") || e.Message.Contains("names task"), e.Message);

        // A bucket file from a run with other parameters, copied in by mistake.
        using var other = new TempDir();
        var (_, otherRunner) = DedupTestRun.Run(MinHash with { MinHash = new MinHashParameters { Seed = 7 } }, inputs, other["d"]);
        File.Copy(otherRunner.Folder.BucketFile(5, 1), bucket, overwrite: true);
        e = Assert.Throws<DedupFormatException>(() => new DedupRunner(MinHash, inputs, folder.Root, 2).Run());
        Assert.Contains("seed=7", e.Message);
        Assert.Contains("other parameters", e.Message);

        // The same folder with other parameters is refused before anything is read.
        var f = Assert.Throws<RunFolderException>(() => new DedupRunner(MinHash with { MinHash = new MinHashParameters { NGram = 4 } }, inputs, folder.Root, 2).Run());
        Assert.Contains("signature_parameters", f.Message);
    }

    [Fact]
    public void The_filter_stage_refuses_an_unfinished_or_wrong_mode_folder()
    {
        using var tmp = new TempDir();
        var inputs = Corpus(tmp);
        var runner = new DedupRunner(MinHash, inputs, tmp["d"], 2);
        runner.RunSignatures();
        var e = Assert.Throws<ArgumentException>(() => DropList.Load(tmp["d"], DedupMode.MinHash));
        Assert.Contains("has not finished", e.Message);
        runner.Run();
        Assert.Contains("minhash dedup result", Assert.Throws<ArgumentException>(() => DropList.Load(tmp["d"], DedupMode.Exact)).Message);
        string yaml = PipelineRunner.Yaml(inputs, tmp["run"], stages: $"- minhash_dedup_filter:\n    folder: \"{tmp["nowhere"]}\"");
        Assert.ThrowsAny<Exception>(() => PipelineRunner.Run(yaml, tmp["p.yaml"]));
    }
}
