using System.Reflection;
using System.Text.Json.Nodes;
using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters;

/// <summary>
/// A filter that first computes statistics of a document (<see cref="Score"/>), then decides from them
/// (<see cref="Decide"/>), and can write them (<see cref="ScoreFields"/>), as NeMo Curator's document filters
/// separate <c>score_document</c> from <c>keep_document</c>. Score-only mode (<see cref="IScoreOnlyOptions"/>) is
/// handled here once for every such filter: the document is kept unchanged and the statistics are stored under the
/// metadata key named as the stage (<c>metadata.gopher_quality</c>), with <c>would_drop</c>, the reason the
/// deciding mode drops it for (null when it keeps it).
/// </summary>
/// <typeparam name="TScores">What <see cref="Score"/> computes for one document.</typeparam>
public abstract class ScoringFilter<TScores> : IDocumentFilter
{
    private readonly bool _scoreOnly;
    private readonly string _scoreKey;

    /// <summary>Sets up score-only handling.</summary>
    /// <param name="options">The filter's options; <see cref="IScoreOnlyOptions.ScoreOnly"/> picks the mode.</param>
    protected ScoringFilter(IScoreOnlyOptions options)
    {
        _scoreOnly = options.ScoreOnly;
        _scoreKey = GetType().GetCustomAttribute<StageAttribute>()?.Name
            ?? throw new InvalidOperationException($"{GetType().FullName} has no [Stage] attribute naming its score key");
    }

    /// <summary>Whether this instance only records statistics (and keeps every document).</summary>
    public bool ScoreOnly => _scoreOnly;

    /// <summary>Computes the statistics of one document.</summary>
    /// <param name="input">The document.</param>
    /// <param name="complete">True when the statistics will be written (score-only mode): compute every one of
    /// them. False: a statistic that cannot change the decision any more may be skipped (early exit), as long as
    /// <see cref="Decide"/> gives the same outcome.</param>
    public abstract TScores Score(in FilterInput input, bool complete);

    /// <summary>The decision for a document with statistics <paramref name="scores"/>: keep, drop with a reason
    /// code, or rewrite its text.</summary>
    /// <param name="input">The document the statistics were computed from.</param>
    /// <param name="scores">What <see cref="Score"/> returned for it.</param>
    public abstract FilterOutcome Decide(in FilterInput input, in TScores scores);

    /// <summary>The statistics as the fields score-only mode writes (<c>would_drop</c> is added after them), or null
    /// when the filter does not apply to the document and records nothing.</summary>
    /// <param name="input">The document the statistics were computed from.</param>
    /// <param name="scores">What <see cref="Score"/> returned for it with <c>complete</c> true.</param>
    public abstract JsonObject? ScoreFields(in FilterInput input, in TScores scores);

    /// <inheritdoc />
    public FilterOutcome Apply(in FilterInput input)
    {
        var scores = Score(input, _scoreOnly);
        var outcome = Decide(input, scores);
        if (!_scoreOnly)
            return outcome;
        if (ScoreFields(input, scores) is { } fields)
            ScoreWriter.Write(input.Metadata, _scoreKey, fields, outcome.Keep ? null : outcome.Reason);
        return FilterOutcome.Kept;
    }
}
