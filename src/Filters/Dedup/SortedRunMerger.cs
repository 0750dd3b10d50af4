namespace YuLanData.Filters.Dedup;

/// <summary>
/// External-sort helper for stage 1: merges sorted run files of one task and band (bucket layout) into one
/// sorted bucket file, holding one record and one buffer per run in memory.
/// </summary>
public static class SortedRunMerger
{
    /// <param name="runs">Sorted run files (bucket layout, unit = the task).</param>
    /// <param name="task">The task the runs belong to.</param>
    /// <param name="parameters">The parameter text of the runs.</param>
    /// <param name="output">The bucket file being written.</param>
    public static void Merge(IReadOnlyList<string> runs, int task, string parameters, DedupFileWriter output)
    {
        var readers = new DedupFileReader[runs.Count];
        try
        {
            var queue = new PriorityQueue<int, BucketEntry>(runs.Count);
            for (int i = 0; i < runs.Count; i++)
            {
                readers[i] = new DedupFileReader(runs[i], DedupFileKind.Bucket, BucketEntry.Size, parameters, task);
                if (readers[i].TryRead(out var first))
                    queue.Enqueue(i, BucketEntry.Read(first, false));
            }
            while (queue.TryDequeue(out int source, out var entry))
            {
                entry.Write(output.Next);
                output.Append();
                if (readers[source].TryRead(out var next))
                    queue.Enqueue(source, BucketEntry.Read(next, false));
            }
        }
        finally
        {
            foreach (var r in readers)
                r?.Dispose();
        }
    }
}
