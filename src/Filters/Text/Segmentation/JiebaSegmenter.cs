namespace YuLanData.Filters.Text.Segmentation;

/// <summary>
/// Chinese word segmentation that reproduces Python jieba 0.42.1's <c>jieba.lcut(text)</c> (default mode, HMM on),
/// the segmenter datatrove uses for Chinese (through spaCy's <c>zh</c> tokenizer). Tokens are slices of the input.
/// </summary>
/// <remarks>
/// <para>Algorithm (jieba's): the text is split into runs of <c>[\u4E00-\u9FD5a-zA-Z0-9+#&amp;._%-]</c>; between runs,
/// <c>\r\n</c> and each whitespace character are tokens and every other code point is a token of its own. Each run is
/// segmented by the maximum-probability path through the DAG of dictionary words (log frequency minus log total; on
/// equal scores the longer word wins, as Python's tuple <c>max</c>); consecutive single characters on that path that
/// are not together a dictionary word go to the HMM (Viterbi over B/M/E/S states with jieba's tables; ties go to the
/// later state letter, as Python's <c>max</c>), whose non-Han pieces are split at <c>[a-zA-Z0-9]+(\.\d+)?%?</c>.</para>
/// <para>The dictionary and emission table are jieba's own (see <see cref="JiebaModel"/>); checked token for token
/// against Python jieba on real text in the test suite. Thread-safe; per-thread scratch buffers.</para>
/// </remarks>
public static class JiebaSegmenter
{
    private const int B = 0, M = 1, E = 2, S = 3;

    // prob_start.py and prob_trans.py of jieba 0.42.1 (the same numbers as jieba.NET's prob_trans.json).
    private static readonly double[] StartP = [-0.26268660809250016, JiebaModel.MinFloat, JiebaModel.MinFloat, -1.4652633398537678];
    private static readonly double[,] TransP = InitTrans();

    // PrevStatus: the states that may precede each state.
    private static readonly int[][] Prev = [[E, S], [M, B], [B, M], [S, E]];

    private static double[,] InitTrans()
    {
        var t = new double[4, 4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) t[i, j] = JiebaModel.MinFloat;
        t[B, E] = -0.51082562376599; t[B, M] = -0.916290731874155;
        t[E, B] = -0.5897149736854513; t[E, S] = -0.8085250474669937;
        t[M, E] = -0.33344856811948514; t[M, M] = -1.2603623820268226;
        t[S, B] = -0.7211965654669841; t[S, S] = -0.6658631448798212;
        return t;
    }

    private sealed class Scratch
    {
        public double[] RouteProb = new double[256];
        public int[] RouteEnd = new int[256];
        public double[] V = new double[256 * 4];
        public byte[] Back = new byte[256 * 4];
        public byte[] States = new byte[256];
    }

    [ThreadStatic] private static Scratch? _scratch;

    /// <summary>Loads the dictionary now (otherwise the first call does, about a second).</summary>
    public static void Warm() => _ = JiebaModel.Instance;

    /// <summary>Appends jieba's tokens of <paramref name="text"/> to <paramref name="tokens"/>, whitespace tokens
    /// included (as <c>jieba.lcut</c> returns them).</summary>
    /// <param name="text">The text to segment.</param>
    /// <param name="tokens">Receives one span per token, relative to <paramref name="text"/>.</param>
    public static void Cut(ReadOnlySpan<char> text, List<TokenSpan> tokens)
    {
        var model = JiebaModel.Instance;
        var sc = _scratch ??= new Scratch();
        int i = 0;
        while (i < text.Length)
        {
            if (IsHanDefault(text[i]))
            {
                int start = i;
                while (i < text.Length && IsHanDefault(text[i])) i++;
                CutDag(text, start, i, tokens, model, sc);
                continue;
            }
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { tokens.Add(new TokenSpan(i, 2)); i += 2; continue; }
            int len = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            tokens.Add(new TokenSpan(i, len));
            i += len;
        }
    }

