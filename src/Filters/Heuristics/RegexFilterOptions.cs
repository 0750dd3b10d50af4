namespace YuLanData.Filters.Heuristics;

/// <summary>Options of <see cref="RegexFilter"/> (datatrove <c>RegexFilter</c>).</summary>
public sealed class RegexFilterOptions : IScoreOnlyOptions
{
    /// <summary>The pattern (.NET syntax, which agrees with Python's <c>re</c> for common patterns); a document
    /// with at least one match is dropped.</summary>
    public string? RegexExp { get; set; }

    /// <summary>Seconds one match may run before the document is dropped as <c>regex_timeout</c> (guards catastrophic backtracking).</summary>
    public double TimeoutSeconds { get; set; } = 5;

    /// <summary>Keep every document and write the first match to metadata key <c>regex_filter</c> instead.</summary>
    public bool ScoreOnly { get; set; }

    public void Validate()
    {
        if (string.IsNullOrEmpty(RegexExp)) throw new ArgumentException("regex_filter: regex_exp is required");
        try { _ = new System.Text.RegularExpressions.Regex(RegexExp); }
        catch (ArgumentException e) { throw new ArgumentException($"regex_filter: regex_exp '{RegexExp}' is not a valid pattern: {e.Message}", e); }
        if (TimeoutSeconds <= 0) throw new ArgumentException("regex_filter: timeout_seconds must be > 0");
    }
}
