using System.Text.RegularExpressions;

namespace YuLanData.Filters.Heuristics;

/// <summary>Drops documents in which <c>regex_exp</c> finds a match (datatrove <c>RegexFilter</c>); reason <c>regex</c>.</summary>
[Stage("regex_filter", "Drop documents matching a regular expression")]
public sealed class RegexFilter : IDocumentFilter
{
    private readonly Regex _regex;
    private readonly bool _scoreOnly;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">The pattern.</param>
    public RegexFilter(RegexFilterOptions options)
    {
        options.Validate();
        _scoreOnly = options.ScoreOnly;
        _regex = new Regex(options.RegexExp!, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(options.TimeoutSeconds));
    }

    public FilterOutcome Apply(in FilterInput input)
    {
        string? reason;
        string? matched = null;
        try
        {
            if (_scoreOnly)
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
        if (_scoreOnly)
        {
            ScoreWriter.Write(input.Metadata, "regex_filter", new System.Text.Json.Nodes.JsonObject { ["match"] = matched }, reason);
            return FilterOutcome.Kept;
        }
        return reason is null ? FilterOutcome.Kept : FilterOutcome.Drop(reason);
    }
}
