using System.Diagnostics;
using YuLanData.Service.Engine;
using YuLanData.Service.Reports;

namespace YuLanData.Service.Runs;

/// <summary>
/// Runs submitted pipelines in submission order, at most <c>maxConcurrent</c> at once. Every change of state is
/// saved in the <see cref="RunStore"/> before it takes effect, so after a crash or restart the queued and running
/// runs start again, and the engine's completion markers make them resume where they stopped.
/// </summary>
public sealed partial class RunQueue : IDisposable
{
    private readonly RunStore _store;
    private readonly int _maxConcurrent;
    private readonly Action<string> _log;
    private readonly Action<PipelineRun> _check;
    private readonly Func<string, string?>? _paths;
    private readonly object _gate = new();
    private readonly SortedDictionary<string, RunRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunView> _endedViews = new(StringComparer.Ordinal);
    private bool _stopping;

    /// <param name="store">Where run records are kept.</param>
    /// <param name="maxConcurrent">Runs executing at once (at least 1).</param>
    /// <param name="log">Receives one line per change of state.</param>
    /// <param name="check">Checks a loaded pipeline again before each attempt (paths still inside the roots); throws to fail the run.</param>
    /// <param name="paths">Passed to the engine at each load: says why a path the pipeline names may not be used (see <see cref="PipelineRun.Load"/>).</param>
    public RunQueue(RunStore store, int maxConcurrent, Action<string>? log = null, Action<PipelineRun>? check = null, Func<string, string?>? paths = null)
    {
        _paths = paths;
        _check = check ?? (_ => { });
        _store = store;
        _maxConcurrent = Math.Max(1, maxConcurrent);
        _log = log ?? (_ => { });
        foreach (var r in store.LoadAll())
            _records[r.Id] = r.State == RunState.Running ? r with { State = RunState.Queued } : r;
        int resumed = _records.Values.Count(r => r.State == RunState.Queued);
        if (resumed > 0)
            _log($"{resumed} unfinished run(s) queued again");
    }

    /// <summary>Starts queued runs (those left from before a restart too).</summary>
    public void Start()
    {
        lock (_gate)
            Pump();
    }

    /// <summary>Queues a validated run.</summary>
    /// <exception cref="InvalidOperationException">An unfinished run already writes to the same folder.</exception>
    public RunRecord Submit(RunRecord record)
    {
        lock (_gate)
        {
            if (_records.Values.FirstOrDefault(r => r.IsActive && r.Output == record.Output) is { } clash)
                throw new InvalidOperationException($"run {clash.Id} is already writing to {record.Output}");
            _store.Save(record);
            _records[record.Id] = record;
            _log($"{record.Id} queued: {record.Name} -> {record.Output}");
            Pump();
            return _records[record.Id];
        }
    }

    /// <summary>The unfinished run writing to <paramref name="output"/>, or null.</summary>
    public RunRecord? WriterOf(string output)
    {
        lock (_gate)
            return _records.Values.FirstOrDefault(r => r.IsActive && r.Output == output);
    }

    public IReadOnlyList<RunRecord> List()
    {
        lock (_gate)
            return _records.Values.ToArray();
    }

    public RunRecord? Get(string id)
    {
        lock (_gate)
            return _records.GetValueOrDefault(id);
    }

