using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Filters.FastText;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.FastText;

/// <summary>The fasttext_lid and fasttext_classifier stages against CLI predictions on real documents.</summary>
public sealed class StageTests
{
    private static readonly string LidPath = RepoPaths.SharedData("models", "lid.176.ftz");

    private static List<List<(string Label, double Probability)>> CliPredictAll(string model, IReadOnlyList<string> docs)
    {
        string file = Path.Combine(Path.GetTempPath(), $"ft-stage-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(file, string.Concat(docs.Select(d => RealCorpus.AsLine(d) + "\n")), new UTF8Encoding(false));
            var lines = FastTextCli.Run("predict-prob", model, file, "-1").Split('\n');
            return lines.Take(docs.Count).Select(FastTextCli.ParsePredictLine).ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Near(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5, $"expected {expected} (CLI, 6 digits), got {actual}");

    /// <summary>CLI probabilities have 6 significant digits: skip keep/drop checks that close to the threshold.</summary>
    private static bool Clear(double p, double threshold) => Math.Abs(p - threshold) > 1e-5;

    [Fact]
    public void Lid_Stage_Annotates_And_Filters_Like_Cli_Probabilities()
    {
        var docs = RealCorpus.Texts("lingua_sentences_75langs.jsonl.gz").Where((_, i) => i % 50 == 0).ToList();
        var cli = CliPredictAll(LidPath, docs);
        var all = new FastTextLanguageFilter(new FastTextLanguageFilterOptions { ModelPath = LidPath });
        var enFr = new FastTextLanguageFilter(new FastTextLanguageFilterOptions { ModelPath = LidPath, Languages = ["en", "fr"], LanguageThreshold = 0.5, KeepTopPairsThreshold = 0.2 });
        int kept = 0, keptEnFr = 0;
        for (int i = 0; i < docs.Count; i++)
        {
            var meta = new JsonObject();
            var outcome = all.Apply(new FilterInput(docs[i], $"d{i}", meta));
            var top = cli[i][0];
            Assert.Equal(top.Label["__label__".Length..], (string?)meta["language"]);
            Near(top.Probability, (double)meta["language_score"]!);
            bool expectKeep = top.Probability >= 0.65;
            if (Clear(top.Probability, 0.65))
                Assert.Equal(expectKeep, outcome.Keep);
            if (!outcome.Keep)
                Assert.Equal(FastTextLanguageFilter.BelowThresholdReason, outcome.Reason);
            kept += outcome.Keep ? 1 : 0;

            var meta2 = new JsonObject();
            var outcome2 = enFr.Apply(new FilterInput(docs[i], $"d{i}", meta2));
            bool expect2 = cli[i].Any(p => p.Label is "__label__en" or "__label__fr" && p.Probability >= 0.5);
            if (cli[i].All(p => Clear(p.Probability, 0.5)))
                Assert.Equal(expect2, outcome2.Keep);
            if (!outcome2.Keep)
                Assert.Equal(FastTextLanguageFilter.LanguageNotKeptReason, outcome2.Reason);
            foreach (var (label, p) in cli[i].Where(p => p.Probability > 0.2))
                Near(p, (double)meta2[$"top_language_{label["__label__".Length..]}_score"]!);
            keptEnFr += outcome2.Keep ? 1 : 0;
        }
        Console.WriteLine($"fasttext_lid on {docs.Count} lingua sentences: kept {kept} (any language ≥ 0.65), {keptEnFr} (en/fr ≥ 0.5)");
        Assert.InRange(kept, docs.Count / 2, docs.Count - 1);
        Assert.InRange(keptEnFr, 20, docs.Count / 5);
    }

    [Fact]
    public void Lid_Stage_Rejects_Unknown_Language_And_Missing_Model()
    {
        Assert.Throws<ArgumentException>(() => new FastTextLanguageFilter(new FastTextLanguageFilterOptions { ModelPath = LidPath, Languages = ["xx-nope"] }));
        Assert.Throws<FileNotFoundException>(() => new FastTextLanguageFilter(new FastTextLanguageFilterOptions { ModelPath = "/nonexistent/lid.ftz" }));
        Assert.Throws<ArgumentException>(() => new FastTextLanguageFilterOptions { LanguageThreshold = 2 }.Validate());
    }

    /// <summary>A binary "baking" classifier and a 0..2 score classifier trained on cooking questions.</summary>
    private static (string BakingModel, string ScoreModel, List<string> Docs, string Dir) TrainClassifiers()
    {
        var data = RealCorpus.Read("fasttextjs_stackexchange_cooking_questions.jsonl.gz").Take(4000).ToList();
        var texts = data.Select(e => RealCorpus.AsLine(e.GetProperty("text").GetString()!)).ToList();
        var labels = data.Select(e => e.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList()).ToList();
        var baking = texts.Select((t, i) => (labels[i].Contains("baking") ? "__label__hq " : "__label__lq ") + t).Take(3000).ToList();
        var score = texts.Select((t, i) => $"__label__{Math.Min(labels[i].Count - 1, 2)} {t}").Take(3000).ToList();
        string dir = Directory.CreateTempSubdirectory("ft-stage-").FullName;
        var options = new FastTextTrainingOptions { Dim = 10, Epoch = 5, LearningRate = 0.5, WordNgrams = 2, Bucket = 20_000, Threads = 1 };
        string bakingModel = Path.Combine(dir, "baking.bin"), scoreModel = Path.Combine(dir, "score.bin");
        FastTextTrainer.Train(baking, options).Save(bakingModel);
        FastTextTrainer.Train(score, options).Save(scoreModel);
        return (bakingModel, scoreModel, texts.Skip(3000).ToList(), dir);
    }

    [Fact]
    public void Classifier_Stage_Filter_Bucket_And_Score_Modes_Follow_Cli_Probabilities()
    {
        var (bakingModel, scoreModel, docs, dir) = TrainClassifiers();
        try
        {
            var cli = CliPredictAll(bakingModel, docs);
            var filter = new FastTextClassifierFilter(new FastTextClassifierFilterOptions { ModelPath = bakingModel, Label = "hq", Threshold = 0.3 });
            var buckets = new FastTextClassifierFilter(new FastTextClassifierFilterOptions
            {
                ModelPath = bakingModel, Label = "__label__hq", Mode = FastTextClassifierMode.ProbabilityBucket, MetadataKey = "baking_p",
            });
            var seen = new HashSet<string>();
            int kept = 0;
            for (int i = 0; i < docs.Count; i++)
            {
                double p = cli[i].FirstOrDefault(x => x.Label == "__label__hq").Probability;
                var meta = new JsonObject();
                var o = filter.Apply(new FilterInput(docs[i], $"d{i}", meta));
                Near(p, (double)meta["fasttext_score"]!);
                if (Clear(p, 0.3))
                    Assert.Equal(p >= 0.3, o.Keep);
                kept += o.Keep ? 1 : 0;

                var meta2 = new JsonObject();
                var o2 = buckets.Apply(new FilterInput(docs[i], $"d{i}", meta2));
                Near(p, (double)meta2["baking_p"]!);
                if (new[] { 0.6, 0.7, 0.8, 0.9 }.Any(e => !Clear(p, e)))
                    continue;
                if (p < 0.6)
                {
                    Assert.False(o2.Keep);
                    Assert.Equal(FastTextClassifierFilter.BelowBucketsReason, o2.Reason);
                }
                else
                {
                    string expected = p < 0.7 ? "06_07" : p < 0.8 ? "07_08" : p < 0.9 ? "08_09" : "09_10";
                    Assert.Equal(expected, (string?)meta2["fasttext_bucket"]);
                    seen.Add(expected);
                }
            }
            Console.WriteLine($"fasttext_classifier: kept {kept}/{docs.Count} at p(hq) >= 0.3; buckets seen: {string.Join(",", seen.Order())}");
            Assert.InRange(kept, 10, docs.Count - 10);
            Assert.Contains("09_10", seen);

            var scoreCli = CliPredictAll(scoreModel, docs);
            var score = new FastTextClassifierFilter(new FastTextClassifierFilterOptions { ModelPath = scoreModel, Mode = FastTextClassifierMode.ScoreBucket, MetadataKey = "edu_score", BucketKey = "edu_bucket" });
            for (int i = 0; i < docs.Count; i++)
            {
                double expected = scoreCli[i].Sum(x => Math.Min(x.Probability, 1.0) * int.Parse(x.Label["__label__".Length..], CultureInfo.InvariantCulture));
                var meta = new JsonObject();
                Assert.True(score.Apply(new FilterInput(docs[i], $"d{i}", meta)).Keep);
                Near(expected, (double)meta["edu_score"]!);
                if (Math.Abs(expected - Math.Floor(expected) - 0.5) > 1e-4)
                    Assert.Equal(Math.Clamp((int)Math.Round(expected, MidpointRounding.AwayFromZero), 0, 2).ToString(CultureInfo.InvariantCulture), (string?)meta["edu_bucket"]);
            }
            Assert.Throws<ArgumentException>(() => new FastTextClassifierFilter(new FastTextClassifierFilterOptions { ModelPath = bakingModel, Mode = FastTextClassifierMode.ScoreBucket }));
            Assert.Throws<ArgumentException>(() => new FastTextClassifierFilter(new FastTextClassifierFilterOptions { ModelPath = bakingModel, Label = "nope" }));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Classifier_Options_Validate_Bucket_Edges()
    {
        var o = new FastTextClassifierFilterOptions { ModelPath = "m.bin", Mode = FastTextClassifierMode.ProbabilityBucket, BucketEdges = ["0.5", "0.9"] };
        o.Validate();
        Assert.Equal([0.5, 0.9], o.ParsedBucketEdges());
        o.BucketEdges = ["0.9", "0.5"];
        Assert.Throws<ArgumentException>(o.Validate);
        o.BucketEdges = ["0.5", "x"];
        Assert.Throws<ArgumentException>(o.Validate);
        o.BucketEdges = ["0.5"];
        Assert.Throws<ArgumentException>(o.Validate);
    }

    [Theory]
    [InlineData(0.6, "06")]
    [InlineData(1.0, "10")]
    [InlineData(0.0, "00")]
    [InlineData(0.65, "065")]
    public void Bucket_Edge_Names(double edge, string name) => Assert.Equal(name, FastTextClassifierFilter.EdgeName(edge));
}
