using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Filters.Text;
using YuLanData.Filters.Text.Segmentation;

namespace YuLanData.Filters.Heuristics;

/// <summary>
/// C4's line-level cleaning (Raffel et al. 2020) with datatrove's exact rules, as a rewriting filter: lines are
/// stripped; dropped are lines with a word over <c>max_word_length</c>, lines without terminal punctuation (after
/// citation removal), lines with fewer than <c>min_words_per_line</c> words, lines mentioning javascript and
/// lines with policy phrases; the whole document is dropped for <c>lorem_ipsum</c>, <c>curly_bracket</c> or
/// <c>too_few_sentences</c>. The kept lines, joined with "\n" and stripped, replace the text.
/// </summary>
[Stage("c4_quality", "C4 line filters (terminal punctuation, short lines, javascript, policy) and document drops, datatrove semantics")]
public sealed class C4QualityFilter : ScoringFilter<C4QualityFilter.Result>
{
    private static readonly string[] PolicySubstrings =
        ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"];

    private readonly C4QualityOptions _o;
    private readonly bool _chinese;

    [ThreadStatic] private static List<TokenSpan>? _sentenceScratch;
    [ThreadStatic] private static List<int>? _endsScratch;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">Rules to apply; see <see cref="C4QualityOptions"/>.</param>
    public C4QualityFilter(C4QualityOptions options) : base(options)
    {
        options.Validate();
        _o = options;
        _chinese = LanguageWordTokenizer.For(options.Language) == LanguageWordTokenizer.Kind.Chinese;
    }

    /// <summary>What happened to the lines of one document.</summary>
    public sealed class Result
    {
        /// <summary>Reason the whole document is dropped, or null.</summary>
        public string? Drop { get; set; }

        /// <summary>The rewritten text (kept lines), when not dropped.</summary>
        public string Text { get; set; } = "";

        public int LinesTotal { get; set; }
        public int LinesKept { get; set; }
        public int TooLongWord { get; set; }
        public int NoTerminalPunct { get; set; }
        public int TooFewWords { get; set; }
        public int Javascript { get; set; }
        public int Policy { get; set; }
        public int Sentences { get; set; }
    }

