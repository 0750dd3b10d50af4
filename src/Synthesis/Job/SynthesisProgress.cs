using System.Diagnostics;
using System.Globalization;

namespace YuLanData.Synthesis.Job;

/// <summary>
/// Progress lines of a synthesis run: after each part, and at most every <see cref="Interval"/> while a part generates:
/// input records done of the total (when known; a record cut into several seeds counts once), generated tokens per
/// second and the estimated time left. Rates count only work done in this process, so parts skipped on resume do not
/// make the estimate optimistic.
/// </summary>
internal sealed class SynthesisProgress
{
    /// <summary>Least time between two lines printed while a part generates.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly TextWriter _log;
    private readonly long? _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _lock = new();
    private long _done;          // input records of finished parts (generated or skipped)
    private long _generatedRecords;
    private long _tokens;        // tokens generated in this process by finished parts
    private TimeSpan _lastLine;

    /// <param name="log">Where lines go.</param>
    /// <param name="total">Seed records in the run, or null when unknown.</param>
    public SynthesisProgress(TextWriter log, long? total)
    {
        _log = log;
        _total = total;
    }

    /// <summary>A part found complete from an earlier run.</summary>
    /// <param name="recordsRead">Input records read so far, this part's included.</param>
    public void PartSkipped(long recordsRead) => _done = recordsRead;

    /// <summary>Called as a part's requests finish (from any thread).</summary>
    public void Generating(string part, int requestsDone, int requests, long tokens)
    {
        lock (_lock)
        {
            var now = _clock.Elapsed;
            if (now - _lastLine < Interval) return;
            _lastLine = now;
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"synthesize: {part}: {requestsDone}/{requests} requests, {Rate(_tokens + tokens, now)} tokens/s; {Seeds()} seed records done"));
        }
    }

    /// <summary>A part was generated and written.</summary>
    /// <param name="part">Its name.</param>
    /// <param name="stats">Its counts.</param>
    /// <param name="recordsRead">Input records read so far, this part's included.</param>
    public void PartDone(string part, SynthesisStats stats, long recordsRead)
    {
        lock (_lock)
        {
            _generatedRecords += recordsRead - _done;
            _done = recordsRead;
            _tokens += stats.CompletionTokens;
            var now = _clock.Elapsed;
            _lastLine = now;
            var eta = _total is { } t && _generatedRecords > 0 && t >= _done
                ? ", ETA " + Format(TimeSpan.FromSeconds(now.TotalSeconds / _generatedRecords * (t - _done)))
                : "";
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"synthesize: {part}: {stats.SeedsRead} seeds, {stats.SeedsAccepted} accepted, {stats.SamplesAccepted}/{stats.Samples} samples kept, " +
                $"{stats.CompletionTokens} tokens; {Seeds()} seed records done, {Rate(_tokens, now)} tokens/s{eta} ({now.TotalSeconds:F1} s so far)"));
        }
    }

    private string Seeds() => _total is { } t ? string.Create(CultureInfo.InvariantCulture, $"{_done}/{t}") : _done.ToString(CultureInfo.InvariantCulture);

    private static string Rate(long tokens, TimeSpan elapsed) =>
        (elapsed.TotalSeconds > 0 ? tokens / elapsed.TotalSeconds : 0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Format(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");
}
