using YuLanData.Jobs.Execution;
using YuLanData.Jobs.IO;
using YuLanData.Service.Security;

namespace YuLanData.Service.Analysis;

/// <summary>
/// Pages through the dropped documents of a run (<c>excluded/</c>, written when the pipeline sets
/// <c>output.exclusions: true</c>), optionally of one stage and reason: <c>GET /api/runs/{id}/excluded</c>. Files are
/// read in task order, so a page is the same at every request; each text is cut to <see cref="MaxTextChars"/>.
/// </summary>
public static class ExcludedSample
{
    /// <summary>Largest page.</summary>
    public const int MaxLimit = 100;

    /// <summary>Characters of each document's text returned.</summary>
    public const int MaxTextChars = 2000;

    /// <summary>Documents passed over at most to reach a page (bounds the work of one request).</summary>
    public const int MaxScanned = 200_000;

    /// <summary>One page of a run's exclusions.</summary>
    /// <param name="runFolder">The run folder, already resolved inside the roots.</param>
    /// <param name="stage">Only documents this stage dropped, or null for all.</param>
    /// <param name="reason">Only documents dropped for this reason, or null for all.</param>
    /// <param name="offset">Matching documents to skip.</param>
    /// <param name="limit">Documents to return (1 to <see cref="MaxLimit"/>).</param>
    /// <returns>Whether the run wrote exclusions, the page, and the offset of the next page (null at the end).</returns>
    /// <exception cref="ArgumentException">offset or limit out of range.</exception>
    public static ExcludedPage Read(string runFolder, string? stage, string? reason, int offset, int limit)
    {
        if (offset < 0 || offset > MaxScanned)
            throw new ArgumentException($"offset must be between 0 and {MaxScanned}, not {offset}");
        if (limit is < 1 or > MaxLimit)
            throw new ArgumentException($"limit must be between 1 and {MaxLimit}, not {limit}");
        var folder = new RunFolder(runFolder);
        if (!Directory.Exists(folder.ExcludedDir))
            return new ExcludedPage(false, offset, limit, [], null);
        var page = new List<ExcludedDocument>();
        int matched = 0, scanned = 0;
        var options = new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(folder.ExcludedDir, "*", options).Order(StringComparer.Ordinal))
        {
            // A file swapped for a link to elsewhere is passed over, not followed.
            if (!PathGuard.IsInside(PathGuard.RealPath(file), PathGuard.RealPath(runFolder)) || FileFormats.FromPath(file) is null)
                continue;
            string relative = Path.GetRelativePath(runFolder, file).Replace('\\', '/');
            foreach (var item in DocumentReader.ReadFile(file))
            {
                if (item.Document is not { } doc)
                    continue;
                if (++scanned > MaxScanned + MaxLimit)
                    return new ExcludedPage(true, offset, limit, page, null);
                string docStage = Text(doc.Metadata["stage"]), docReason = Text(doc.Metadata["reason"]);
                if ((stage != null && docStage != stage) || (reason != null && docReason != reason))
                    continue;
                if (matched++ < offset)
                    continue;
                if (page.Count == limit)
                    return new ExcludedPage(true, offset, limit, page, offset + limit);
                bool cut = doc.Text.Length > MaxTextChars;
                string text = cut ? doc.Text[..CutPoint(doc.Text)] : doc.Text;
                page.Add(new ExcludedDocument(doc.Id, doc.Source, docStage, docReason, relative, text, doc.Text.Length, cut));
            }
        }
        return new ExcludedPage(true, offset, limit, page, null);
    }

    private static string Text(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    // Never splits a surrogate pair.
    private static int CutPoint(string text) => char.IsHighSurrogate(text[MaxTextChars - 1]) ? MaxTextChars - 1 : MaxTextChars;
}