    /// <summary>Runs the rules over <paramref name="text"/>.</summary>
    /// <param name="text">The document text.</param>
    /// <param name="fullScan">Keep scanning after a document-level drop (to count every line, for score-only mode).</param>
    public Result Evaluate(string text, bool fullScan = false)
    {
        var r = new Result();
        bool isMath = _o.MathAware && MathDetector.IsMathRich(text);
        var sentenceScratch = _sentenceScratch ??= new List<TokenSpan>(256);
        var kept = new StringBuilder(text.Length);
        int keptCount = 0;

        // Sentence counts reuse the document's word tokens: tokens never cross whitespace, and every line boundary
        // is whitespace, so the tokens of a stripped line are the document tokens inside it (unless citations
        // were removed from the line, which is then tokenized on its own).
        var docTokens = _o.SplitParagraph && _o.MinNumSentences != -1 ? TokenScratch.Words(text, _chinese ? LanguageWordTokenizer.Kind.Chinese : LanguageWordTokenizer.Kind.Default) : null;
        int tokenCursor = 0;

        bool ProcessLine(ReadOnlySpan<char> rawLine, int rawStart)
        {
            r.LinesTotal++;
            var line = PyText.Strip(rawLine);
            int lineStart = rawStart + (rawLine.Length - PyText.LStrip(rawLine).Length);
            int nWords = 0;
            bool tooLong = false;
            if (_chinese) CountChineseWords(line, ref nWords, ref tooLong);
            else
                foreach (var w in new WhitespaceWords(line))
                {
                    nWords++;
                    if (_o.MaxWordLength != -1 && PyText.CodePointLength(w) > _o.MaxWordLength) tooLong = true;
                }
            if (tooLong) { r.TooLongWord++; return false; }
            string? cleaned = null;
            if (_o.RemoveCitations && line.IndexOf('[') >= 0)
            {
                cleaned = RemoveCitations(line);
                line = cleaned;
            }
            if (_o.FilterNoTerminalPunct && !isMath && (!EndsWithTerminal(line) || line.EndsWith("...")) && !(_chinese && ChinesePunctuation.EndsSentence(line)))
            {
                r.NoTerminalPunct++;
                return false;
            }
            if (nWords < _o.MinWordsPerLine) { r.TooFewWords++; return false; }
            if (_o.FilterLoremIpsum && ContainsIgnoreCase(line, "lorem ipsum")) { r.Drop ??= "lorem_ipsum"; return !fullScan; }
            if (_o.FilterJavascript && ContainsIgnoreCase(line, "javascript")) { r.Javascript++; return false; }
            if (_o.FilterCurlyBracket && !isMath && line.IndexOf('{') >= 0) { r.Drop ??= "curly_bracket"; return !fullScan; }
            if (_o.FilterPolicy)
            {
                foreach (string p in PolicySubstrings)
                    if (ContainsIgnoreCase(line, p)) { r.Policy++; return false; }
                if (_chinese)
                    foreach (string p in ChinesePunctuation.PolicyPhrases)
                        if (line.Contains(p, StringComparison.Ordinal)) { r.Policy++; return false; }
            }
            if (_o.MinNumSentences != -1)
            {
                if (!_o.SplitParagraph) r.Sentences++;
                else if (cleaned is not null || docTokens is null) r.Sentences += SentenceSplitter.CountSentences(line, sentenceScratch);
                else r.Sentences += SentenceSplitter.CountSentences(text, TokensIn(docTokens, ref tokenCursor, lineStart, lineStart + line.Length));
            }
            if (keptCount++ > 0) kept.Append(_o.SplitParagraph ? '\n' : ' ');
            kept.Append(line);
            r.LinesKept++;
            return false;
        }

        if (_o.SplitParagraph)
        {
            var lines = PyText.SplitLines(text);
            while (lines.MoveNext())
                if (ProcessLine(lines.Current, lines.CurrentStart)) return r;
        }
        else
        {
            var ends = _endsScratch ??= new List<int>();
            ends.Clear();
            SentenceSplitter.SentenceEnds(text, sentenceScratch, ends);
            // datatrove: text[a:b] for a, b in zip([0] + ends[:-1], ends[:-1] + [len(text)])
            int a = 0;
            for (int k = 0; k < ends.Count; k++)
            {
                int b = k == ends.Count - 1 ? text.Length : ends[k];
                if (ProcessLine(text.AsSpan(a, b - a), a)) return r;
                a = b;
            }
        }
        if (r.Drop is null && r.Sentences < _o.MinNumSentences) r.Drop = "too_few_sentences";
        if (r.Drop is null)
        {
            var joined = PyText.Strip(kept.ToString());
            r.Text = joined.ToString();
        }
        return r;
    }

    /// <inheritdoc />
    public override Result Score(in FilterInput input, bool complete) => Evaluate(input.Text, complete);

    /// <inheritdoc />
    public override FilterOutcome Decide(in FilterInput input, in Result scores)
    {
        if (scores.Drop is not null) return FilterOutcome.Drop(scores.Drop);
        return scores.Text == input.Text ? FilterOutcome.Kept : FilterOutcome.Rewrite(scores.Text);
    }

    /// <inheritdoc />
    public override JsonObject ScoreFields(in FilterInput input, in Result r) => new()
    {
        ["lines_total"] = r.LinesTotal,
        ["lines_kept"] = r.LinesKept,
        ["line_too_long_word"] = r.TooLongWord,
        ["line_no_terminal_punct"] = r.NoTerminalPunct,
        ["line_too_few_words"] = r.TooFewWords,
        ["line_javascript"] = r.Javascript,
        ["line_policy"] = r.Policy,
        ["sentences"] = r.Sentences,
        ["kept_chars_ratio"] = ScoreWriter.Number(Ratio.Of(r.Text.Length, input.Text.Length)),
    };
    [ThreadStatic] private static List<TokenSpan>? _lineWords;

