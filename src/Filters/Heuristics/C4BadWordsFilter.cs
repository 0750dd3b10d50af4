using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace YuLanData.Filters.Heuristics;

/// <summary>
/// C4's bad-words filter (datatrove <c>C4BadWordsFilter</c>): drops a document (<c>document_removed_with_badwords</c>)
/// when its lowercased text contains a listed word for its language (metadata <c>language</c>, else the default),
/// flanked by non-word characters or the text ends; for ja, th and zh any substring matches. The allow-listed
/// subwords "sm", "グロ", "女の子" and "性" are removed from every list, as datatrove does.
/// </summary>
/// <remarks>Lists are read from <see cref="C4BadWordsOptions.BadwordsDir"/>; none ships with YuLanData.
/// <c>keep_fraction</c> is drawn per document id (<see cref="DocumentRandom"/>), not from a sequential generator.</remarks>
[Stage("c4_badwords", "C4 bad-words filter over per-language word lists (badwords_dir), datatrove semantics")]
public sealed class C4BadWordsFilter : ScoringFilter<C4BadWordsFilter.Scored>
{
    private static readonly string[] AllowList = ["sm", "グロ", "女の子", "性"];
    private static readonly HashSet<string> NoBoundaryLanguages = ["ja", "th", "zh"];

    private readonly C4BadWordsOptions _o;
    private readonly ConcurrentDictionary<string, Lazy<Regex?>> _regexes = new(StringComparer.Ordinal);

    /// <summary>Creates the filter.</summary>
    /// <param name="options">Where the lists are and how to treat matches; see <see cref="C4BadWordsOptions"/>.</param>
    public C4BadWordsFilter(C4BadWordsOptions options) : base(options)
    {
        options.Validate();
        _o = options;
    }

    private Regex? Load(string language)
    {
        string path = Path.Combine(_o.BadwordsDir!, language);
        if (language.Contains('/') || language.Contains('\\') || !File.Exists(path))
        {
            if (_o.FailOnMissingLanguage)
                throw new InvalidOperationException(
                    $"c4_badwords: there is no badwords list for language \"{language}\" (expected file {path}); set fail_on_missing_language: false to keep such documents");
            return null;
        }
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path)) words.Add(line.Trim());
        words.ExceptWith(AllowList);
        words.Remove("");
        if (words.Count == 0) return null;
        string alternation = string.Join("|", words.OrderBy(w => w, StringComparer.Ordinal).Select(Regex.Escape));
        // Python's \W for str patterns: not a letter, number or underscore.
        string pattern = NoBoundaryLanguages.Contains(language)
            ? alternation
            : $@"(?:[^\p{{L}}\p{{N}}_]|^)(?:{alternation})(?:[^\p{{L}}\p{{N}}_]|$)";
        return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>The document's language, and the first listed word found in it (null when its language has no list).</summary>
    public readonly record struct Scored(string Language, Match? Match);

    /// <inheritdoc />
    public override Scored Score(in FilterInput input, bool complete)
    {
        string language = input.Metadata["language"] is JsonValue v && v.TryGetValue(out string? l) && !string.IsNullOrEmpty(l)
            ? l
            : _o.DefaultLanguage;
        var regex = _regexes.GetOrAdd(language, lang => new Lazy<Regex?>(() => Load(lang))).Value;
        return new Scored(language, regex?.Match(input.Text.ToLowerInvariant()));
    }

    /// <inheritdoc />
    public override FilterOutcome Decide(in FilterInput input, in Scored scores) =>
        scores.Match is { Success: true } && !(_o.KeepFraction > 0 && DocumentRandom.Uniform(_o.Seed, input.Id) < _o.KeepFraction)
            ? FilterOutcome.Drop("document_removed_with_badwords")
            : FilterOutcome.Kept;

    /// <inheritdoc />
    public override JsonObject? ScoreFields(in FilterInput input, in Scored scores) => scores.Match is not { } match ? null : new JsonObject
    {
        ["language"] = scores.Language,
        ["badword"] = match.Success ? match.Value.Trim() : null,
    };
}