    /// <summary>Cancels a queued run at once, or stops a running one after its running tasks finish. False when the run is not active.</summary>
    public bool Cancel(string id)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(id, out var r) || !r.IsActive)
                return false;
            if (_active.TryGetValue(id, out var active))
            {
                active.Cancel.Cancel();
                return true;
            }
            Update(r with { State = RunState.Cancelled, Finished = DateTimeOffset.UtcNow });
            return true;
        }
    }

    /// <summary>The tasks of a running run that are running now, with the documents each has read; null when the run is not running here.</summary>
    public IReadOnlyDictionary<int, long>? RunningTasks(string id)
    {
        lock (_gate)
            return _active.GetValueOrDefault(id)?.Run?.RunningTasks();
    }

    /// <summary>The run's task journal (per-task starts, finishes and stops).</summary>
    public TaskJournal Journal(string id) => TaskJournal.For(_store, id);

    /// <summary>The run's status with live numbers, or null for an unknown id.</summary>
    public RunView? View(string id)
    {
        RunRecord? record;
        ActiveRun? active;
        lock (_gate)
        {
            record = _records.GetValueOrDefault(id);
            active = record == null ? null : _active.GetValueOrDefault(id);
        }
        if (record == null)
            return null;
        if (active?.Run is { } live)
            return LiveView(record, live, active.Earlier, active.Clock.Elapsed.TotalSeconds);
        if (record.IsActive)
            return StoredView(record);
        lock (_gate)
        {
            // An ended run's record and files no longer change: read them once.
            if (_endedViews.TryGetValue(id, out var cached) && cached.State == record.State)
                return cached;
        }
        var view = StoredView(record);
        lock (_gate)
            _endedViews[id] = view;
        return view;
    }

    /// <param name="earlier">Numbers of the tasks finished by earlier attempts, or null.</param>
    private static RunView LiveView(RunRecord r, PipelineRun run, RunStats? earlier, double elapsed)
    {
        var now = run.Snapshot();
        var s = earlier == null ? now : RunStats.Merge(earlier, now);
        int doneNow = run.DoneTasks, remaining = run.TotalTasks - run.SkippedTasks - doneNow;
        double? eta = doneNow > 0 ? elapsed / doneNow * remaining : null;
        return View(r, s, run.TotalTasks, run.SkippedTasks + doneNow, elapsed, elapsed > 0 ? now.Read / elapsed : null, eta);
    }

    /// <summary>
    /// A run without live numbers: a finished run's stats.json, or the merged stats of the tasks an unfinished one
    /// completed. Throughput is given only when one attempt did all the work.
    /// </summary>
    private static RunView StoredView(RunRecord r)
    {
        RunStats? stats = null;
        try
        {
            stats = r.State == RunState.Succeeded ? RunStats.ReadFolder(r.Output) : RunStats.ReadCompletedTasks(r.Output);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
        }
        double elapsed = r.Started is { } s ? ((r.Finished ?? DateTimeOffset.UtcNow) - s).TotalSeconds : 0;
        int total = r.State == RunState.Succeeded ? stats?.Tasks ?? 0 : TaskCount(r.Output);
        int done = r.State == RunState.Succeeded ? total : CountMarkers(r.Output);
        double? rate = r.State == RunState.Succeeded && r.Attempts == 1 && elapsed > 0 && stats != null ? stats.Read / elapsed : null;
        return View(r, stats, total, done, elapsed, rate, null); // nothing is left of an ended run, and a queued one has no pace yet
    }

    private static int TaskCount(string runFolder)
    {
        try
        {
            string path = Path.Combine(runFolder, "run.json");
            return File.Exists(path) ? System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))?["tasks"]?.GetValue<int>() ?? 0 : 0;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return 0;
        }
    }

    private static int CountMarkers(string runFolder)
    {
        string dir = Path.Combine(runFolder, "completed");
        return Directory.Exists(dir) ? Directory.EnumerateFiles(dir).Count() : 0;
    }

    private static RunView View(RunRecord r, RunStats? s, int total, int done, double elapsed, double? rate, double? eta) =>
        new(r.Id, r.Name, r.State, r.Pipeline, r.Output, r.Workers, r.Submitted, r.Started, r.Finished, r.Error, r.Attempts,
            total, done, s?.Read ?? 0, s?.Kept ?? 0, s?.Dropped ?? 0, s?.Quarantined ?? 0, elapsed, rate, eta,
            s?.Stages.Select(StageView.From).ToArray() ?? [], r.ReportError);

    /// <summary>Starts queued runs while there is room; called with the lock held.</summary>
    private void Pump()
    {
        if (_stopping)
            return;
        foreach (var r in _records.Values.Where(r => r.State == RunState.Queued).ToArray())
        {
            if (_active.Count >= _maxConcurrent)
                return;
            var started = Update(r with { State = RunState.Running, Started = DateTimeOffset.UtcNow, Attempts = r.Attempts + 1, Error = null });
            var active = new ActiveRun();
            _active[r.Id] = active;
            active.Task = Task.Factory.StartNew(() => Execute(started, active), TaskCreationOptions.LongRunning);
        }
    }

    private void Execute(RunRecord record, ActiveRun active)
    {
        _log($"{record.Id} running (attempt {record.Attempts})");
        RunRecord final;
        try
        {
            var run = PipelineRun.Load(record.Pipeline, record.Output, record.Workers, _paths);
            _check(run);
            if (record.Slurm != null)
                SlurmRun.Follow(record, run, active.Cancel.Token, () => _stopping, _log);
            else
            {
                run.Prepare();
                run.ObserveTasks(TaskJournal.For(_store, record.Id), record.Attempts);
                active.Earlier = run.SkippedTasks > 0 ? RunStats.ReadCompletedTasks(record.Output) : null;
                active.Run = run;
                run.Run(active.Cancel.Token);
            }
            final = record with { State = RunState.Succeeded, Finished = DateTimeOffset.UtcNow };
            try
            {
                RunReport.Write(record.Output, record.Output);
            }
            catch (Exception e)
            {
                final = final with { ReportError = e.Message };
            }
        }
        catch (OperationCanceledException) when (active.Cancel.IsCancellationRequested)
        {
            final = record with { State = RunState.Cancelled, Finished = DateTimeOffset.UtcNow };
        }
        catch (Exception e)
        {
            var inner = e is AggregateException { InnerExceptions.Count: >= 1 } a ? a.InnerExceptions[0] : e;
            final = record with { State = RunState.Failed, Finished = DateTimeOffset.UtcNow, Error = inner.Message };
        }
        lock (_gate)
        {
            _active.Remove(record.Id);
            // A run stopped by a service shutdown stays "running" on disk, so the next start resumes it.
            if (_stopping && final.State == RunState.Cancelled)
                return;
            Update(final);
            Pump();
        }
        _log($"{record.Id} {final.State.ToString().ToLowerInvariant()}{(final.Error != null ? ": " + final.Error : "")}");
    }

    private RunRecord Update(RunRecord record)
    {
        bool ended = _records.TryGetValue(record.Id, out var before) && before.IsActive && !record.IsActive;
        _store.Save(record);
        _records[record.Id] = record;
        if (ended)
            Ended?.Invoke(record);
        return record;
    }

    /// <summary>Stops starting runs, asks running ones to stop after their current tasks, and waits for them.</summary>
    public void Dispose()
    {
        Task[] running;
        lock (_gate)
        {
            _stopping = true;
            foreach (var a in _active.Values)
                a.Cancel.Cancel();
            running = _active.Values.Select(a => a.Task).Where(t => t != null).ToArray()!;
        }
        Task.WaitAll(running, TimeSpan.FromSeconds(30));
    }

    private sealed class ActiveRun
    {
        public CancellationTokenSource Cancel { get; } = new();

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public volatile PipelineRun? Run;

        /// <summary>Numbers of tasks finished by earlier attempts (set before <see cref="Run"/>).</summary>
        public RunStats? Earlier;

        public Task? Task;
    }
}
