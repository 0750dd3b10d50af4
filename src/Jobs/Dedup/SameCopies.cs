using System.Buffers.Binary;
using YuLanData.Filters.Dedup;

namespace YuLanData.Jobs.Dedup;

/// <summary>
/// Exact dedup by content, documents with the same id and the same content as the survivor of their cluster: their
/// drop key equals the survivor's, so the drop list cannot name them. Their keys go to
/// <see cref="DedupFolder.SameCopies"/>, and the filter keeps only the first document of each task with such a key
/// (tasks are fixed by the plan, so this does not depend on the worker count).
/// </summary>
internal static class SameCopies
{
    /// <summary>Writes the sorted keys (an empty file when there are none).</summary>
    public static void Write(DedupFolder folder, string parameters, IEnumerable<UInt128> keys)
    {
        var sorted = keys.ToArray();
        Array.Sort(sorted);
        using var writer = new DedupFileWriter(folder.SameCopies, DedupFileKind.DropList, 16, -1, parameters);
        foreach (var key in sorted)
        {
            BinaryPrimitives.WriteUInt128LittleEndian(writer.Next, key);
            writer.Append();
        }
        writer.Commit();
    }

    /// <summary>Reads the keys, sorted; none when the run predates the file.</summary>
    public static UInt128[] Read(DedupFolder folder, string parameters)
    {
        if (!File.Exists(folder.SameCopies))
            return [];
        using var reader = new DedupFileReader(folder.SameCopies, DedupFileKind.DropList, 16, parameters);
        var keys = new UInt128[reader.Count];
        int i = 0;
        while (reader.TryRead(out var bytes))
        {
            keys[i] = BinaryPrimitives.ReadUInt128LittleEndian(bytes);
            if (i > 0 && keys[i] <= keys[i - 1])
                throw new DedupFormatException(folder.SameCopies, $"keys out of order at record {i}");
            i++;
        }
        return keys;
    }

    /// <summary>
    /// Of the dropped documents whose key is in <paramref name="shared"/>, how many the filter keeps: one per task
    /// other than the survivor's task. <paramref name="droppedWithSharedId"/> receives how many it drops.
    /// </summary>
    /// <param name="dropped">Packed <see cref="DocRef"/>s of the documents chosen for dropping.</param>
    /// <param name="shared">Drop keys shared by a survivor and its copies.</param>
    /// <param name="survivorTask">The task of the survivor of each shared key.</param>
    public static long KeptAcrossTasks(DedupFolder folder, string parameters, HashSet<ulong> dropped, HashSet<UInt128> shared,
        Dictionary<UInt128, int> survivorTask, out long droppedWithSharedId)
    {
        droppedWithSharedId = 0;
        if (shared.Count == 0)
            return 0;
        var tasksOfKey = new Dictionary<UInt128, HashSet<int>>();
        long copies = 0;
        foreach (var group in dropped.GroupBy(p => new DocRef(p).Task).OrderBy(g => g.Key))
        {
            var positions = group.Select(p => new DocRef(p).Position).ToHashSet();
            using var reader = new DedupFileReader(folder.DocsFile(group.Key), DedupFileKind.Docs, DocEntry.Size, parameters, group.Key);
            int position = 0;
            while (reader.TryRead(out var bytes))
            {
                if (positions.Contains(position))
                {
                    var key = DocEntry.Read(bytes).IdHash;
                    if (shared.Contains(key))
                    {
                        copies++;
                        if (!tasksOfKey.TryGetValue(key, out var tasks))
                            tasksOfKey[key] = tasks = [];
                        tasks.Add(group.Key);
                    }
                }
                position++;
            }
        }
        long kept = tasksOfKey.Sum(kv => kv.Value.Count(t => !survivorTask.TryGetValue(kv.Key, out int s) || s != t));
        droppedWithSharedId = copies - kept;
        return kept;
    }
}
