using System.Text.Json.Nodes;
using YuLanData.Filters.Text;
using YuLanData.Filters.Text.Segmentation;

namespace YuLanData.Filters.Heuristics;

/// <summary>
/// Gopher's repetition rules with datatrove's exact definitions: duplicate paragraphs (split on 2+ newlines of the
/// stripped text) and lines (split on newline runs) by count and by characters, the top word 2/3/4-gram character
/// share, and the character share of repeated 5..10-grams. Reason codes: <c>dup_para_frac</c>,
/// <c>dup_para_char_frac</c>, <c>dup_line_frac</c>, <c>dup_line_char_frac</c>, <c>top_{n}_gram</c>,
/// <c>duplicated_{n}_n_grams</c>. Character counts are code points, as Python's <c>len</c>.
/// </summary>
[Stage("gopher_repetition", "Gopher repetition heuristics (duplicate lines/paragraphs, top and duplicated n-grams), datatrove semantics")]
public sealed class GopherRepetitionFilter : ScoringFilter<(string? Reason, JsonObject? Fields)>
{
    private readonly GopherRepetitionOptions _o;
    private readonly (int N, double Frac)[] _top;
    private readonly (int N, double Frac)[] _dup;
    private readonly LanguageWordTokenizer.Kind _words;

    [ThreadStatic] private static Scratch? _scratch;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">Thresholds; see <see cref="GopherRepetitionOptions"/>.</param>
    public GopherRepetitionFilter(GopherRepetitionOptions options) : base(options)
    {
        options.Validate();
        _o = options;
        _words = LanguageWordTokenizer.For(options.Language);
        _top = options.TopNGrams.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).ToArray();
        _dup = options.DupNGrams.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).ToArray();
    }

    private sealed class Scratch
    {
        public readonly SliceCounter Counter = new();
        public readonly PolynomialHash JoinedHash = new();
        public readonly PolynomialHash SpacedHash = new();
        public char[] Joined = new char[4096];
        public char[] Spaced = new char[4096];
        public int[] JoinedOffsets = new int[1024];
        public int[] SpacedOffsets = new int[1024];
    }

    /// <summary>The reason to drop the document for (null: keep) and, when <paramref name="complete"/>, every
    /// statistic (see <see cref="Evaluate"/>).</summary>
    public override (string? Reason, JsonObject? Fields) Score(in FilterInput input, bool complete)
    {
        var fields = complete ? new JsonObject() : null;
        return (Evaluate(input.Text, fields), fields);
    }

    /// <inheritdoc />
    public override FilterOutcome Decide(in FilterInput input, in (string? Reason, JsonObject? Fields) scores) =>
        scores.Reason is null ? FilterOutcome.Kept : FilterOutcome.Drop(scores.Reason);

    /// <inheritdoc />
    public override JsonObject? ScoreFields(in FilterInput input, in (string? Reason, JsonObject? Fields) scores) => scores.Fields;

    /// <summary>Returns the reason datatrove would drop <paramref name="text"/> for, or null. With
    /// <paramref name="scores"/> every statistic is computed (no early exit) and recorded there.</summary>
    /// <param name="text">The document text.</param>
    /// <param name="scores">Receives the statistics when not null.</param>
    public string? Evaluate(string text, JsonObject? scores)
    {
        var sc = _scratch ??= new Scratch();
        if (_o.MathAware) text = Latex.MathSpanMasker.MaskIfMathRich(text);
        int textLen = PyText.CodePointLength(text);
        string? reason = null;

        bool Check(string code, double value, double? threshold)
        {
            scores?.Add(code, ScoreWriter.Number(value));
            if (reason is null && Ratio.Enabled(threshold) && value > threshold) reason = code;
            return reason is not null && scores is null;
        }

        // paragraphs: re.split(r"\n{2,}", text.strip())
        var stripped = PyText.Strip(text);
        int offset = text.Length - PyText.LStrip(text).Length;
        var (paras, paraDups, paraDupChars) = Duplicates(sc, text, offset, stripped.Length, minRun: 2);
        if (Check("dup_para_frac", Ratio.Of(paraDups, paras), _o.DupParaFrac)) return reason;
        if (Check("dup_para_char_frac", Ratio.Of(paraDupChars, textLen), _o.DupParaCharFrac)) return reason;

        // lines: re.split("\n+", text)
        var (lines, lineDups, lineDupChars) = Duplicates(sc, text, 0, text.Length, minRun: 1);
        if (Check("dup_line_frac", Ratio.Of(lineDups, lines), _o.DupLineFrac)) return reason;
        if (Check("dup_line_char_frac", Ratio.Of(lineDupChars, textLen), _o.DupLineCharFrac)) return reason;

        var words = TokenScratch.Words(text, _words);
        int nWords = words.Count;
        BuildWordBuffers(sc, text, words);

        foreach (var (n, frac) in _top)
        {
            if (nWords < n) continue;
            if (Check($"top_{n}_gram", Ratio.Of(TopNGramChars(sc, nWords, n), textLen), frac)) return reason;
        }
        foreach (var (n, frac) in _dup)
        {
            if (Check($"duplicated_{n}_n_grams", Ratio.Of(RepeatedNGramChars(sc, nWords, n), textLen), frac)) return reason;
        }
        return reason;
    }

    // find_duplicates over the pieces of text[start, start+length) split on runs of >= minRun '\n'.
    private static (int Pieces, int Duplicates, long DuplicateChars) Duplicates(Scratch sc, string text, int start, int length, int minRun)
    {
        var counter = sc.Counter;
        counter.Reset(text.AsMemory(), 64);
        int pieces = 0, dups = 0;
        long dupChars = 0;
        int end = start + length, pieceStart = start, i = start;
        while (true)
        {
            int runStart = i;
            while (i < end && text[i] != '\n') i++;
            if (i >= end)
            {
                Piece(pieceStart, end);
                break;
            }
            int run = i;
            while (i < end && text[i] == '\n') i++;
            if (i - run >= minRun)
            {
                Piece(pieceStart, run);
                pieceStart = i;
            }
            _ = runStart;
        }
        return (pieces, dups, dupChars);

        void Piece(int s, int e)
        {
            pieces++;
            counter.Add(System.IO.Hashing.XxHash3.HashToUInt64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan(s, e - s))), s, e - s, out bool existed);
            if (existed)
            {
                dups++;
                dupChars += PyText.CodePointLength(text.AsSpan(s, e - s));
            }
        }
    }

    private static void BuildWordBuffers(Scratch sc, string text, List<Text.TokenSpan> words)
    {
        int n = words.Count;
        if (sc.JoinedOffsets.Length < n + 1)
        {
            sc.JoinedOffsets = new int[Math.Max(n + 1, sc.JoinedOffsets.Length * 2)];
            sc.SpacedOffsets = new int[sc.JoinedOffsets.Length];
        }
        int total = 0;
        foreach (var w in words) total += w.Length;
        if (sc.Joined.Length < total) sc.Joined = new char[Math.Max(total, sc.Joined.Length * 2)];
        if (sc.Spaced.Length < total + n) sc.Spaced = new char[Math.Max(total + n, sc.Spaced.Length * 2)];
        int j = 0, s = 0;
        for (int k = 0; k < n; k++)
        {
            var w = words[k].Of(text);
            sc.JoinedOffsets[k] = j;
            sc.SpacedOffsets[k] = s;
            w.CopyTo(sc.Joined.AsSpan(j));
            w.CopyTo(sc.Spaced.AsSpan(s));
            j += w.Length;
            s += w.Length;
            sc.Spaced[s++] = ' ';
        }
        sc.JoinedOffsets[n] = j;
        sc.SpacedOffsets[n] = s;
        sc.JoinedHash.Build(sc.Joined, j);
        sc.SpacedHash.Build(sc.Spaced, s);
    }

    // find_top_duplicate(get_n_grams(words, n)): len(top) * count of the most common space-joined n-gram
    // (ties: the one seen first, as Counter.most_common).
    private static long TopNGramChars(Scratch sc, int nWords, int n)
    {
        var counter = sc.Counter;
        counter.Reset(sc.Spaced.AsMemory(0, sc.SpacedOffsets[nWords]), nWords);
        int best = -1, bestCount = 0;
        for (int i = 0; i + n <= nWords; i++)
        {
            int start = sc.SpacedOffsets[i];
            int len = sc.SpacedOffsets[i + n] - 1 - start;
            int e = counter.Add(sc.SpacedHash.Slice(start, len), start, len, out _);
            int c = counter.CountOf(e);
            if (c > bestCount || (c == bestCount && e < best)) { best = e; bestCount = c; }
        }
        return best < 0 ? 0 : (long)PyText.CodePointLength(counter.SliceOf(best)) * bestCount;
    }

    // find_all_duplicate(words, n): characters of "".join n-grams already seen, jumping n words after each repeat.
    private static long RepeatedNGramChars(Scratch sc, int nWords, int n)
    {
        var counter = sc.Counter;
        counter.Reset(sc.Joined.AsMemory(0, sc.JoinedOffsets[nWords]), nWords);
        long repeated = 0;
        int idx = 0;
        while (idx < nWords - n + 1)
        {
            int start = sc.JoinedOffsets[idx];
            int len = sc.JoinedOffsets[idx + n] - start;
            counter.Add(sc.JoinedHash.Slice(start, len), start, len, out bool existed);
            if (existed)
            {
                repeated += PyText.CodePointLength(sc.Joined.AsSpan(start, len));
                idx += n;
            }
            else idx++;
        }
        return repeated;
    }
}
