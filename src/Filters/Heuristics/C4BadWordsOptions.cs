namespace YuLanData.Filters.Heuristics;

/// <summary>Options of <see cref="C4BadWordsFilter"/>; names and defaults follow datatrove's <c>C4BadWordsFilter</c>.</summary>
public sealed class C4BadWordsOptions : IScoreOnlyOptions
{
    /// <summary>Folder with one word list per language, each file named by its language code (<c>en</c>, <c>de</c>, …),
    /// one word or phrase per line — the layout of the LDNOOBW "List of Dirty, Naughty, Obscene, and Otherwise Bad
    /// Words" repository that datatrove downloads. No list ships with YuLanData; this option is required.</summary>
    [PathParameter]
    public string? BadwordsDir { get; set; }

    /// <summary>Fraction of documents with a bad word to keep anyway (decided per document id with <see cref="Seed"/>).</summary>
    public double KeepFraction { get; set; }

    /// <summary>Throw when a document's language has no list; false: keep such documents.</summary>
    public bool FailOnMissingLanguage { get; set; } = true;

    /// <summary>Seed for the <see cref="KeepFraction"/> draw.</summary>
    public long Seed { get; set; }

    /// <summary>Language of documents whose metadata has no <c>language</c>.</summary>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>Keep every document and record the first bad word found under metadata key <c>c4_badwords</c>.</summary>
    public bool ScoreOnly { get; set; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BadwordsDir))
            throw new ArgumentException("c4_badwords: badwords_dir is required (a folder of per-language word lists such as LDNOOBW's; none ships with YuLanData)");
        if (!Directory.Exists(BadwordsDir)) throw new ArgumentException($"c4_badwords: badwords_dir '{BadwordsDir}' does not exist");
        if (KeepFraction is < 0 or > 1) throw new ArgumentException($"c4_badwords: keep_fraction must be within [0, 1], got {KeepFraction}");
    }
}
