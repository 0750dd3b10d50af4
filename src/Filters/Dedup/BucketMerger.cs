using System.Buffers.Binary;

namespace YuLanData.Filters.Dedup;

/// <summary>
/// Stage 2 of dedup for one band: a k-way merge of every task's sorted bucket file (memory: one record and one
/// buffer per file). Each run of equal keys becomes pairs (first, other), the first being the run's smallest
/// <see cref="DocRef"/>; runs made only of reference documents give no pairs. Pairs are written in merge order.
/// </summary>
public static class BucketMerger
{
    /// <param name="inputs">The band's files, one per task (new corpus) plus the reference corpus's, if any.</param>
    /// <param name="parameters">The parameter text every file must carry.</param>
    /// <param name="output">Where the pairs go.</param>
    /// <returns>The number of pairs written.</returns>
    public static long Merge(IReadOnlyList<BucketInput> inputs, string parameters, DedupFileWriter output)
    {
        var readers = new DedupFileReader?[inputs.Count];
        var last = new BucketEntry[inputs.Count];
        var read = new long[inputs.Count];
        try
        {
            var queue = new PriorityQueue<int, BucketEntry>(inputs.Count);
            for (int i = 0; i < inputs.Count; i++)
            {
                readers[i] = new DedupFileReader(inputs[i].Path, DedupFileKind.Bucket, BucketEntry.Size, parameters, inputs[i].Task);
                if (Next(i, out var entry))
                    queue.Enqueue(i, entry);
            }
            long pairs = 0;
            bool haveGroup = false;
            BucketEntry first = default;
            while (queue.TryDequeue(out int source, out var entry))
            {
                if (haveGroup && entry.Key == first.Key)
                {
                    if (!first.Doc.IsReference)
                    {
                        new PairEntry(first.Doc, entry.Doc).Write(output.Next);
                        output.Append();
                        pairs++;
                    }
                }
                else
                {
                    first = entry;
                    haveGroup = true;
                }
                if (Next(source, out var next))
                    queue.Enqueue(source, next);
            }
            return pairs;
        }
        finally
        {
            foreach (var r in readers)
                r?.Dispose();
        }

        bool Next(int i, out BucketEntry entry)
        {
            if (!readers[i]!.TryRead(out var bytes))
            {
                entry = default;
                return false;
            }
            entry = BucketEntry.Read(bytes, inputs[i].Reference);
            if (entry.Doc.Task != inputs[i].Task)
                throw new DedupFormatException(inputs[i].Path, $"record {read[i]} names task {entry.Doc.Task}, the file is task {inputs[i].Task}");
            if (read[i] > 0 && entry.CompareTo(last[i]) < 0)
                throw new DedupFormatException(inputs[i].Path, $"records out of order at record {read[i]} (the file is not sorted)");
            last[i] = entry;
            read[i]++;
            return true;
        }
    }
}
