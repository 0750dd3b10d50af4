using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Integrity;

/// <summary>What reading one damaged file gave, judged against the file's source documents.</summary>
/// <param name="Kept">Documents read.</param>
/// <param name="Garbled">Documents read that differ from the source record with their id (or have no such record, or repeat one).</param>
/// <param name="Reports">Quarantine entries.</param>
/// <param name="GoodLost">Documents of units the damage did not touch that were not read.</param>
/// <param name="Intact">True when every source document was read unchanged.</param>
/// <param name="Entries">The quarantine entries, for failure messages.</param>
public sealed record FaultOutcome(int Kept, int Garbled, int Reports, int GoodLost, bool Intact, IReadOnlyList<QuarantineRecord> Entries)
{
    /// <summary>Reads <paramref name="damaged"/> as a file of <paramref name="input"/>'s format and judges the result.</summary>
    /// <param name="input">The undamaged input and its units.</param>
    /// <param name="damaged">The damaged bytes.</param>
    /// <param name="damagedUnits">Units whose records may be lost.</param>
    /// <param name="folder">A scratch folder.</param>
    public static FaultOutcome Judge(CorruptibleInput input, byte[] damaged, ISet<int> damagedUnits, string folder)
    {
        string path = Path.Combine(folder, "damaged" + input.Extension);
        File.WriteAllBytes(path, damaged);
        var options = new ReaderOptions { UnverifiedMemoryBytes = 1 << 20, SpillDirectory = Path.Combine(folder, "spill") };
        var source = input.Documents.ToDictionary(d => d.Id);
        var seen = new HashSet<string>();
        var entries = new List<QuarantineRecord>();
        int kept = 0, garbled = 0;
        foreach (var r in DocumentReader.ReadFile(path, options))
        {
            if (r.Quarantine != null)
            {
                entries.Add(r.Quarantine);
                continue;
            }
            var d = r.Document!;
            kept++;
            if (!source.TryGetValue(d.Id, out var original) || original.Text != d.Text || original.Source != d.Source || !seen.Add(d.Id))
                garbled++;
        }
        int goodLost = 0;
        for (int i = 0; i < input.Documents.Count; i++)
            if (!input.DocumentUnits[i].Any(damagedUnits.Contains) && !seen.Contains(input.Documents[i].Id))
                goodLost++;
        bool intact = garbled == 0 && seen.Count == input.Documents.Count;
        return new FaultOutcome(kept, garbled, entries.Count, goodLost, intact, entries);
    }

    /// <summary>Damage that changed what can be read but left no quarantine entry.</summary>
    public bool Unreported => Reports == 0 && !Intact;
}
