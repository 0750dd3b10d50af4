namespace YuLanData.Jobs.Tests.Web;

/// <summary>Real sentences by language from ../shared/data/web/lingua_sentences_75langs (Leipzig web corpora).</summary>
internal static class LinguaSentences
{
    private static readonly Lazy<ILookup<string, string>> ByLanguage = new(() =>
        RealDocuments.Load("lingua_sentences_75langs.jsonl.gz").ToLookup(d => d.Metadata["lang"]!.GetValue<string>(), d => d.Text));

    /// <summary>The first <paramref name="n"/> sentences of language <paramref name="lang"/> (ISO 639-1).</summary>
    public static List<string> Of(string lang, int n) => ByLanguage.Value[lang].Take(n).ToList();
}
