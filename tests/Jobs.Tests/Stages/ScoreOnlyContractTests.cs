using System.Reflection;
using System.Text.Json.Nodes;
using YuLanData.Filters;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.Stages;

namespace YuLanData.Jobs.Tests.Stages;

/// <summary>
/// Every registered stage with a <c>score_only</c> option, found in the registry (so a new one is covered without
/// editing this test): in score-only mode it keeps every document with its text unchanged and records, under its
/// stage name, <c>would_drop</c> equal to the reason the deciding mode drops that document for (null when it keeps
/// it), on real web pages and a few edge cases.
/// </summary>
public sealed class ScoreOnlyContractTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    /// <summary>Settings a stage cannot run without, or that make it drop some of the test documents. A stage
    /// that cannot be built from its defaults and has no entry here fails the test with its name.</summary>
    private Dictionary<string, Action<object>> Settings()
    {
        string badwords = _tmp["badwords"];
        Directory.CreateDirectory(badwords);
        File.WriteAllLines(Path.Combine(badwords, "en"), ["casino", "cookie", "javascript"]);
        return new(StringComparer.Ordinal)
        {
            ["regex_filter"] = o => Set(o, "RegexExp", @"\b[Cc]ookies?\b"),
            ["c4_badwords"] = o => Set(o, "BadwordsDir", badwords),
            ["url_filter"] = o => Set(o, "ExtraDomains", new List<string> { "casino.com" }),
            ["code_quality"] = o => Set(o, "DefaultLanguage", "python"),
        };
    }

    private static void Set(object options, string property, object value) =>
        options.GetType().GetProperty(property)!.SetValue(options, value);

    private static List<Document> Corpus()
    {
        var docs = RealDocuments.Load("dclm_quality_annotated_cc.jsonl.gz", 150)
            .Concat(RealDocuments.Load("bbc_news_2225.jsonl.gz", 50)).ToList();
        docs.Add(new Document("edge/empty", "", "edge"));
        docs.Add(new Document("edge/one", "x", "edge"));
        docs.Add(new Document("edge/casino", "Visit the casino today! We use cookies.\n\n\nVisit the casino today! We use cookies.", "edge"));
        docs.Add(new Document("edge/code", "import os\n\n\ndef main():\n    # print the cwd\n    print(os.getcwd())\n", "edge"));
        for (int i = 0; i < docs.Count; i++)
        {
            docs[i].Metadata["url"] = i % 7 == 0 ? $"https://www.casino.com/page/{i}" : $"https://example.org/articles/{i}";
            docs[i].Metadata["language"] = "en";
        }
        return docs;
    }

    private static Document Copy(Document d) => new(d.Id, d.Text, d.Source, (JsonObject)d.Metadata.DeepClone());

    public static TheoryData<string> ScoreOnlyStages()
    {
        var data = new TheoryData<string>();
        foreach (var d in StageRegistry.All.Values.Where(d => d.OptionsType?.GetProperty("ScoreOnly") is { PropertyType: var t } && t == typeof(bool)))
            data.Add(d.Name);
        return data;
    }

    [Fact]
    public void TheRegistryHasTheTenScoreOnlyFilters() => Assert.True(ScoreOnlyStages().Count >= 10, $"{ScoreOnlyStages().Count} stages with score_only");

    [Theory]
    [MemberData(nameof(ScoreOnlyStages))]
    public void ScoreOnlyKeepsEveryDocumentAndRecordsTheDecidingModesReason(string stage)
    {
        var definition = StageRegistry.Find(stage)!;
        Assert.True(typeof(IScoreOnlyOptions).IsAssignableFrom(definition.OptionsType),
            $"{definition.OptionsType} has a ScoreOnly option but does not implement IScoreOnlyOptions");
        Assert.True(DerivesFromScoringFilter(definition.Implementation),
            $"{definition.Implementation} has a score_only option but does not derive from ScoringFilter<T>, which handles it");

        var settings = Settings();
        object Options(bool scoreOnly)
        {
            var options = definition.CreateDefaultOptions()!;
            if (settings.TryGetValue(stage, out var set))
                set(options);
            Set(options, "ScoreOnly", scoreOnly);
            return options;
        }
        IPipelineStage deciding, scoring;
        try
        {
            deciding = definition.Prepare(Options(false))();
            scoring = definition.Prepare(Options(true))();
        }
        catch (StageSetupException e)
        {
            throw new InvalidOperationException($"stage '{stage}' cannot be built for this test: add its required settings to Settings() ({e.Message})", e);
        }

        int dropped = 0, kept = 0;
        foreach (var doc in Corpus())
        {
            var decided = Copy(doc);
            var outcome = deciding.Process(decided);
            var scored = Copy(doc);
            var scoreOutcome = scoring.Process(scored);

            Assert.True(scoreOutcome.Keep, $"{stage}: score-only dropped {doc.Id} ({scoreOutcome.Reason})");
            Assert.Null(scoreOutcome.NewText);
            Assert.Equal(doc.Text, scored.Text);
            if (scored.Metadata[stage] is not JsonObject scores)
            {
                // a filter that does not apply to a document (no word list for its language) records nothing
                Assert.True(outcome.Keep, $"{stage}: {doc.Id} dropped ({outcome.Reason}) but score-only recorded nothing");
                continue;
            }
            Assert.True(scores.ContainsKey("would_drop"), $"{stage}: no would_drop for {doc.Id}");
            Assert.Equal(outcome.Keep ? null : outcome.Reason, (string?)scores["would_drop"]);
            Assert.True(scores.Count > 1, $"{stage}: only would_drop recorded for {doc.Id}");
            if (outcome.Keep) kept++;
            else dropped++;
        }
        Assert.True(kept > 0 && dropped > 0, $"{stage}: kept {kept}, dropped {dropped}: the corpus must exercise both decisions");
    }

    private static bool DerivesFromScoringFilter(Type? type)
    {
        for (; type != null; type = type.BaseType)
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ScoringFilter<>))
                return true;
        return false;
    }
}
