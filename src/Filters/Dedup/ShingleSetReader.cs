using System.Runtime.InteropServices;

namespace YuLanData.Filters.Dedup;

/// <summary>Reads a task's <see cref="DedupFileKind.ShingleSets"/> file document by document, keeping the sets of
/// the documents asked for and skipping the others (the whole file is read, so its checksums are always checked).</summary>
public static class ShingleSetReader
{
    /// <summary>The fingerprint sets and cleanliness scores of the documents at <paramref name="positions"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="task">The task it must belong to.</param>
    /// <param name="parameters">The parameter text it must have been written with.</param>
    /// <param name="positions">Positions (0-based document indexes in the task) to keep.</param>
    /// <param name="keep">Called with each kept position, its stored fingerprints, whether they are the whole set
    /// (not a bottom-k sketch) and its cleanliness.</param>
    public static void Read(string path, int task, string parameters, IReadOnlySet<int> positions, Action<int, uint[], bool, float> keep)
    {
        using var reader = new DedupFileReader(path, DedupFileKind.ShingleSets, sizeof(uint), parameters, task);
        Span<uint> head = stackalloc uint[3];
        uint[] scratch = new uint[4096];
        int position = 0;
        while (reader.Left > 0)
        {
            if (reader.Left < head.Length)
                throw new DedupFormatException(path, $"document {position}: entry cut short");
            reader.ReadRecords(MemoryMarshal.AsBytes(head));
            uint count = head[0];
            if (count > reader.Left)
                throw new DedupFormatException(path, $"document {position}: {count} fingerprints announced, {reader.Left} words left in the file");
            if (head[1] < count)
                throw new DedupFormatException(path, $"document {position}: {count} fingerprints stored of {head[1]} distinct");
            bool whole = head[1] == count;
            float cleanliness = BitConverter.UInt32BitsToSingle(head[2]);
            if (positions.Contains(position))
            {
                var set = new uint[count];
                reader.ReadRecords(MemoryMarshal.AsBytes(set.AsSpan()));
                for (int i = 1; i < set.Length; i++)
                    if (set[i] <= set[i - 1])
                        throw new DedupFormatException(path, $"document {position}: fingerprints not sorted and distinct");
                keep(position, set, whole, cleanliness);
            }
            else
            {
                if (scratch.Length < count)
                    scratch = new uint[Math.Max(count, (uint)scratch.Length * 2)];
                reader.ReadRecords(MemoryMarshal.AsBytes(scratch.AsSpan(0, (int)count)));
            }
            position++;
        }
    }
}
