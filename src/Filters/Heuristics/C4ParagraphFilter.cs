using System.Text.Json.Nodes;
using YuLanData.Filters.Text;

namespace YuLanData.Filters.Heuristics;

/// <summary>
/// mC4's paragraph filter (datatrove <c>C4ParagraphFilter</c>): split the text on "\n"; drop the document with
/// reason <c>&lt; 3 paragraphs</c> when it has fewer than 3 lines or its 3rd-longest line is shorter than 200 characters.
/// </summary>
[Stage("c4_paragraph", "mC4 paragraph filter: needs 3 lines of at least 200 characters, datatrove semantics")]
public sealed class C4ParagraphFilter : ScoringFilter<(int Lines, int KthLongest)>
{
    private readonly C4ParagraphOptions _o;
    private readonly string _reason;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">Thresholds; see <see cref="C4ParagraphOptions"/>.</param>
    public C4ParagraphFilter(C4ParagraphOptions options) : base(options)
    {
        options.Validate();
        _o = options;
        _reason = $"< {options.MinParagraphs} paragraphs";
    }

    /// <summary>Number of "\n"-separated lines and the length of the k-th longest one (k = min_paragraphs; 0 when fewer lines).</summary>
    /// <param name="text">The document text.</param>
    public (int Lines, int KthLongest) Measure(ReadOnlySpan<char> text)
    {
        int k = _o.MinParagraphs;
        Span<int> top = k <= 64 ? stackalloc int[k] : new int[k];
        top.Fill(-1);
        int lines = 0;
        int start = 0;
        while (true)
        {
            int nl = text[start..].IndexOf('\n');
            int end = nl < 0 ? text.Length : start + nl;
            lines++;
            int len = PyText.CodePointLength(text[start..end]);
            // keep the k largest lengths in descending order
            for (int i = 0; i < k; i++)
            {
                if (len > top[i])
                {
                    for (int j = k - 1; j > i; j--) top[j] = top[j - 1];
                    top[i] = len;
                    break;
                }
            }
            if (nl < 0) break;
            start = end + 1;
        }
        return (lines, Math.Max(0, top[k - 1]));
    }

    /// <inheritdoc />
    public override (int Lines, int KthLongest) Score(in FilterInput input, bool complete) => Measure(input.Text);

    /// <inheritdoc />
    public override FilterOutcome Decide(in FilterInput input, in (int Lines, int KthLongest) scores) =>
        scores.Lines < _o.MinParagraphs || scores.KthLongest < _o.MinParagraphLen ? FilterOutcome.Drop(_reason) : FilterOutcome.Kept;

    /// <inheritdoc />
    public override JsonObject ScoreFields(in FilterInput input, in (int Lines, int KthLongest) scores) => new()
    {
        ["lines"] = scores.Lines,
        ["kth_longest_line"] = scores.KthLongest,
    };
}
