namespace YuLanData.Filters;

/// <summary>A filter's decision about one document.</summary>
/// <param name="Keep">True to pass the document on.</param>
/// <param name="Reason">Why it was dropped (a stable reason code such as <c>gopher_short_doc</c>); null when kept.</param>
/// <param name="NewText">For rewriting filters: the text that replaces the document text; null when unchanged.</param>
public readonly record struct FilterOutcome(bool Keep, string? Reason, string? NewText)
{
    public static FilterOutcome Kept => new(true, null, null);

    public static FilterOutcome Drop(string reason) => new(false, reason, null);

    public static FilterOutcome Rewrite(string newText) => new(true, null, newText);
}
