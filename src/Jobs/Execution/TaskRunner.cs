using System.Diagnostics;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Pipelines;
using YuLanData.Jobs.Stages;

namespace YuLanData.Jobs.Execution;

/// <summary>
/// Runs one task: reads its slice, passes each document through the stages in order, writes kept documents,
/// exclusions and quarantine records into the task's temporary folder, then moves them into place and writes
/// the stats and the completion marker last. A task interrupted at any point leaves no marker and is redone
/// from scratch, producing the same bytes.
/// </summary>
internal sealed class TaskRunner
{
    private readonly PipelineConfig _config;
    private readonly RunFolder _folder;
    private readonly IReadOnlyList<Func<IPipelineStage>> _stageFactories;

    public TaskRunner(PipelineConfig config, RunFolder folder, IReadOnlyList<Func<IPipelineStage>> stageFactories)
    {
        _config = config;
        _folder = folder;
        _stageFactories = stageFactories;
    }

    /// <summary>Runs task <paramref name="index"/> over <paramref name="slice"/>; <paramref name="stats"/> is updated live for progress display.</summary>
    /// <param name="index">Task number.</param>
    /// <param name="slice">The task's input.</param>
    /// <param name="stats">Counters, updated as documents pass.</param>
    /// <param name="cancel">Checked before every document: a cancelled task stops at once, leaves nothing in place and is redone by a resume.</param>
    public void Run(int index, InputSlice slice, TaskStats stats, CancellationToken cancel = default)
    {
        var started = Stopwatch.GetTimestamp();
        string temp = _folder.TaskTemp(index);
        if (Directory.Exists(temp))
            Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);

        var stages = _stageFactories.Select(f => f()).ToArray();
        foreach (var stage in stages.OfType<ITaskAwareStage>())
            stage.BeginTask(index, slice);
        stats.Task = index;
        stats.Stages = _config.Stages.Select(s => new StageStats { Stage = s.Label }).ToList();
        var output = new ShardedDocumentOutput(Path.Combine(temp, "output"), index, _config.Output);
        ExclusionWriter? excluded = null;
        StreamWriter? quarantine = null;
        string excludedName = ExclusionWriter.FileName(index, _config.Output.Format), quarantineName = $"{index:D5}.jsonl";
        var cancelled = false;
        try
        {
            bool sawAny = false;
            foreach (var item in DocumentReader.Read(slice, _config.Reader with { SpillDirectory = temp, ReportReaderCounts = true }))
            {
                sawAny = true;
                if (cancel.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }
                if (item.Counter is { } counter)
                {
                    var counts = stats.ReaderCounts ??= new(StringComparer.Ordinal);
                    counts[counter] = counts.GetValueOrDefault(counter) + item.CounterAmount;
                    continue;
                }
                if (item.Quarantine is { } q)
                {
                    if (q.IsFileLevel)
                        Increment(stats.FileErrors, q.Kind);
                    else
                    {
                        stats.Read++;
                        stats.ReadBytes += item.Bytes;
                        Increment(stats.ReadQuarantined, q.Kind);
                    }
                    WriteQuarantine(ref quarantine, Path.Combine(temp, quarantineName), q);
                    continue;
                }
                var doc = item.Document!;
                stats.Read++;
                stats.ReadBytes += item.Bytes;
                if (RunStages(doc, stages, stats, temp, excludedName, ref excluded, ref quarantine, quarantineName))
                {
                    output.Write(doc);
                    stats.Kept++;
                    stats.KeptChars += doc.Text.Length;
                }
            }
            if (!sawAny && !cancelled && slice.IsWholeFile)
            {
                // A file of blank lines yields nothing at all; it is reported like an empty file, never skipped silently.
                Increment(stats.FileErrors, "empty_file");
                WriteQuarantine(ref quarantine, Path.Combine(temp, quarantineName),
                    new QuarantineRecord(new RecordLocation(slice.Path), "file holds no records (only blank lines)", "empty_file", IsFileLevel: true));
            }
        }
        catch
        {
            // The task failed: its files are discarded, and closing them must not replace the error being thrown.
            output.Abort();
            excluded?.Abort();
            try { quarantine?.Dispose(); } catch (IOException) { }
            throw;
        }
        output.Dispose();
        excluded?.Dispose();
        quarantine?.Dispose();
        if (cancelled)
        {
            Directory.Delete(temp, recursive: true);
            cancel.ThrowIfCancellationRequested();
        }
        for (int i = 0; i < stages.Length; i++)
            if (stages[i] is IReportsCounters counting)
                StageStats.AddCounts(stats.Stages[i].Counters, counting.Counters);
        stats.Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (!stats.Balanced)
            throw new AccountingException($"task {index} ({slice.Path}): {stats.Balance}");

        foreach (var file in output.Files)
            AtomicFile.MoveInto(Path.Combine(temp, "output", file), Path.Combine(_folder.OutputDir, file));
        if (excluded != null)
            AtomicFile.MoveInto(Path.Combine(temp, excludedName), Path.Combine(_folder.ExcludedDir, excludedName));
        if (quarantine != null)
            AtomicFile.MoveInto(Path.Combine(temp, quarantineName), Path.Combine(_folder.QuarantineDir, quarantineName));
        StatsFiles.WriteTask(_folder, index, stats);
        AtomicFile.WriteAllText(_folder.CompletionMarker(index), $"{slice.Path}\n");
        Directory.Delete(temp, recursive: true);
    }

    /// <summary>Passes a document through every stage; true when it survives all of them.</summary>
    private bool RunStages(Document doc, IPipelineStage[] stages, TaskStats stats, string temp, string excludedName,
        ref ExclusionWriter? excluded, ref StreamWriter? quarantine, string quarantineName)
    {
        for (int i = 0; i < stages.Length; i++)
        {
            var s = stats.Stages[i];
            s.In++;
            s.CharsIn += doc.Text.Length;
            long t0 = Stopwatch.GetTimestamp();
            Filters.FilterOutcome outcome;
            try
            {
                outcome = stages[i].Process(doc);
            }
            catch (Exception e) when (e is not OutOfMemoryException and not StageSetupException)
            {
                s.Seconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                s.Quarantined++;
                WriteQuarantine(ref quarantine, Path.Combine(temp, quarantineName),
                    new QuarantineRecord(new RecordLocation(doc.Source), $"document {doc.Id}: {e.GetType().Name}: {e.Message}", "stage_error",
                        Stage: s.Stage, Excerpt: doc.Text[..Math.Min(200, doc.Text.Length)]));
                return false;
            }
            s.Seconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            if (!outcome.Keep)
            {
                string reason = outcome.Reason ?? "dropped";
                Increment(s.Dropped, reason);
                if (_config.Output.WriteExclusions)
                {
                    excluded ??= new ExclusionWriter(Path.Combine(temp, excludedName), _config.Output);
                    excluded.Write(doc, s.Stage, reason);
                }
                return false;
            }
            s.Out++;
            s.CharsOut += doc.Text.Length;
        }
        return true;
    }

    private static void WriteQuarantine(ref StreamWriter? writer, string path, QuarantineRecord q)
    {
        writer ??= new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        writer.WriteLine(QuarantineJson.Serialize(q));
    }

    private static void Increment(SortedDictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}

/// <summary>The accounting invariant does not hold: a bug lost or invented documents.</summary>
public sealed class AccountingException(string message) : Exception("accounting mismatch: " + message);
