using System.Text;

namespace YuLanData.Inference.Tokenization;

/// <summary>One step of a <c>tokenizer.json</c> normalizer, applied to each text segment between added tokens.</summary>
internal abstract record NormalizerStep
{
    /// <summary>Returns the normalized form of <paramref name="text"/>.</summary>
    public abstract string Apply(string text);
}

/// <summary><c>Prepend</c>: puts <paramref name="Prefix"/> in front of a non-empty segment.</summary>
internal sealed record PrependStep(string Prefix) : NormalizerStep
{
    public override string Apply(string text) => text.Length == 0 ? text : string.Concat(Prefix, text);
}

/// <summary><c>Replace</c> with a literal <c>String</c> pattern: replaces every occurrence of <paramref name="Pattern"/>.</summary>
internal sealed record ReplaceStep(string Pattern, string Content) : NormalizerStep
{
    public override string Apply(string text) => text.Replace(Pattern, Content, StringComparison.Ordinal);
}

/// <summary>
/// <c>NFC</c>: Unicode canonical composition as Hugging Face computes it (Unicode 9.0 tables): characters of
/// <see cref="InertUnderUnicode9"/> are kept as they are and the text between them is normalized by .NET (ICU, so
/// invariant globalization must be off).
/// </summary>
internal sealed record NfcStep : NormalizerStep
{
    public override string Apply(string text)
    {
        if (Ascii.IsValid(text))
            return text;
        int inert = NextInert(text, 0, out int inertLength);
        if (inert < 0)
            return Normalize(text);
        var result = new StringBuilder(text.Length);
        int start = 0;
        while (inert >= 0)
        {
            result.Append(Normalize(text[start..inert]));
            result.Append(text, inert, inertLength);
            start = inert + inertLength;
            inert = NextInert(text, start, out inertLength);
        }
        result.Append(Normalize(text[start..]));
        return result.ToString();
    }

    private static string Normalize(string text) =>
        text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    /// <summary>Index of the next inert character at or after <paramref name="from"/>, or -1.</summary>
    private static int NextInert(string text, int from, out int length)
    {
        for (int i = from; i < text.Length; i++)
        {
            int skip = text.AsSpan(i).IndexOfAnyInRange(InertUnderUnicode9.Lowest, '\uFFFF');
            if (skip < 0)
                break;
            i += skip;
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (InertUnderUnicode9.Contains(char.ConvertToUtf32(c, text[i + 1])))
                {
                    length = 2;
                    return i;
                }
                i++;
                continue;
            }
            if (InertUnderUnicode9.Contains(c))
            {
                length = 1;
                return i;
            }
        }
        length = 0;
        return -1;
    }
}
