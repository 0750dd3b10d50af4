using System.Globalization;
using System.Text;
using YuLanData.Filters.FastText;

namespace YuLanData.Filters.Tests.FastText;

/// <summary>Supervised training against <c>fasttext supervised</c> on the real cooking questions.</summary>
public sealed class TrainingTests
{
    /// <summary>Deterministic split of the 15,404 cooking questions: every 5th is held out.</summary>
    internal static (List<string> Train, List<string> Test) CookingSplit()
    {
        var lines = RealCorpus.CookingLines();
        return (lines.Where((_, i) => i % 5 != 0).ToList(), lines.Where((_, i) => i % 5 == 0).ToList());
    }

    private static double CliPrecision(string output)
    {
        var p = output.Split('\n').Single(l => l.StartsWith("P@1\t", StringComparison.Ordinal));
        return double.Parse(p[4..], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Held-out P@1 of our trainer vs the CLI with the same hyperparameters (threads 1), averaged over the
    /// given seeds on both sides (hierarchical softmax varies by ~2 points between seeds, so one seed is noise).
    /// Also checks that the CLI loads our .bin and measures the precision we measure.
    /// </summary>
    [Theory]
    [InlineData("softmax", 10, 5, "0,2")]
    [InlineData("hs", 10, 10, "0,2")]
    [InlineData("ova", 10, 4, "0")]
    public void Heldout_Accuracy_Within_One_Point_Of_Cli(string loss, int dim, int epoch, string seeds)
    {
        var (train, test) = CookingSplit();
        string dir = Directory.CreateTempSubdirectory("ft-train-").FullName;
        try
        {
            string trainFile = Path.Combine(dir, "train.txt"), testFile = Path.Combine(dir, "test.txt");
            File.WriteAllText(trainFile, string.Concat(train.Select(l => l + "\n")), new UTF8Encoding(false));
            string testText = string.Concat(test.Select(l => l + "\n"));
            File.WriteAllText(testFile, testText, new UTF8Encoding(false));
            double cliSum = 0, oursSum = 0;
            var seedList = seeds.Split(',').Select(int.Parse).ToList();
            foreach (int seed in seedList)
            {
                FastTextCli.Run("supervised", "-input", trainFile, "-output", Path.Combine(dir, "cli"), "-lr", "1.0",
                    "-dim", dim.ToString(), "-epoch", epoch.ToString(), "-wordNgrams", "2", "-bucket", "200000",
                    "-thread", "1", "-seed", seed.ToString(), "-loss", loss, "-verbose", "0");
                cliSum += CliPrecision(FastTextCli.Run("test", Path.Combine(dir, "cli.bin"), testFile));

                var model = FastTextTrainer.Train(train, new FastTextTrainingOptions
                {
                    LearningRate = 1.0, Dim = dim, Epoch = epoch, WordNgrams = 2, Bucket = 200_000, Threads = 1, Seed = seed,
                    Loss = FastTextLossNames.Parse(loss),
                });
                var ours = model.Evaluate(new StringReader(testText));
                oursSum += ours.Precision;
                string ourModel = Path.Combine(dir, "ours.bin");
                model.Save(ourModel);
                Assert.Equal(Math.Round(ours.Precision, 3), CliPrecision(FastTextCli.Run("test", ourModel, testFile)), 3);
            }
            double cli = cliSum / seedList.Count, mine = oursSum / seedList.Count;
            Console.WriteLine($"cooking {loss} dim {dim} epoch {epoch} seeds {seeds}: held-out P@1 ours {mine:F4}, CLI {cli:F4}");
            Assert.True(Math.Abs(mine - cli) <= 0.01, $"P@1 ours {mine:F4} vs CLI {cli:F4}");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Single_Thread_Training_Is_Deterministic_For_A_Seed()
    {
        var (train, _) = CookingSplit();
        var subset = train.Take(2000).ToList();
        var options = new FastTextTrainingOptions { Dim = 8, Epoch = 2, WordNgrams = 2, MinN = 2, MaxN = 4, Bucket = 50_000, Threads = 1, Seed = 7, LearningRate = 0.5 };
        byte[] Save(FastTextModel m)
        {
            var ms = new MemoryStream();
            m.Write(ms);
            return ms.ToArray();
        }
        var a = Save(FastTextTrainer.Train(subset, options));
        var b = Save(FastTextTrainer.Train(subset, options));
        Assert.Equal(a, b);
        options.Seed = 8;
        Assert.NotEqual(a, Save(FastTextTrainer.Train(subset, options)));
    }

    [Fact]
    public void Bad_Training_Input_Gives_Clear_Errors()
    {
        var e = Assert.Throws<ArgumentException>(() => FastTextTrainer.Train(["no labels here", "none"], new FastTextTrainingOptions { Threads = 1 }));
        Assert.Contains("no labels", e.Message);
        e = Assert.Throws<ArgumentException>(() => FastTextTrainer.Train(["__label__a x"], new FastTextTrainingOptions { Dim = 0 }));
        Assert.Contains("dim", e.Message);
    }
}
