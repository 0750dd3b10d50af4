using YuLanData.Filters.Resources;
using YuLanData.Filters;
using YuLanData.Inference.Tokenization;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.Stages.BuiltIn;

public sealed class CountTokensOptions
{
    /// <summary>A Hugging Face <c>tokenizer.json</c> (or the folder holding it).</summary>
    [PathParameter]
    public string Tokenizer { get; set; } = "";

    /// <summary>Count the post-processor's special tokens (e.g. BOS), as training input would have them.</summary>
    public bool AddSpecialTokens { get; set; } = true;

    /// <summary>The metadata field that receives the count.</summary>
    public string Field { get; set; } = "token_count";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Tokenizer))
            throw new ArgumentException("tokenizer is required (a tokenizer.json path)");
        if (!File.Exists(Tokenizer) && !File.Exists(Path.Combine(Tokenizer, "tokenizer.json")))
            throw new ArgumentException($"tokenizer '{Tokenizer}' not found");
    }
}

/// <summary>
/// Annotates each document with its token count and adds totals to the stats: <c>tokens</c> and
/// <c>tokens/{source}</c> (stage counters in <c>stats.json</c>).
/// </summary>
[Stage("count_tokens", "annotate token counts (Hugging Face tokenizer.json) and total them per source")]
public sealed class CountTokensStage : IPipelineStage, IReportsCounters
{
    private readonly CountTokensOptions _options;
    private readonly HuggingFaceTokenizer _tokenizer;
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);

    public CountTokensStage(CountTokensOptions options)
    {
        _options = options;
        string file = Directory.Exists(options.Tokenizer) ? Path.Combine(options.Tokenizer, "tokenizer.json") : options.Tokenizer;
        _tokenizer = ResourceCache.Get(file, HuggingFaceTokenizer.Load);
    }

    public IReadOnlyDictionary<string, long> Counters => _counters;

    public FilterOutcome Process(Document doc)
    {
        int count = _tokenizer.CountTokens(doc.Text, _options.AddSpecialTokens);
        doc.Metadata[_options.Field] = count;
        _counters["tokens"] = _counters.GetValueOrDefault("tokens") + count;
        string key = "tokens/" + doc.Source;
        _counters[key] = _counters.GetValueOrDefault(key) + count;
        return FilterOutcome.Kept;
    }
}
