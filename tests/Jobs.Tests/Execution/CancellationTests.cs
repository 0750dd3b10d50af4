using System.IO.Compression;
using System.Text;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Tests;

/// <summary>Cancelling a local run stops a running task at once, leaves nothing half-written, and a rerun resumes.</summary>
public class CancellationTests
{
    [Fact]
    public void CancelStopsARunningTaskAndTheRerunEqualsAnUninterruptedRun()
    {
        using var dir = new TempDir();
        // One gzip file is one task (gzip is not split): ~200,000 records keep it busy for a while.
        const int records = 200_000;
        using (var gz = new GZipStream(File.Create(dir["in.jsonl.gz"]), CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz, new UTF8Encoding(false)))
            for (var i = 0; i < records; i++)
                w.Write($"{{\"id\":\"d{i}\",\"text\":\"document {i} {new string('x', i % 50)}\"}}\n");
        const string stages = "- length_filter:\n    min_chars: 20\n";
        PipelineRunner.Run(PipelineRunner.Yaml([dir["in.jsonl.gz"]], dir["reference"], stages), dir["reference.yaml"]);

        File.WriteAllText(dir["p.yaml"], PipelineRunner.Yaml([dir["in.jsonl.gz"]], dir["out"], stages));
        var executor = new LocalExecutor(PipelineLoader.Load(dir["p.yaml"]), workers: 2);
        var (plan, progress) = executor.Prepare();
        Assert.Single(plan);
        using var cancel = new CancellationTokenSource();
        var run = Task.Run(() => executor.Run(plan, progress, cancel.Token));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (progress.Snapshot().Read < 1000 && !run.IsCompleted && DateTime.UtcNow < deadline)
            Thread.Sleep(1);
        cancel.Cancel();
        Assert.True(progress.Snapshot().Read < records, $"the task read all {records} records before the cancel");
        var thrown = Assert.ThrowsAny<OperationCanceledException>(() => run.GetAwaiter().GetResult());
        Assert.IsNotType<AggregateException>(thrown);
        Assert.Equal(0, progress.DoneTasks);
        Assert.Equal(0, progress.Snapshot().Read); // the stopped task's partial numbers are not the run's
        Assert.True(!Directory.Exists(executor.Folder.OutputDir) || Directory.GetFiles(executor.Folder.OutputDir, "*", SearchOption.AllDirectories).Length == 0);
        Assert.False(executor.Folder.IsComplete(0));
        Assert.False(Directory.Exists(Path.Combine(dir["out"], ".tmp", "task-00000")));

        var resumed = new LocalExecutor(PipelineLoader.Load(dir["p.yaml"]), workers: 2);
        var (plan2, progress2) = resumed.Prepare();
        var stats = resumed.Run(plan2, progress2);
        Assert.Equal(records, stats.Read);
        Assert.Equal(PipelineRunner.OutputBytes(dir["reference"]), PipelineRunner.OutputBytes(dir["out"]));
        Assert.Equal(File.ReadAllText(Path.Combine(dir["reference"], "stats.json")), File.ReadAllText(Path.Combine(dir["out"], "stats.json")));
    }
}
