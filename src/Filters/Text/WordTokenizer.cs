using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace YuLanData.Filters.Text;

/// <summary>
/// Word splitting that follows datatrove's default English word tokenizer, which is spaCy's rule-based
/// <c>spacy.blank("en")</c> tokenizer with whitespace tokens dropped (datatrove's <c>split_into_words</c>).
/// Every token is a slice of the input, so callers keep <see cref="TokenSpan"/>s and never allocate strings.
/// </summary>
/// <remarks>
/// <para>Algorithm (spaCy's): split on whitespace; on each chunk repeatedly peel one prefix (opening punctuation,
/// quotes, currency, symbols, <c>..</c>) and one suffix (closing punctuation, quotes, <c>'s</c>, a period after a
/// lowercase letter, digit or two capitals, units and currency after a digit), stopping when the rest is a special
/// case; then split the core on infixes (ellipses; <c>+ - * ^</c> between digits; a period between a lowercase and an
/// uppercase letter; a comma between letters; hyphens between a letter or digit and a letter;
/// <c>: &lt; &gt; = /</c> before a letter) unless it is a URL.</para>
/// <para>Special cases implemented: English negative contractions (<c>don't</c> → <c>do n't</c>, <c>can't</c> →
/// <c>ca n't</c>, also with ’ and without the apostrophe), pronoun contractions (<c>I'm</c>, <c>you're</c>, <c>we'll</c>,
/// <c>they've</c>, <c>he'd</c> …, <c>would've</c>), <c>cannot gonna gotta wanna gimme lemme</c>, times (<c>7am</c> →
/// <c>7 am</c>, <c>11p.m.</c> → <c>11 p.m.</c>), apostrophe words kept whole (<c>'em o'clock nothin' ol'</c> …), and
/// common abbreviations kept with their period (<c>Mr. Dr. e.g. i.e. a.m. U.S.</c>, month abbreviations, single
/// letters <c>a.</c>…<c>z.</c>). Cases from spaCy's own English tokenizer tests are checked in the test suite.</para>
/// <para>Known differences from spaCy: spaCy's full exception table (emoticons, US state abbreviations, rarer
/// contractions such as <c>y'all</c>) is not reproduced, its URL pattern is re-implemented in substance (scheme,
/// user info, IPv4 or host labels with a lowercase TLD, port, path), and the character classes use .NET's Unicode
/// letter/case tables instead of
/// spaCy's listed script ranges. Deliberate difference: every CJK ideograph, kana and CJK-compatibility character is a
/// word of its own (spaCy's English tokenizer would keep a run of them as one token).</para>
/// </remarks>
public static class WordTokenizer
{
    private const string PunctChars = "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪";
    private const string QuoteChars = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉〈〉⟦⟧";
    private const string CurrencyChars = "$£€¥฿₽﷼₴₠₡₢₣₤₥₦₧₨₩₪₫₭₮₯₰₱₲₳₵₶₷₸₹₺₻₼₾₿";
    private const string HyphenChars = "-–—~";

    private static readonly string[] Units =
    [
        "km²", "km³", "km", "m²", "m³", "dm²", "dm³", "dm", "cm²", "cm³", "cm", "mm²", "mm³", "mm", "ha", "µm", "nm", "yd", "in",
        "ft", "kg", "mg", "µg", "lb", "oz", "m/s", "km/h", "kmh", "mph", "hPa", "Pa", "mbar", "mb", "MB", "kb", "KB", "gb", "GB",
        "tb", "TB", "m", "g", "t", "T", "G", "M", "K", "%",
    ];

    private static readonly FrozenDictionary<string, int[]> Specials = BuildSpecials();

    private static readonly FrozenDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> SpecialLookup =
        Specials.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly int MaxSpecialLength = Specials.Keys.Max(k => k.Length);

    private static bool IsSpecial(ReadOnlySpan<char> s) => s.Length <= MaxSpecialLength && SpecialLookup.ContainsKey(s);

