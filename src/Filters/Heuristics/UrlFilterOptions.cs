namespace YuLanData.Filters.Heuristics;

/// <summary>Options of <see cref="UrlFilter"/>; names follow datatrove's <c>URLFilter</c>. datatrove's integrated
/// block lists are not shipped: give lists inline (<c>extra_*</c>, <c>banned_*</c>) and/or as files (<c>*_file</c>,
/// one entry per line, lines starting with '#' ignored).</summary>
public sealed class UrlFilterOptions : IScoreOnlyOptions
{
    /// <summary>Drop (<c>soft_blacklisted</c>) when at least this many soft-banned words are URL words.</summary>
    public int SoftWordThreshold { get; set; } = 2;

    /// <summary>Blocked registrable domains or full host names (<c>domain</c> / <c>subdomain</c>).</summary>
    public List<string> ExtraDomains { get; set; } = [];

    /// <summary>Blocked full URLs (<c>url</c>).</summary>
    public List<string> ExtraUrls { get; set; } = [];

    /// <summary>Words that block a URL when one is a URL word (<c>hard_blacklisted</c>).</summary>
    public List<string> BannedWords { get; set; } = [];

    /// <summary>Strings that block a URL when found in it after removing non-alphanumerics and lowercasing (<c>blacklisted_subword</c>).</summary>
    public List<string> BannedSubwords { get; set; } = [];

    /// <summary>Words of which <see cref="SoftWordThreshold"/> block a URL (<c>soft_blacklisted</c>).</summary>
    public List<string> SoftBannedWords { get; set; } = [];

    /// <summary>File of blocked domains.</summary>
    [PathParameter]
    public string? DomainsFile { get; set; }

    /// <summary>File of blocked URLs.</summary>
    [PathParameter]
    public string? UrlsFile { get; set; }

    /// <summary>File of banned words.</summary>
    [PathParameter]
    public string? BannedWordsFile { get; set; }

    /// <summary>File of banned subwords.</summary>
    [PathParameter]
    public string? BannedSubwordsFile { get; set; }

    /// <summary>File of soft-banned words.</summary>
    [PathParameter]
    public string? SoftBannedWordsFile { get; set; }

    /// <summary>Public Suffix List file; null uses Debian's <see cref="PublicSuffixList.SystemPath"/>.</summary>
    [PathParameter]
    public string? PublicSuffixListFile { get; set; }

    /// <summary>Keep every document and write the verdict to metadata key <c>url_filter</c> instead.</summary>
    public bool ScoreOnly { get; set; }

    public void Validate()
    {
        if (SoftWordThreshold < 1) throw new ArgumentException($"url_filter: soft_word_threshold must be >= 1, got {SoftWordThreshold}");
        foreach (var (name, path) in new[] { ("domains_file", DomainsFile), ("urls_file", UrlsFile), ("banned_words_file", BannedWordsFile),
                     ("banned_subwords_file", BannedSubwordsFile), ("soft_banned_words_file", SoftBannedWordsFile), ("public_suffix_list_file", PublicSuffixListFile) })
            if (path is not null && !File.Exists(path)) throw new ArgumentException($"url_filter: {name} '{path}' does not exist");
        if (PublicSuffixListFile is null && !File.Exists(PublicSuffixList.SystemPath))
            throw new ArgumentException($"url_filter: no public_suffix_list_file given and {PublicSuffixList.SystemPath} is missing (Debian package 'publicsuffix')");
    }
}
