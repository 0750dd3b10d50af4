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

/// <summary><c>NFC</c>: Unicode canonical composition (needs ICU, i.e. invariant globalization off).</summary>
internal sealed record NfcStep : NormalizerStep
{
    public override string Apply(string text) =>
        Ascii.IsValid(text) || text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
}
