using System.Globalization;
using System.Text;

namespace YuLanData.Inference.Tokenization;

/// <summary>
/// The <c>Split</c> pre-tokenizer of GPT-4-style byte-level tokenizers (cl100k, Llama 3, Qwen2/3), written as a
/// hand-coded scanner over Unicode code points instead of a .NET <see cref="System.Text.RegularExpressions.Regex"/>.
/// .NET regexes see UTF-16 code units, so <c>\p{L}</c> and <c>\p{N}</c> miss letters and digits outside the Basic
/// Multilingual Plane (𝐀, 𝟏, 𠀀), where Hugging Face's Oniguruma engine matches them; this scanner classifies
/// whole code points and reproduces the regex's alternation order and backtracking exactly:
/// <code>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,D}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</code>
/// where D is 1 (Qwen) or 3 (cl100k, Llama 3). Every position of the text starts a match, so the pieces are
/// contiguous and cover the text (the <c>Isolated</c> behaviour).
/// </summary>
internal sealed class Cl100kStyleSplitter : IPieceSplitter
{
    /// <summary>The pattern with single-digit numbers (Qwen2, Qwen3).</summary>
    public const string SingleDigitPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The pattern with numbers of up to three digits (cl100k, Llama 3).</summary>
    public const string ThreeDigitPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private enum CharClass : byte { Other, Letter, Number, LineBreak, Space }

    private static readonly CharClass[] AsciiClasses = BuildAsciiClasses();

    private readonly int _maxDigits;

    private Cl100kStyleSplitter(int maxDigits) => _maxDigits = maxDigits;

    /// <summary>Returns a splitter for <paramref name="pattern"/> when it is one of the known patterns, else null.</summary>
    /// <param name="pattern">The <c>pattern.Regex</c> string of a <c>Split</c> pre-tokenizer.</param>
    public static Cl100kStyleSplitter? TryCreate(string pattern) => pattern switch
    {
        SingleDigitPattern => new Cl100kStyleSplitter(1),
        ThreeDigitPattern => new Cl100kStyleSplitter(3),
        _ => null,
    };

    /// <summary>Splits <paramref name="text"/> into contiguous pieces (offset and length in UTF-16 units).</summary>
    public List<(int Offset, int Length)> Split(ReadOnlySpan<char> text)
    {
        var pieces = new List<(int Offset, int Length)>(text.Length / 4 + 1);
        for (int position = 0; position < text.Length;)
        {
            int length = PieceLength(text, position);
            pieces.Add((position, length));
            position += length;
        }
        return pieces;
    }

    /// <summary>The length in UTF-16 units of the regex match that starts at <paramref name="start"/>.</summary>
    public int PieceLength(ReadOnlySpan<char> text, int start)
    {
        CharClass first = Classify(text, start, out int firstLength);

        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if (text[start] == '\'' && start + 1 < text.Length)
        {
            int contraction = ContractionLength(text, start + 1);
            if (contraction > 0)
                return 1 + contraction;
        }

        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (first is CharClass.Other or CharClass.Space && start + firstLength < text.Length
            && Classify(text, start + firstLength, out _) == CharClass.Letter)
            return RunEnd(text, start + firstLength, CharClass.Letter, int.MaxValue) - start;
        if (first == CharClass.Letter)
            return RunEnd(text, start, CharClass.Letter, int.MaxValue) - start;

        // \p{N}{1,D}
        if (first == CharClass.Number)
            return RunEnd(text, start, CharClass.Number, _maxDigits) - start;

        //  ?[^\s\p{L}\p{N}]+[\r\n]*
        int symbolStart = start;
        if (text[start] == ' ' && start + 1 < text.Length && Classify(text, start + 1, out _) == CharClass.Other)
            symbolStart = start + 1;
        if (symbolStart > start || first == CharClass.Other)
        {
            int end = RunEnd(text, symbolStart, CharClass.Other, int.MaxValue);
            while (end < text.Length && text[end] is '\r' or '\n')
                end++;
            return end - start;
        }

        // Only whitespace is left: \s*[\r\n]+ | \s+(?!\S) | \s+
        int runEnd = start;
        int lastLineBreak = -1;
        while (runEnd < text.Length && IsWhiteSpace(text[runEnd]))
        {
            if (text[runEnd] is '\r' or '\n')
                lastLineBreak = runEnd;
            runEnd++;
        }
        if (lastLineBreak >= 0)
            return lastLineBreak + 1 - start;
        if (runEnd == text.Length || runEnd - start == 1)
            return runEnd - start;
        return runEnd - 1 - start;
    }

    private static int ContractionLength(ReadOnlySpan<char> text, int at)
    {
        char a = char.ToLowerInvariant(text[at]);
        if (a is 's' or 't' or 'm' or 'd')
            return 1;
        if (at + 1 < text.Length)
        {
            char b = char.ToLowerInvariant(text[at + 1]);
            if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
                return 2;
        }
        return 0;
    }

    /// <summary>End of the run of code points of class <paramref name="kind"/> from <paramref name="start"/>, at most <paramref name="maxCodePoints"/> long.</summary>
    private static int RunEnd(ReadOnlySpan<char> text, int start, CharClass kind, int maxCodePoints)
    {
        int position = start;
        int count = 0;
        while (position < text.Length && count < maxCodePoints)
        {
            if (Classify(text, position, out int length) != kind)
                break;
            position += length;
            count++;
        }
        return position;
    }

    private static CharClass Classify(ReadOnlySpan<char> text, int index, out int length)
    {
        char c = text[index];
        if (c < 128)
        {
            length = 1;
            return AsciiClasses[c];
        }
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            length = 2;
            return FromCategory(Rune.GetUnicodeCategory(new Rune(c, text[index + 1])));
        }
        length = 1;
        if (IsWhiteSpace(c))
            return CharClass.Space;
        return char.IsSurrogate(c) ? CharClass.Other : FromCategory(CharUnicodeInfo.GetUnicodeCategory(c));
    }

    private static CharClass FromCategory(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharClass.Letter,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharClass.Number,
        _ => CharClass.Other,
    };

    /// <summary>The Unicode <c>White_Space</c> property, which is what <c>\s</c> means in Oniguruma.</summary>
    internal static bool IsWhiteSpace(char c) => c switch
    {
        >= '\t' and <= '\r' or ' ' or '\u0085' or '\u00A0' or '\u1680' => true,
        >= '\u2000' and <= '\u200A' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        _ => false,
    };

    private static CharClass[] BuildAsciiClasses()
    {
        var classes = new CharClass[128];
        for (int c = 0; c < 128; c++)
        {
            classes[c] = (char)c switch
            {
                '\r' or '\n' => CharClass.LineBreak,
                _ when IsWhiteSpace((char)c) => CharClass.Space,
                _ => FromCategory(CharUnicodeInfo.GetUnicodeCategory((char)c)),
            };
        }
        return classes;
    }
}