    /// <summary>Appends the word tokens of <paramref name="text"/> to <paramref name="tokens"/> (in order).</summary>
    /// <param name="text">The text to split.</param>
    /// <param name="tokens">Receives one <see cref="TokenSpan"/> per word, relative to <paramref name="text"/>.</param>
    public static void Tokenize(ReadOnlySpan<char> text, List<TokenSpan> tokens)
    {
        var suffixes = _suffixScratch ??= new List<TokenSpan>(16);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (PyText.IsSpace(c)) { i++; continue; }
            int cjk = CjkLength(text, i);
            if (cjk > 0) { tokens.Add(new TokenSpan(i, cjk)); i += cjk; continue; }
            int start = i;
            bool letters = true;
            while (i < text.Length)
            {
                char d = text[i];
                if (char.IsAsciiLetter(d)) { i++; continue; }
                if (PyText.IsSpace(d) || CjkLength(text, i) != 0) break;
                letters = false;
                i++;
            }
            // A chunk of ASCII letters only has no prefix, suffix or infix: one token unless it is a special case.
            if (letters && !IsSpecial(text[start..i])) tokens.Add(new TokenSpan(start, i - start));
            else TokenizeChunk(text, start, i, tokens, suffixes);
        }
    }

    /// <summary>Splits <paramref name="text"/> into word strings (convenience; allocates one string per word).</summary>
    /// <param name="text">The text to split.</param>
    public static string[] Split(string text)
    {
        var spans = new List<TokenSpan>();
        Tokenize(text, spans);
        var words = new string[spans.Count];
        for (int k = 0; k < words.Length; k++) words[k] = text.Substring(spans[k].Start, spans[k].Length);
        return words;
    }

    [ThreadStatic] private static List<TokenSpan>? _suffixScratch;

    private static void TokenizeChunk(ReadOnlySpan<char> text, int start, int end, List<TokenSpan> tokens, List<TokenSpan> suffixes)
    {
        int first = tokens.Count;
        SplitChunk(text, start, end, tokens, suffixes);
        if (tokens.Count - first >= 2 && text[start..end].Contains('.')) MergeSplitSpecials(text, tokens, first);
    }

    // spaCy 3 re-joins consecutive tokens that together spell a special case containing affix characters
    // ("Tuesday.Mr." → Tuesday . Mr.): longest match first, left to right, within one whitespace-free chunk.
    private static void MergeSplitSpecials(ReadOnlySpan<char> text, List<TokenSpan> tokens, int first)
    {
        for (int i = first; i < tokens.Count - 1; i++)
        {
            for (int j = Math.Min(tokens.Count - 1, i + 4); j > i; j--)
            {
                int s = tokens[i].Start, e = tokens[j].End;
                if (e - s > MaxSpecialLength || !SpecialLookup.TryGetValue(text[s..e], out int[]? pieces)) continue;
                tokens.RemoveRange(i, j - i + 1);
                int at = s;
                for (int k = 0; k < pieces.Length; k++)
                {
                    tokens.Insert(i + k, new TokenSpan(at, pieces[k]));
                    at += pieces[k];
                }
                i += pieces.Length - 1;
                break;
            }
        }
    }

    private static void SplitChunk(ReadOnlySpan<char> text, int start, int end, List<TokenSpan> tokens, List<TokenSpan> suffixes)
    {
        suffixes.Clear();
        int lastSize = -1;
        while (end > start && end - start != lastSize)
        {
            ReadOnlySpan<char> s = text[start..end];
            if (IsSpecial(s)) break;
            lastSize = s.Length;
            int pre = PrefixLength(s);
            if (pre > 0 && pre < s.Length && IsSpecial(s[pre..]))
            {
                tokens.Add(new TokenSpan(start, pre));
                start += pre;
                break;
            }
            int suf = SuffixLength(s[pre..]);
            if (suf > 0 && suf < s.Length && IsSpecial(s[..^suf]))
            {
                suffixes.Add(new TokenSpan(end - suf, suf));
                end -= suf;
                break;
            }
            if (pre > 0) { tokens.Add(new TokenSpan(start, pre)); start += pre; }
            if (suf > 0) { suffixes.Add(new TokenSpan(end - suf, suf)); end -= suf; }
        }
        if (end > start) AttachCore(text, start, end, tokens);
        for (int k = suffixes.Count - 1; k >= 0; k--) tokens.Add(suffixes[k]);
    }

    private static void AttachCore(ReadOnlySpan<char> text, int start, int end, List<TokenSpan> tokens)
    {
        ReadOnlySpan<char> s = text[start..end];
        if (s.Length <= MaxSpecialLength && SpecialLookup.TryGetValue(s, out int[]? pieces))
        {
            int at = start;
            foreach (int len in pieces) { tokens.Add(new TokenSpan(at, len)); at += len; }
            return;
        }
        if (IsUrl(s)) { tokens.Add(new TokenSpan(start, s.Length)); return; }
        int pieceStart = 0, pos = 0;
        while (pos < s.Length)
        {
            int len = InfixLength(s, pos);
            if (len == 0) { pos++; continue; }
            if (pos > pieceStart) tokens.Add(new TokenSpan(start + pieceStart, pos - pieceStart));
            tokens.Add(new TokenSpan(start + pos, len));
            pos += len;
            pieceStart = pos;
        }
        if (s.Length > pieceStart) tokens.Add(new TokenSpan(start + pieceStart, s.Length - pieceStart));
    }

    // spaCy's URL match, in substance: optional scheme "xx://", optional "user[:pw]@", then an IPv4 address or
    // dot-separated host labels ending in a lowercase top-level domain of 2-63 letters, optional ":port", optional
    // path/query/fragment. Lowercase-only TLDs keep "Hello.World" out (it is split on the period instead).
    private static readonly System.Text.RegularExpressions.Regex UrlPattern = new(
        @"^(?:[\w+\-.]{2,}://)?(?:\S+(?::\S*)?@)?" +
        @"(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}" +
        @"|(?:(?:[A-Za-z0-9\u00a1-\uffff][A-Za-z0-9\u00a1-\uffff_-]{0,62})?[A-Za-z0-9\u00a1-\uffff]\.)+\p{Ll}{2,63})" +
        @"(?::\d{2,5})?(?:[/?#]\S*)?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    private static bool IsUrl(ReadOnlySpan<char> s) => s.Length >= 4 && s.Contains('.') && UrlPattern.IsMatch(s);

    /// <summary>Length of the CJK ideograph/kana at <paramref name="i"/>, or 0.</summary>
    internal static int CjkLength(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        if (c < 0x3040) return 0;
        if (c <= 0x30FF || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
            (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F))
            return 1;
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            int cp = char.ConvertToUtf32(c, s[i + 1]);
            if (cp >= 0x20000 && cp <= 0x3FFFF) return 2;
        }
        return 0;
    }

    private static bool IsIcon(ReadOnlySpan<char> s, int i, out int length)
    {
        length = char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? 2 : 1;
        return s[i] != '°' && s[i] >= 0xA0 && PyText.CategoryAt(s, i) == UnicodeCategory.OtherSymbol;
    }

    private static int DotRun(ReadOnlySpan<char> s, int i)
    {
        int j = i;
        while (j < s.Length && s[j] == '.') j++;
        return j - i;
    }

    private static int PrefixLength(ReadOnlySpan<char> s)
    {
        char c = s[0];
        if (c == '.') { int dots = DotRun(s, 0); return dots >= 2 ? dots : 0; }
        if (s.StartsWith("US$", StringComparison.Ordinal)) return 3;
        if (s.Length > 1 && s[1] == '$' && (c == 'C' || c == 'A')) return 2;
        if (c == '+') return s.Length > 1 && char.IsAsciiDigit(s[1]) ? 0 : 1;
        if (c is '§' or '%' or '=' or '—' or '–' || PunctChars.Contains(c) || QuoteChars.Contains(c) || CurrencyChars.Contains(c))
            return 1;
        return IsIcon(s, 0, out int len) ? len : 0;
    }

    private static int SuffixLength(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return 0;
        int n = s.Length;
        int best = 0;
        char last = s[n - 1];
        if (last == '.')
        {
            int dots = 1;
            while (dots < n && s[n - 1 - dots] == '.') dots++;
            if (dots >= 2) return dots;
            if (n >= 2)
            {
                char p = s[n - 2];
                if (char.IsAsciiDigit(p) || char.IsLower(p) || p is '%' or '²' or '-' or '+' or '(' or '?' or ':' or ')' ||
                    PunctChars.Contains(p) || QuoteChars.Contains(p))
                    best = 1;
                else if (n >= 3 && char.IsUpper(p) && char.IsUpper(s[n - 3])) best = 1;
                else if (n >= 3 && s[n - 3] == '°' && p is 'F' or 'f' or 'C' or 'c' or 'K' or 'k') best = 1;
            }
        }
        if (n >= 2 && (s[n - 2] == '\'' || s[n - 2] == '’') && (last == 's' || last == 'S')) best = Math.Max(best, 2);
        if (n >= 2 && s[n - 1] == '…' && s[n - 2] == '…') best = Math.Max(best, 2);
        if (n >= 3 && s[n - 1] == '\'' && s[n - 2] == '\'') best = Math.Max(best, 2); // the "''" closing quote
        if (last is '—' or '–' || PunctChars.Contains(last) || QuoteChars.Contains(last)) best = Math.Max(best, 1);
        if (char.IsLowSurrogate(last) && n >= 2 && IsIcon(s, n - 2, out int iconLen)) best = Math.Max(best, iconLen);
        else if (!char.IsSurrogate(last) && IsIcon(s, n - 1, out _)) best = Math.Max(best, 1);
        if (last == '+' && n >= 2 && char.IsAsciiDigit(s[n - 2])) best = Math.Max(best, 1);
        if (CurrencyChars.Contains(last) && n >= 2 && char.IsAsciiDigit(s[n - 2])) best = Math.Max(best, 1);
        if (n >= 2 && s[..^1].IndexOfAnyInRange('0', '9') >= 0)
            foreach (string unit in Units)
                if (unit.Length > best && n > unit.Length && s.EndsWith(unit, StringComparison.Ordinal) && char.IsAsciiDigit(s[n - unit.Length - 1]))
                    best = unit.Length;
        return best;
    }

    private static bool IsQuote(char c) => QuoteChars.Contains(c);

    private static int InfixLength(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        if (c == '.')
        {
            int dots = DotRun(s, i);
            if (dots >= 2) return dots;
        }
        if (c == '…') return 1;
        if (IsIcon(s, i, out int iconLen)) return iconLen;
        if (i == 0) return 0;
        char prev = s[i - 1];
        bool hasNext = i + 1 < s.Length;
        if (c is '+' or '-' or '*' or '^' && char.IsAsciiDigit(prev) && hasNext && (char.IsAsciiDigit(s[i + 1]) || s[i + 1] == '-'))
            return 1;
        if (c == '.' && hasNext && (char.IsLower(prev) || IsQuote(prev)) && (char.IsUpper(s[i + 1]) || IsQuote(s[i + 1])))
            return 1;
        if (c == ',' && hasNext && char.IsLetter(prev) && char.IsLetter(s[i + 1])) return 1;
        if (HyphenChars.Contains(c) && (char.IsLetter(prev) || char.IsAsciiDigit(prev)))
        {
            // alternatives in spaCy's order: - – — -- --- —— ~ ; each must be followed by a letter
            if (hasNext && char.IsLetter(s[i + 1])) return 1;
            if (c == '-' && i + 2 < s.Length && s[i + 1] == '-' && char.IsLetter(s[i + 2])) return 2;
            if (c == '-' && i + 3 < s.Length && s[i + 1] == '-' && s[i + 2] == '-' && char.IsLetter(s[i + 3])) return 3;
            if (c == '—' && i + 2 < s.Length && s[i + 1] == '—' && char.IsLetter(s[i + 2])) return 2;
            return 0;
        }
        if (c is ':' or '<' or '>' or '=' or '/' && (char.IsLetter(prev) || char.IsAsciiDigit(prev)) && hasNext && char.IsLetter(s[i + 1]))
            return 1;
        return 0;
    }

    private static FrozenDictionary<string, int[]> BuildSpecials()
    {
        var d = new Dictionary<string, int[]>(StringComparer.Ordinal);

        void Add(string stem, string rest)
        {
            foreach (string form in new[] { stem, Title(stem) })
                d.TryAdd(form + rest, [form.Length, rest.Length]);
        }

        string[] negVerbs =
        [
            "ca", "could", "do", "does", "did", "had", "may", "might", "must", "need", "ought", "sha", "should", "wo", "would",
            "is", "are", "was", "were", "have", "has", "dare", "ai",
        ];
        foreach (string v in negVerbs)
            foreach (string neg in new[] { "n't", "n’t", "nt" })
                Add(v, neg);

        string[] pronouns = ["i", "you", "he", "she", "it", "we", "they", "who", "what", "when", "where", "why", "how", "there", "that", "this", "these", "those"];
        foreach (string p in pronouns)
            foreach (string c in new[] { "'ll", "'d", "'ve", "'re", "'m", "’ll", "’d", "’ve", "’re", "’m" })
                Add(p, c);

        foreach (string modal in new[] { "could", "would", "should", "might", "must" })
            foreach (string have in new[] { "'ve", "’ve" })
                Add(modal, have);
        for (int hour = 1; hour <= 12; hour++)
            foreach (string suffix in new[] { "am", "pm", "a.m.", "p.m." })
                d.TryAdd($"{hour}{suffix}", [hour < 10 ? 1 : 2, suffix.Length]);
        foreach (string whole in new[] { "'em", "'cause", "'cos", "'coz", "'cuz", "'bout", "ma'am", "Ma'am", "o'clock", "O'clock", "ol'", "Ol'",
                     "nothin'", "Nothin'", "somethin'", "Somethin'", "lovin'", "doin'", "goin'", "''" })
            d.TryAdd(whole, [whole.Length]);
        foreach (var (word, cut) in new[] { ("cannot", 3), ("gonna", 3), ("gotta", 3), ("wanna", 3), ("gimme", 3), ("lemme", 3) })
        {
            d.TryAdd(word, [cut, word.Length - cut]);
            d.TryAdd(Title(word), [cut, word.Length - cut]);
        }

        string[] abbreviations =
        [
            "a.m.", "p.m.", "e.g.", "E.g.", "E.G.", "i.e.", "I.e.", "I.E.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.", "Sr.", "Prof.",
            "Inc.", "Ltd.", "Co.", "co.", "Corp.", "Bros.", "Gen.", "Gov.", "Rep.", "Rev.", "Sen.", "Adm.", "Messrs.", "Ph.D.",
            "vs.", "v.s.", "D.C.", "U.S.", "U.K.", "Mt.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.",
            "Oct.", "Nov.", "Dec.", "and/or",
        ];
        foreach (string a in abbreviations) d.TryAdd(a, [a.Length]);
        for (char ch = 'a'; ch <= 'z'; ch++)
        {
            d.TryAdd(ch + ".", [2]);
            d.TryAdd(char.ToUpperInvariant(ch) + ".", [2]);
        }
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Title(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
