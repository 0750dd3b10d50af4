using YuLanData.Filters.Heuristics;

namespace YuLanData.Filters.Tests.Segmentation;

/// <summary>The filter stacks compared on Chinese text: web-en's English rules as they were, and web-zh's Chinese
/// stack (FineWeb-2's <c>cmn_Hani</c> thresholds and stop words, jieba words, Chinese line rules), the same values as
/// <c>pipelines/web-zh.yaml</c>.</summary>
internal static class ChineseStacks
{
    /// <summary>FineWeb-2's stop words for cmn_Hani (configs/cmn_Hani.yml).</summary>
    public static readonly List<string> StopWords =
        ["的", "年", "在", "月", "是", "和", "日", "了", "於", "·", "為", "有", "被", "人", "中", "为", "他", "與", "後", "也", "而", "由"];

    public static (string Name, IDocumentFilter Filter)[] English() =>
    [
        ("gopher_repetition", new GopherRepetitionFilter(new GopherRepetitionOptions())),
        ("gopher_quality", new GopherQualityFilter(new GopherQualityOptions())),
        ("c4_quality", new C4QualityFilter(new C4QualityOptions { FilterNoTerminalPunct = false })),
        ("fineweb_quality", new FineWebQualityFilter(new FineWebQualityOptions())),
    ];

    public static GopherRepetitionOptions Repetition() => new()
    {
        Language = "zh", DupParaFrac = 0, DupLineCharFrac = 0, DupParaCharFrac = 0, DupLineFrac = 0.287,
        TopNGrams = new() { [2] = 0.256, [3] = 0.201, [4] = 0.171 },
        DupNGrams = new() { [5] = 0.198, [6] = 0.182, [7] = 0.167, [8] = 0.154, [9] = 0.14, [10] = 0.127 },
    };

    public static GopherQualityOptions Quality() => new()
    {
        Language = "zh", MinAvgWordLength = 1, MaxAvgWordLength = 5, MaxNonAlphaWordsRatio = 0.735, MinStopWords = 2,
        StopWords = StopWords,
    };

    public static C4QualityOptions C4() => new() { Language = "zh", FilterNoTerminalPunct = false };

    public static FineWebQualityOptions FineWeb() => new()
    {
        Language = "zh", ShortLineThr = 999, CharDuplicatesRatio = 0.1, LinePunctThr = 0.106, NewLineRatio = 0.178,
    };

    public static (string Name, IDocumentFilter Filter)[] Chinese() =>
    [
        ("gopher_repetition", new GopherRepetitionFilter(Repetition())),
        ("gopher_quality", new GopherQualityFilter(Quality())),
        ("c4_quality", new C4QualityFilter(C4())),
        ("fineweb_quality", new FineWebQualityFilter(FineWeb())),
    ];

    /// <summary>Runs <paramref name="stack"/> over <paramref name="docs"/>: documents kept, and drops by "stage:reason".</summary>
    public static (int Kept, SortedDictionary<string, int> Drops) Run((string Name, IDocumentFilter Filter)[] stack, IEnumerable<string> docs)
    {
        int kept = 0;
        var drops = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int n = 0;
        foreach (var doc in docs)
        {
            string text = doc;
            string? dropped = null;
            foreach (var (name, filter) in stack)
            {
                var o = filter.Apply(new FilterInput(text, $"d{n}", new System.Text.Json.Nodes.JsonObject()));
                if (!o.Keep) { dropped = $"{name}:{o.Reason}"; break; }
                if (o.NewText is not null) text = o.NewText;
            }
            n++;
            if (dropped is null) kept++;
            else drops[dropped] = drops.GetValueOrDefault(dropped) + 1;
        }
        return (kept, drops);
    }
}