    /// <summary>Convenience: the tokens of <paramref name="text"/> as strings (exactly <c>jieba.lcut(text)</c>).</summary>
    /// <param name="text">The text to segment.</param>
    public static List<string> Lcut(string text)
    {
        var spans = new List<TokenSpan>();
        Cut(text, spans);
        return spans.ConvertAll(t => text.Substring(t.Start, t.Length));
    }

    // re_han_default = [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]
    private static bool IsHanDefault(char c) =>
        (c >= '\u4E00' && c <= '\u9FD5') || char.IsAsciiLetterOrDigit(c) || c is '+' or '#' or '&' or '.' or '_' or '%' or '-';

    private static bool IsHan(char c) => c >= '\u4E00' && c <= '\u9FD5';

    // jieba's __cut_DAG over text[start, end).
    private static void CutDag(ReadOnlySpan<char> text, int start, int end, List<TokenSpan> tokens, JiebaModel model, Scratch sc)
    {
        int n = end - start;
        if (sc.RouteProb.Length < n + 1)
        {
            sc.RouteProb = new double[Math.Max(n + 1, sc.RouteProb.Length * 2)];
            sc.RouteEnd = new int[sc.RouteProb.Length];
        }
        var s = text.Slice(start, n);
        var logFreq = model.LogFreq;
        double logTotal = model.LogTotal;
        // calc(): route[idx] = max over DAG[idx] of (log(freq or 1) - logtotal + route[x+1], x); ties: larger x.
        sc.RouteProb[n] = 0;
        sc.RouteEnd[n] = 0;
        for (int idx = n - 1; idx >= 0; idx--)
        {
            double best = double.NegativeInfinity;
            int bestX = -1;
            bool any = false;
            // get_DAG: every x such that s[idx..x] is a word with freq > 0, following prefixes while they exist.
            int i = idx;
            while (i < n && logFreq.TryGetValue(s[idx..(i + 1)], out double lf))
            {
                if (!double.IsNaN(lf))
                {
                    any = true;
                    double p = lf - logTotal + sc.RouteProb[i + 1];
                    if (p > best || (p == best && i > bestX)) { best = p; bestX = i; }
                }
                i++;
            }
            if (!any)
            {
                // DAG[idx] = [idx]; the single character's frequency is absent or 0 (else it would be in the DAG),
                // so jieba's log(FREQ.get(c) or 1) is log(1) = 0.
                best = 0.0 - logTotal + sc.RouteProb[idx + 1];
                bestX = idx;
            }
            sc.RouteProb[idx] = best;
            sc.RouteEnd[idx] = bestX;
        }
        int x = 0, bufStart = -1;
        while (x < n)
        {
            int y = sc.RouteEnd[x] + 1;
            if (y - x == 1)
            {
                if (bufStart < 0) bufStart = x;
            }
            else
            {
                if (bufStart >= 0)
                {
                    FlushBuffer(text, start + bufStart, start + x, tokens, model, sc);
                    bufStart = -1;
                }
                tokens.Add(new TokenSpan(start + x, y - x));
            }
            x = y;
        }
        if (bufStart >= 0) FlushBuffer(text, start + bufStart, start + n, tokens, model, sc);
    }

    private static void FlushBuffer(ReadOnlySpan<char> text, int start, int end, List<TokenSpan> tokens, JiebaModel model, Scratch sc)
    {
        int len = end - start;
        if (len == 1) { tokens.Add(new TokenSpan(start, 1)); return; }
        if (model.LogFreq.TryGetValue(text[start..end], out double lf) && !double.IsNaN(lf))
        {
            for (int k = start; k < end; k++) tokens.Add(new TokenSpan(k, 1));
            return;
        }
        FinalSegCut(text, start, end, tokens, model, sc);
    }

