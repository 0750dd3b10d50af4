namespace YuLanData.Filters;

/// <summary>
/// Options of a filter that can run in score-only mode (option <c>score_only</c>): every document is kept and the
/// filter's statistics are written to its metadata, with the reason it would have been dropped for. Filters whose
/// options implement this derive from <see cref="ScoringFilter{TScores}"/>, which handles the mode for all of them.
/// </summary>
public interface IScoreOnlyOptions
{
    /// <summary>True to keep every document and record the statistics instead of deciding.</summary>
    bool ScoreOnly { get; }
}
