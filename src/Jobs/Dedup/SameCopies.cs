using System.Buffers.Binary;
using YuLanData.Filters.Dedup;

namespace YuLanData.Jobs.Dedup;

/// <summary>
/// Exact dedup by content, documents with the same id and the same content as the survivor of their cluster: their
/// drop key equals the survivor's, so the drop list cannot name them. Their keys go to
/// <see cref="DedupFolder.SameCopies"/> with the task of the survivor: the filter keeps the first document with such
/// a key in that task and drops every other (tasks are fixed by the plan, so this does not depend on the worker
/// count; the filter checks that its run has the same plan).
/// </summary>
internal static class SameCopies
{
    private const int RecordSize = 20;

    /// <summary>Writes the keys, sorted, each with its survivor's task (an empty file when there are none).</summary>
    public static void Write(DedupFolder folder, string parameters, IEnumerable<UInt128> keys, Dictionary<UInt128, int> survivorTask)
    {
        var sorted = keys.ToArray();
        Array.Sort(sorted);
        using var writer = new DedupFileWriter(folder.SameCopies, DedupFileKind.DropList, RecordSize, -1, parameters);
        foreach (var key in sorted)
        {
            BinaryPrimitives.WriteUInt128LittleEndian(writer.Next, key);
            BinaryPrimitives.WriteInt32LittleEndian(writer.Next[16..], survivorTask[key]);
            writer.Append();
        }
        writer.Commit();
    }

    /// <summary>Reads the keys (sorted) and their survivors' tasks; none when the run predates the file.</summary>
    public static (UInt128[] Keys, int[] SurvivorTasks) Read(DedupFolder folder, string parameters)
    {
        if (!File.Exists(folder.SameCopies))
            return ([], []);
        using var reader = new DedupFileReader(folder.SameCopies, DedupFileKind.DropList, RecordSize, parameters);
        var keys = new UInt128[reader.Count];
        var tasks = new int[reader.Count];
        int i = 0;
        while (reader.TryRead(out var bytes))
        {
            keys[i] = BinaryPrimitives.ReadUInt128LittleEndian(bytes);
            tasks[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]);
            if (i > 0 && keys[i] <= keys[i - 1])
                throw new DedupFormatException(folder.SameCopies, $"keys out of order at record {i}");
            i++;
        }
        return (keys, tasks);
    }

    /// <summary>How many of the dropped documents have a key in <paramref name="shared"/> (the same id and content
    /// as their survivor): all of them are dropped; the count is a warning about duplicate ids.</summary>
    /// <param name="dropped">Packed <see cref="DocRef"/>s of the documents chosen for dropping.</param>
    /// <param name="shared">Drop keys shared by a survivor and its copies.</param>
    public static long CountCopies(DedupFolder folder, string parameters, HashSet<ulong> dropped, HashSet<UInt128> shared)
    {
        if (shared.Count == 0)
            return 0;
        long copies = 0;
        foreach (var group in dropped.GroupBy(p => new DocRef(p).Task).OrderBy(g => g.Key))
        {
            var positions = group.Select(p => new DocRef(p).Position).ToHashSet();
            using var reader = new DedupFileReader(folder.DocsFile(group.Key), DedupFileKind.Docs, DocEntry.Size, parameters, group.Key);
            int position = 0;
            while (reader.TryRead(out var bytes))
            {
                if (positions.Contains(position) && shared.Contains(DocEntry.Read(bytes).IdHash))
                    copies++;
                position++;
            }
        }
        return copies;
    }
}
