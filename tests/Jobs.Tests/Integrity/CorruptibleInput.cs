using YuLanData.Jobs.Documents;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Tests.Integrity;

/// <summary>
/// A real input file built in memory together with where its verifiable units (gzip members, zstd frames, Parquet row
/// groups) lie, so that a test knows which records a corruption at a given byte may cost and which must survive it.
/// </summary>
/// <param name="Name">What the file is, for reports ("gzip, 12 members").</param>
/// <param name="Extension">File extension with its dot.</param>
/// <param name="Bytes">The file.</param>
/// <param name="Units">Byte range [start, end) of each unit in the file.</param>
/// <param name="Documents">The documents the file holds, in order.</param>
/// <param name="DocumentUnits">For each document, the units its bytes lie in.</param>
/// <param name="ShiftBreaksLaterUnits">True when inserted bytes make every later unit unreachable (Parquet: the footer
/// addresses row groups by offset); false when later units are found again by their header (gzip, zstd).</param>
public sealed record CorruptibleInput(
    string Name,
    string Extension,
    byte[] Bytes,
    IReadOnlyList<(long Start, long End)> Units,
    IReadOnlyList<Document> Documents,
    IReadOnlyList<int[]> DocumentUnits,
    bool ShiftBreaksLaterUnits)
{
    /// <summary>The documents the suite builds its inputs from: real web text from ../shared/data/web, with unique ids.</summary>
    public static List<Document> RealDocumentsWithIds(int count)
    {
        var docs = RealDocuments.Load("bbc_news_2225.jsonl.gz", count / 2)
            .Concat(RealDocuments.Load("dclm_quality_annotated_cc.jsonl.gz", count - count / 2));
        return docs.Select((d, i) => new Document($"doc-{i:D5}", d.Text, d.Source)).ToList();
    }

    /// <summary>
    /// JSONL compressed as one unit, or as several units split after every <paramref name="linesPerUnit"/> lines, or
    /// (when <paramref name="splitEveryBytes"/> is set) at byte offsets that fall inside lines.
    /// </summary>
    public static CorruptibleInput Jsonl(IReadOnlyList<Document> docs, FileFormat format, int linesPerUnit = int.MaxValue, int splitEveryBytes = 0)
    {
        var plain = new MemoryStream();
        var lineEnds = new List<long>();
        var temp = Path.GetTempFileName();
        try
        {
            using (var w = new JsonlDocumentWriter(temp, FileFormat.Jsonl))
                foreach (var d in docs)
                    w.Write(d);
            plain.Write(File.ReadAllBytes(temp));
        }
        finally
        {
            File.Delete(temp);
        }
        byte[] text = plain.ToArray();
        for (int i = 0; i < text.Length; i++)
            if (text[i] == (byte)'\n')
                lineEnds.Add(i + 1);

        var cuts = new List<long> { 0 };
        if (splitEveryBytes > 0)
            for (long c = splitEveryBytes; c < text.Length; c += splitEveryBytes)
                cuts.Add(c);
        else
            for (int l = linesPerUnit; l < lineEnds.Count; l += linesPerUnit)
                cuts.Add(lineEnds[l - 1]);
        cuts.Add(text.Length);

        var file = new MemoryStream();
        var units = new List<(long, long)>();
        for (int u = 0; u + 1 < cuts.Count; u++)
        {
            long start = file.Length;
            var part = new MemoryStream();
            using (var c = CompressedStreams.Compress(part, format))
                c.Write(text, (int)cuts[u], (int)(cuts[u + 1] - cuts[u]));
            file.Write(part.ToArray());
            units.Add((start, file.Length));
        }
        var docUnits = new List<int[]>();
        long lineStart = 0;
        foreach (long end in lineEnds)
        {
            docUnits.Add(Enumerable.Range(0, cuts.Count - 1).Where(u => cuts[u] < end && cuts[u + 1] > lineStart).ToArray());
            lineStart = end;
        }
        string kind = format == FileFormat.JsonlGzip ? "gzip" : "zstd";
        string unitName = format == FileFormat.JsonlGzip ? "member" : "frame";
        string name = units.Count == 1 ? $"{kind}, single {unitName}"
            : $"{kind}, {units.Count} {unitName}s{(splitEveryBytes > 0 ? " split inside lines" : "")}";
        return new CorruptibleInput(name, format == FileFormat.JsonlGzip ? ".jsonl.gz" : ".jsonl.zst", file.ToArray(), units, docs, docUnits, false);
    }

    /// <summary>Parquet from our writer (a CRC-32 in every page header) with <paramref name="rowsPerGroup"/> rows per row group.</summary>
    public static CorruptibleInput Parquet(IReadOnlyList<Document> docs, int rowsPerGroup)
    {
        string temp = Path.Combine(Path.GetTempPath(), $"corruptible-{Guid.NewGuid():N}.parquet");
        try
        {
            using (var w = new ParquetDocumentWriter(temp, rowGroupDocs: rowsPerGroup))
                foreach (var d in docs)
                    w.Write(d);
            var units = ParquetPageChecksums.RowGroupRanges(temp);
            var docUnits = docs.Select((_, i) => new[] { i / rowsPerGroup }).ToList();
            string name = $"parquet (our writer, page CRCs), {units.Count} row groups";
            return new CorruptibleInput(name, ".parquet", File.ReadAllBytes(temp), units, docs, docUnits, true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The units a fault touches: those it changes, or with <see cref="ShiftBreaksLaterUnits"/> everything after it.</summary>
    public HashSet<int> DamagedUnits(Fault fault)
    {
        var damaged = new HashSet<int>();
        long lastEnd = Units[^1].End;
        for (int u = 0; u < Units.Count; u++)
        {
            var (s, e) = Units[u];
            bool hit = fault.Kind switch
            {
                FaultKind.Truncate => e > fault.Offset,
                FaultKind.Insert => ShiftBreaksLaterUnits ? e > fault.Offset : s < fault.Offset && fault.Offset < e,
                _ => s < fault.Offset + fault.Length && fault.Offset < e,
            };
            // Parquet: the leading magic and the footer (schema, offsets) serve every row group, and a cut loses the footer.
            if (ShiftBreaksLaterUnits && (fault.Kind == FaultKind.Truncate || fault.Offset < Units[0].Start || fault.Offset >= lastEnd))
                hit = true;
            if (hit)
                damaged.Add(u);
        }
        return damaged;
    }
}
