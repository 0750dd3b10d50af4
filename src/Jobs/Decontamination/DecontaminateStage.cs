using YuLanData.Filters.Resources;
using System.Text.Json.Nodes;
using YuLanData.Filters;
using YuLanData.Filters.Decontamination;

namespace YuLanData.Jobs.Decontamination;

/// <summary>
/// Finds benchmark n-grams in documents and drops the document, cuts the matches out, or only annotates.
/// A document with hits gets <c>metadata.decontamination = {action, cuts, hits: [{benchmark, item, ngram, start,
/// end, ngrams}]}</c>, one hit per matched benchmark item and stretch of text (start/end: character offsets in the
/// text as it came into the stage); dropped documents carry it into <c>excluded/</c> when the pipeline writes
/// exclusions, so <c>yulandata decontam report RUN_DIR</c> sees every hit.
/// </summary>
[Stage("decontaminate", "drop, cut or annotate documents containing benchmark test n-grams (index from `decontam index`)")]
public sealed class DecontaminateStage : IDocumentFilter
{
    /// <summary>The metadata key hits are written under.</summary>
    public const string MetadataKey = "decontamination";

    private readonly DecontaminateOptions _options;
    private readonly ContaminationMatcher _matcher;

    public DecontaminateStage(DecontaminateOptions options)
    {
        options.Validate();
        _options = options;
        _matcher = new ContaminationMatcher(Load(options.IndexPath));
    }

    /// <summary>The loaded index.</summary>
    public NgramIndex Index => _matcher.Index;

    /// <summary>Loads an index once per process (see <see cref="ResourceCache"/>: keyed by full path, size and write time).</summary>
    public static NgramIndex Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"decontamination index {path} not found (build it with `yulandata decontam index --config C.yaml --output {path}`)", path);
        return ResourceCache.Get(full, NgramIndex.ReadFile);
    }

    public FilterOutcome Apply(in FilterInput input)
    {
        var matches = _matcher.Find(input.Text);
        if (matches.Count == 0)
            return FilterOutcome.Kept;
        var hits = new JsonArray();
        var index = _matcher.Index;
        foreach (var match in matches)
        {
            var item = index.Items[match.Item];
            hits.Add(new JsonObject
            {
                ["benchmark"] = index.Benchmarks[item.Benchmark],
                ["item"] = item.Id,
                ["ngram"] = ContaminationMatcher.MatchedNgram(input.Text, match),
                ["start"] = match.Start,
                ["end"] = match.End,
                ["ngrams"] = match.Ngrams,
            });
        }
        var record = new JsonObject { ["action"] = "", ["cuts"] = 0, ["hits"] = hits };
        input.Metadata[MetadataKey] = record;
        switch (_options.Mode)
        {
            case DecontaminationMode.Annotate:
                record["action"] = "annotated";
                return FilterOutcome.Kept;
            case DecontaminationMode.Drop:
                record["action"] = "dropped";
                return FilterOutcome.Drop("decontam_match");
        }
        var (fragments, cuts) = ContaminationCutter.Cut(input.Text, matches, _options.Window, _options.MinFragment);
        record["cuts"] = cuts;
        if (cuts > _options.MaxCuts)
        {
            record["action"] = "dropped";
            return FilterOutcome.Drop("decontam_too_many_cuts");
        }
        if (fragments.Count == 0)
        {
            record["action"] = "dropped";
            return FilterOutcome.Drop("decontam_all_cut");
        }
        record["action"] = "cut";
        return FilterOutcome.Rewrite(string.Join("\n\n", fragments));
    }
}
