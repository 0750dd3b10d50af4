using System.Text.RegularExpressions;

namespace YuLanData.Filters.Heuristics;

/// <summary>Drops documents in which <c>regex_exp</c> finds a match (datatrove <c>RegexFilter</c>); reason <c>regex</c>.</summary>
[Stage("regex_filter", "Drop documents matching a regular expression")]
public sealed class RegexFilter : IDocumentFilter
{
    private readonly Regex _regex;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">The pattern.</param>
    public RegexFilter(RegexFilterOptions options)
    {
        options.Validate();
        _regex = new Regex(options.RegexExp!, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(options.TimeoutSeconds));
    }

    public FilterOutcome Apply(in FilterInput input)
    {
        try
        {
            return _regex.IsMatch(input.Text) ? FilterOutcome.Drop("regex") : FilterOutcome.Kept;
        }
        catch (RegexMatchTimeoutException)
        {
            return FilterOutcome.Drop("regex_timeout");
        }
    }
}
