using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace YuLanData.Filters.Heuristics;

/// <summary>Drops documents in which <c>regex_exp</c> finds a match (datatrove <c>RegexFilter</c>); reason <c>regex</c>.</summary>
[Stage("regex_filter", "Drop documents matching a regular expression")]
public sealed class RegexFilter : ScoringFilter<(string? Reason, string? Match)>
{
    private readonly Regex _regex;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">The pattern.</param>
    public RegexFilter(RegexFilterOptions options) : base(options)
    {
        options.Validate();
        _regex = new Regex(options.RegexExp!, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(options.TimeoutSeconds));
    }

    /// <inheritdoc />
    public override (string? Reason, string? Match) Score(in FilterInput input, bool complete)
    {
        string? reason;
        string? matched = null;
        try
        {
            if (complete)
            {
                var m = _regex.Match(input.Text);
                matched = m.Success ? m.Value : null;
                reason = m.Success ? "regex" : null;
            }
            else reason = _regex.IsMatch(input.Text) ? "regex" : null;
        }
        catch (RegexMatchTimeoutException)
        {
            reason = "regex_timeout";
        }
        return (reason, matched);
    }

    /// <inheritdoc />
    public override FilterOutcome Decide(in FilterInput input, in (string? Reason, string? Match) scores) =>
        scores.Reason is null ? FilterOutcome.Kept : FilterOutcome.Drop(scores.Reason);

    /// <inheritdoc />
    public override JsonObject ScoreFields(in FilterInput input, in (string? Reason, string? Match) scores) => new() { ["match"] = scores.Match };
}