    // finalseg.cut: Han runs through the HMM, the rest split at ([a-zA-Z0-9]+(?:\.\d+)?%?).
    private static void FinalSegCut(ReadOnlySpan<char> text, int start, int end, List<TokenSpan> tokens, JiebaModel model, Scratch sc)
    {
        int i = start;
        while (i < end)
        {
            if (IsHan(text[i]))
            {
                int s = i;
                while (i < end && IsHan(text[i])) i++;
                Viterbi(text, s, i, tokens, model, sc);
                continue;
            }
            int blockStart = i;
            while (i < end && !IsHan(text[i])) i++;
            SplitSkip(text, blockStart, i, tokens);
        }
    }

    private static void SplitSkip(ReadOnlySpan<char> text, int start, int end, List<TokenSpan> tokens)
    {
        int pending = start, i = start;
        while (i < end)
        {
            if (!char.IsAsciiLetterOrDigit(text[i])) { i++; continue; }
            int m = i;
            while (m < end && char.IsAsciiLetterOrDigit(text[m])) m++;
            if (m + 1 < end && text[m] == '.' && char.IsAsciiDigit(text[m + 1]))
            {
                m += 2;
                while (m < end && char.IsAsciiDigit(text[m])) m++;
            }
            if (m < end && text[m] == '%') m++;
            if (i > pending) tokens.Add(new TokenSpan(pending, i - pending));
            tokens.Add(new TokenSpan(i, m - i));
            i = m;
            pending = m;
        }
        if (end > pending) tokens.Add(new TokenSpan(pending, end - pending));
    }

    // finalseg.__cut with viterbi() over text[start, end) (Han characters only).
    private static void Viterbi(ReadOnlySpan<char> text, int start, int end, List<TokenSpan> tokens, JiebaModel model, Scratch sc)
    {
        int n = end - start;
        if (sc.States.Length < n)
        {
            int cap = Math.Max(n, sc.States.Length * 2);
            sc.States = new byte[cap];
            sc.V = new double[cap * 4];
            sc.Back = new byte[cap * 4];
        }
        var emit = model.Emit;
        var v = sc.V;
        var back = sc.Back;
        for (int y = 0; y < 4; y++) v[y] = StartP[y] + emit[y * 65536 + text[start]];
        for (int t = 1; t < n; t++)
        {
            char obs = text[start + t];
            for (int y = 0; y < 4; y++)
            {
                double em = emit[y * 65536 + obs];
                int y0a = Prev[y][0], y0b = Prev[y][1];
                double pa = v[(t - 1) * 4 + y0a] + TransP[y0a, y] + em;
                double pb = v[(t - 1) * 4 + y0b] + TransP[y0b, y] + em;
                // Python max over (prob, state) tuples: on equal probabilities the later state letter wins
                // (B < E < M < S).
                bool takeA = pa > pb || (pa == pb && Letter(y0a) > Letter(y0b));
                v[t * 4 + y] = takeA ? pa : pb;
                back[t * 4 + y] = (byte)(takeA ? y0a : y0b);
            }
        }
        double pe = v[(n - 1) * 4 + E], ps = v[(n - 1) * 4 + S];
        int state = ps >= pe ? S : E; // max((V[E], 'E'), (V[S], 'S')): 'S' wins ties
        var states = sc.States;
        for (int t = n - 1; t >= 0; t--)
        {
            states[t] = (byte)state;
            if (t > 0) state = back[t * 4 + state];
        }
        int begin = 0, next = 0;
        for (int k = 0; k < n; k++)
        {
            switch (states[k])
            {
                case B: begin = k; break;
                case E: tokens.Add(new TokenSpan(start + begin, k + 1 - begin)); next = k + 1; break;
                case S: tokens.Add(new TokenSpan(start + k, 1)); next = k + 1; break;
            }
        }
        if (next < n) tokens.Add(new TokenSpan(start + next, n - next));
    }

    private static char Letter(int state) => state switch { B => 'B', M => 'M', E => 'E', _ => 'S' };
}
