using System.IO.Compression;
using System.Text;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Tests;

/// <summary>A host told of each task's start, finish and stop (the service's per-task table and logs rest on this).</summary>
public class TaskObserverTests
{
    [Fact]
    public void EveryTaskIsReportedStartedThenFinishedWithItsOwnStats()
    {
        using var dir = new TempDir();
        for (int f = 0; f < 3; f++)
            File.WriteAllLines(dir[$"in{f}.jsonl"], Enumerable.Range(0, 20 + f).Select(i => $"{{\"id\":\"f{f}-{i}\",\"text\":\"document {i} of file {f} with some words\"}}"));
        File.WriteAllText(dir["p.yaml"], PipelineRunner.Yaml([dir["in0.jsonl"], dir["in1.jsonl"], dir["in2.jsonl"]], dir["out"], "- length_filter:\n    min_chars: 1\n"));
        var executor = new LocalExecutor(PipelineLoader.Load(dir["p.yaml"]), workers: 2);
        var (plan, progress) = executor.Prepare();
        var events = new List<TaskEvent>();
        progress.TaskObserver = e =>
        {
            lock (events)
                events.Add(e);
        };
        executor.Run(plan, progress);
        Assert.Equal(plan.Count * 2, events.Count);
        for (int t = 0; t < plan.Count; t++)
        {
            var mine = events.Where(e => e.Task == t).ToList();
            Assert.Equal([TaskPhase.Started, TaskPhase.Finished], mine.Select(e => e.Phase));
            Assert.Equal(File.ReadAllLines(plan[t].Path).Length, mine[1].Stats!.Read);
        }
    }

    [Fact]
    public void ACancelledTaskIsReportedStoppedWithTheCancellation()
    {
        using var dir = new TempDir();
        using (var gz = new GZipStream(File.Create(dir["in.jsonl.gz"]), CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz, new UTF8Encoding(false)))
            for (var i = 0; i < 200_000; i++)
                w.Write($"{{\"id\":\"d{i}\",\"text\":\"document {i} {new string('x', i % 50)}\"}}\n");
        File.WriteAllText(dir["p.yaml"], PipelineRunner.Yaml([dir["in.jsonl.gz"]], dir["out"], "- length_filter:\n    min_chars: 20\n"));
        var executor = new LocalExecutor(PipelineLoader.Load(dir["p.yaml"]), workers: 1);
        var (plan, progress) = executor.Prepare();
        var events = new List<TaskEvent>();
        progress.TaskObserver = e =>
        {
            lock (events)
                events.Add(e);
        };
        using var cancel = new CancellationTokenSource();
        var run = Task.Run(() => executor.Run(plan, progress, cancel.Token));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (progress.RunningTasks().GetValueOrDefault(0) < 1000 && !run.IsCompleted && DateTime.UtcNow < deadline)
            Thread.Sleep(1);
        Assert.Equal(0, Assert.Single(progress.RunningTasks()).Key);
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => run.GetAwaiter().GetResult());
        Assert.Equal([TaskPhase.Started, TaskPhase.Stopped], events.Select(e => e.Phase));
        Assert.IsAssignableFrom<OperationCanceledException>(events[1].Error);
        Assert.Empty(progress.RunningTasks());
    }
}
