namespace YuLanData.Service.Analysis;

/// <summary>One dropped document from a run's exclusions, its text cut to a readable size.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Stage">The stage that dropped it.</param>
/// <param name="Reason">The reason it gave.</param>
/// <param name="File">The exclusion file it is in (relative to the run folder).</param>
/// <param name="Text">The text, at most <see cref="ExcludedSample.MaxTextChars"/> characters (as data: pages must show it as text).</param>
/// <param name="TextChars">The full text's length in characters.</param>
/// <param name="Truncated">True when <paramref name="Text"/> is cut.</param>
public sealed record ExcludedDocument(string Id, string Source, string Stage, string Reason, string File, string Text, int TextChars, bool Truncated);