    // Chinese lines have no spaces: words are jieba words, punctuation-only tokens not counted.
    private void CountChineseWords(ReadOnlySpan<char> line, ref int nWords, ref bool tooLong)
    {
        var words = _lineWords ??= new List<TokenSpan>(256);
        words.Clear();
        LanguageWordTokenizer.Tokenize(line, LanguageWordTokenizer.Kind.Chinese, words);
        foreach (var t in words)
        {
            var w = t.Of(line);
            if (_o.MaxWordLength != -1 && PyText.CodePointLength(w) > _o.MaxWordLength) tooLong = true;
            if (DatatrovePunctuation.HasNonPunctuation(w)) nWords++;
        }
    }

    private static ReadOnlySpan<TokenSpan> TokensIn(List<TokenSpan> tokens, ref int cursor, int start, int end)
    {
        var all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens);
        while (cursor < all.Length && all[cursor].Start < start) cursor++;
        int first = cursor;
        while (cursor < all.Length && all[cursor].End <= end) cursor++;
        return all[first..cursor];
    }

    private static bool EndsWithTerminal(ReadOnlySpan<char> line) =>
        line.Length > 0 && line[^1] is '.' or '?' or '!' or '"' or '\'';

    // Python: pattern.lower() in line.lower(), for ASCII patterns. Lowercasing never maps a non-ASCII character
    // to ASCII except U+0130 (İ → i̇) and U+212A (Kelvin K → k), which are handled here.
    private static bool ContainsIgnoreCase(ReadOnlySpan<char> line, string asciiLowerPattern)
    {
        if (line.Length < asciiLowerPattern.Length) return false;
        if (line.IndexOfAny('\u0130', '\u212A') < 0)
            return line.IndexOf(asciiLowerPattern, StringComparison.OrdinalIgnoreCase) >= 0 && ContainsAsciiFold(line, asciiLowerPattern);
        return TextSimplifierLower(line).Contains(asciiLowerPattern, StringComparison.Ordinal);
    }

    // OrdinalIgnoreCase also folds some non-ASCII letters onto ASCII ones (e.g. 'ſ' never, but Kelvin sign does);
    // confirm with an exact ASCII fold.
    private static bool ContainsAsciiFold(ReadOnlySpan<char> line, string pattern)
    {
        for (int i = 0; i + pattern.Length <= line.Length; i++)
        {
            int k = 0;
            while (k < pattern.Length)
            {
                char c = line[i + k];
                if ((uint)(c - 'A') <= 'Z' - 'A') c = (char)(c | 0x20);
                if (c != pattern[k]) break;
                k++;
            }
            if (k == pattern.Length) return true;
        }
        return false;
    }

    private static string TextSimplifierLower(ReadOnlySpan<char> s)
    {
        var sb = new StringBuilder(s.Length + 4);
        foreach (char c in s)
        {
            if (c == '\u0130') sb.Append("i\u0307");
            else sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    // CITATION_REGEX = \[\d*]|\[edit]|\[citation needed]  (\d: any Unicode decimal digit)
    private static string RemoveCitations(ReadOnlySpan<char> line)
    {
        var sb = new StringBuilder(line.Length);
        int i = 0;
        while (i < line.Length)
        {
            if (line[i] == '[')
            {
                int j = i + 1;
                while (j < line.Length && char.IsDigit(line[j])) j++;
                if (j < line.Length && line[j] == ']') { i = j + 1; continue; }
                if (line[(i + 1)..].StartsWith("edit]", StringComparison.Ordinal)) { i += 6; continue; }
                if (line[(i + 1)..].StartsWith("citation needed]", StringComparison.Ordinal)) { i += 17; continue; }
            }
            sb.Append(line[i++]);
        }
        return sb.ToString();
    }
}
