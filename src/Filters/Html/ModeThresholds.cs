namespace YuLanData.Filters.Html;

/// <summary>The numbers that differ between <see cref="ExtractionMode"/>s.</summary>
/// <param name="MaxLinkDensity">A block inside the content whose link text exceeds this share of its text is removed.</param>
/// <param name="MinChars">Content below this many non-space characters falls back to the whole cleaned page.</param>
/// <param name="FallbackMaxChars">The whole page replaces a small candidate only up to this size (bigger pages are mostly furniture).</param>
/// <param name="DescendShare">An explicit content container is narrowed to a nested one holding at least this share of its text.</param>
/// <param name="SiblingShare">Siblings of the top candidate scoring at least this share of its score join the content.</param>
/// <param name="RemoveMetaBlocks">Also remove small blocks with metadata classes (byline, date, tags) inside the content.</param>
/// <param name="TrimEdges">Remove short clutter lines at the start and end of the content (<see cref="EdgeTrimmer"/>).</param>
internal sealed record ModeThresholds(double MaxLinkDensity, int MinChars, int FallbackMaxChars, double DescendShare, double SiblingShare, bool RemoveMetaBlocks, bool TrimEdges)
{
    internal static ModeThresholds For(ExtractionMode mode) => mode switch
    {
        ExtractionMode.Precision => new(0.33, 100, 1500, 0.5, 0.3, true, true),
        ExtractionMode.Recall => new(0.75, 500, 20000, 1.01, 0.1, false, false),
        _ => new(0.4, 250, 5000, 0.75, 0.2, true, true),
    };
}
