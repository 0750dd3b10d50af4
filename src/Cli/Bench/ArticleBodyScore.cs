using System.Globalization;
using System.Text;

namespace YuLanData.Cli.Bench;

/// <summary>
/// The ScrapingHub article-extraction-benchmark's metric (its <c>evaluate.py</c>): each page's text and the ground
/// truth are split into <c>\w+</c> tokens (Python's Unicode word characters: letters, numbers, underscore), joined
/// into overlapping 4-token shingles (a text of fewer than four tokens is one shingle), and counted as multisets:
/// true positives min(truth, predicted), false positives and negatives the excess on each side, then divided by
/// their sum so every page weighs the same. Precision is the mean over pages with tp + fp &gt; 0, recall the mean
/// over pages with tp + fn &gt; 0 (a page with fp = fn = 0 scores 1), F1 their harmonic mean; accuracy is the share
/// of pages whose token lists are equal.
/// </summary>
internal sealed class ArticleBodyScore
{
    private const int ShingleSize = 4;
    private readonly List<(double Tp, double Fp, double Fn)> _pages = [];
    private int _exact;

    /// <summary>Pages added so far.</summary>
    public int Count => _pages.Count;

    /// <summary>Scores one page.</summary>
    /// <param name="truth">The ground-truth article body.</param>
    /// <param name="predicted">The extracted text (null or empty when the extractor returned nothing).</param>
    /// <returns>The page's normalized true positive, false positive and false negative shares.</returns>
    public (double Tp, double Fp, double Fn) Add(string truth, string? predicted)
    {
        var trueTokens = Tokenize(truth);
        var predTokens = Tokenize(predicted ?? "");
        var page = ShingleMatch(trueTokens, predTokens);
        _pages.Add(page);
        if (trueTokens.SequenceEqual(predTokens, StringComparer.Ordinal)) _exact++;
        return page;
    }

    /// <summary>Mean per-page precision over pages with any predicted shingle.</summary>
    public double Precision => Mean(_pages.Where(p => p.Tp + p.Fp > 0).Select(p => PageScore(p.Tp, p.Fp, p.Fn)));

    /// <summary>Mean per-page recall over pages with any true shingle.</summary>
    public double Recall => Mean(_pages.Where(p => p.Tp + p.Fn > 0).Select(p => PageScore(p.Tp, p.Fn, p.Fp)));

    /// <summary>Harmonic mean of <see cref="Precision"/> and <see cref="Recall"/>.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Share of pages whose predicted tokens equal the ground truth's exactly.</summary>
    public double Accuracy => _pages.Count == 0 ? 0 : (double)_exact / _pages.Count;

    // precision_score(tp, fp, fn) and recall_score(tp, fp, fn) of evaluate.py are the same function with the
    // roles of fp and fn swapped: 1 when both errors are zero, 0 when nothing matched on the scored side.
    private static double PageScore(double tp, double wrong, double other)
    {
        if (wrong == 0 && other == 0) return 1;
        if (tp == 0 && wrong == 0) return 0;
        return tp / (tp + wrong);
    }

    private static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values) { sum += v; n++; }
        return n == 0 ? 0 : sum / n;
    }

    internal static (double Tp, double Fp, double Fn) ShingleMatch(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        var trueCounts = Shingles(truth);
        var predCounts = Shingles(predicted);
        double tp = 0, fp = 0, fn = 0;
        foreach (var (key, t) in trueCounts)
        {
            int p = predCounts.GetValueOrDefault(key);
            tp += Math.Min(t, p);
            fn += Math.Max(0, t - p);
        }
        foreach (var (key, p) in predCounts)
            fp += Math.Max(0, p - trueCounts.GetValueOrDefault(key));
        double sum = tp + fp + fn;
        return sum > 0 ? (tp / sum, fp / sum, fn / sum) : (0, 0, 0);
    }

    private static Dictionary<string, int> Shingles(IReadOnlyList<string> tokens)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokens.Count == 0) return counts;
        int last = Math.Max(1, tokens.Count - ShingleSize + 1);
        for (int i = 0; i < last; i++)
        {
            // Tokens never contain U+0001, so joining with it keeps distinct shingles distinct.
            string key = string.Join('\u0001', tokens.Skip(i).Take(ShingleSize));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    /// <summary>Python's <c>re.findall(r'\w+', text)</c> on a str: maximal runs of code points that are letters
    /// (Lu, Ll, Lt, Lm, Lo), numbers (Nd, Nl, No) or '_'. Unlike .NET's <c>\w</c>, marks (Mn, Mc) and connector
    /// punctuation other than '_' end a token.</summary>
    internal static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsWordRune(rune)) current.Append(rune.ToString());
            else if (current.Length > 0) { tokens.Add(current.ToString()); current.Clear(); }
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }

    private static bool IsWordRune(Rune rune)
    {
        if (rune.Value == '_') return true;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            _ => false,
        };
    }
}
