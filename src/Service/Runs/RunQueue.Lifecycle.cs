namespace YuLanData.Service.Runs;

/// <summary>What happens to runs after they end: retried, removed, announced.</summary>
public sealed partial class RunQueue
{
    /// <summary>
    /// Raised once when a run ends (succeeded, failed or cancelled), with the lock of the queue held: handlers must
    /// return at once (hand slow work to another task). A run stopped by a service shutdown does not end.
    /// </summary>
    public event Action<RunRecord>? Ended;

    /// <summary>
    /// Queues a failed or cancelled run again under the same id and folder: the engine's completion markers make the
    /// next attempt run only the tasks that did not finish (the failed ones and those never started).
    /// </summary>
    /// <param name="id">The run to retry.</param>
    /// <returns>The queued record, or null when there is no such run.</returns>
    /// <exception cref="InvalidOperationException">The run did not fail and was not cancelled, or another unfinished run writes to its folder.</exception>
    public RunRecord? Retry(string id)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(id, out var r))
                return null;
            if (r.State is not (RunState.Failed or RunState.Cancelled))
                throw new InvalidOperationException($"run {id} is {r.State.ToString().ToLowerInvariant()}; only failed or cancelled runs are retried");
            if (_records.Values.FirstOrDefault(o => o.IsActive && o.Output == r.Output) is { } clash)
                throw new InvalidOperationException($"run {clash.Id} is already writing to {r.Output}");
            _endedViews.Remove(id);
            var queued = Update(r with { State = RunState.Queued, Finished = null, Error = null, ReportError = null });
            _log($"{id} queued again (retry)");
            Pump();
            return _records[queued.Id];
        }
    }

    /// <summary>
    /// Forgets an ended run: <paramref name="deleteFiles"/> runs first (with the lock held, so the run cannot be
    /// retried meanwhile), then the record and its state folder go.
    /// </summary>
    /// <param name="id">The run to remove.</param>
    /// <param name="deleteFiles">Deletes what belongs to the run outside the state folder; throws to keep the run.</param>
    /// <returns>False when there is no such run.</returns>
    /// <exception cref="InvalidOperationException">The run is queued or running.</exception>
    public bool Remove(string id, Action<RunRecord> deleteFiles)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(id, out var r))
                return false;
            if (r.IsActive)
                throw new InvalidOperationException($"run {id} is {r.State.ToString().ToLowerInvariant()}; cancel it before deleting");
            deleteFiles(r);
            _store.Delete(id);
            _records.Remove(id);
            _endedViews.Remove(id);
            _log($"{id} deleted");
            return true;
        }
    }

    /// <summary>Whether any run other than <paramref name="id"/> (active or not) names the folder <paramref name="output"/>.</summary>
    public bool SharesFolder(string id, string output)
    {
        lock (_gate)
            return _records.Values.Any(r => r.Id != id && r.Output == output);
    }
}
