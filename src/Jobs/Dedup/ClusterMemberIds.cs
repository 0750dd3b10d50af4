using System.Collections.Concurrent;
using YuLanData.Filters.Dedup;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Dedup;

/// <summary>The document ids of cluster members, for <c>clusters.jsonl</c>: stage 1 keeps only id hashes, so the
/// tasks holding members are read again (in parallel), keeping the ids at the members' positions.</summary>
internal static class ClusterMemberIds
{
    /// <param name="members">The clustered documents.</param>
    /// <param name="plan">The new corpus's tasks and how to read them.</param>
    /// <param name="reader">Reader options of the new corpus.</param>
    /// <param name="referencePlan">The reference corpus's tasks (cross-dataset mode), or null.</param>
    /// <param name="referenceReader">Reader options of the reference corpus, or null.</param>
    /// <param name="workers">Tasks read at once.</param>
    /// <returns>Id by packed <see cref="DocRef"/>.</returns>
    public static Dictionary<ulong, string> Read(IReadOnlyList<DocRef> members, IReadOnlyList<InputSlice> plan, ReaderOptions reader,
        IReadOnlyList<InputSlice>? referencePlan, ReaderOptions? referenceReader, int workers)
    {
        var result = new ConcurrentDictionary<ulong, string>();
        var groups = members.GroupBy(d => (d.IsReference, d.Task)).ToList();
        Parallel.ForEach(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) }, group =>
        {
            var (isReference, task) = group.Key;
            var positions = group.Select(d => d.Position).ToHashSet();
            var slice = isReference ? referencePlan![task] : plan[task];
            int position = 0;
            foreach (var item in DocumentReader.Read(slice, isReference ? referenceReader! : reader))
            {
                if (item.Document is not { } doc)
                    continue;
                if (positions.Contains(position))
                    result[DocRef.Of(task, position, isReference).Packed] = doc.Id;
                position++;
            }
        });
        foreach (var d in members)
            if (!result.ContainsKey(d.Packed))
                throw new RunFolderException($"document {d} of a cluster is no longer in the inputs: were they changed since stage 1?");
        return new Dictionary<ulong, string>(result);
    }
}
