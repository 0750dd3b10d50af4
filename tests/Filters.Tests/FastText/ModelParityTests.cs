using System.Text;
using YuLanData.Filters.FastText;

namespace YuLanData.Filters.Tests.FastText;

/// <summary>
/// Models trained by the CLI (softmax, hs, ova; dense and quantized, with subwords and word n-grams) read by
/// us, and models trained by us read by the CLI: both sides must print the same predictions.
/// </summary>
public sealed class ModelParityTests(ModelParityTests.Models models) : IClassFixture<ModelParityTests.Models>
{
    private const string Common = "-dim 10 -epoch 3 -lr 0.5 -minn 2 -maxn 4 -wordNgrams 2 -bucket 10000 -thread 1 -verbose 0";

    /// <summary>Trains and quantizes the CLI models once for all tests of the class.</summary>
    public sealed class Models : IDisposable
    {
        public Models()
        {
            Dir = Directory.CreateTempSubdirectory("ft-parity-").FullName;
            var (train, test) = TrainingTests.CookingSplit();
            Train = train.Take(3000).ToList();
            TrainFile = Path.Combine(Dir, "train.txt");
            File.WriteAllText(TrainFile, string.Concat(Train.Select(l => l + "\n")), new UTF8Encoding(false));
            // Evaluation lines: held-out questions plus multilingual documents (many out-of-vocabulary tokens).
            var eval = test.Take(700).Concat(RealCorpus.MultilingualDocuments().Where((_, i) => i % 12 == 0).Select(RealCorpus.AsLine)).ToList();
            EvalFile = Path.Combine(Dir, "eval.txt");
            File.WriteAllText(EvalFile, string.Concat(eval.Select(l => l + "\n")), new UTF8Encoding(false));
            EvalCount = eval.Count;

            foreach (var loss in new[] { "softmax", "hs", "ova" })
                FastTextCli.Run(["supervised", "-input", TrainFile, "-output", Path.Combine(Dir, loss), "-loss", loss, .. Common.Split(' ')]);
            FastTextCli.Run("quantize", "-input", TrainFile, "-output", Path.Combine(Dir, "softmax"), "-qnorm");
            FastTextCli.Run("quantize", "-input", TrainFile, "-output", Path.Combine(Dir, "hs"), "-qnorm", "-qout", "-cutoff", "4000");
            FastTextCli.Run("quantize", "-input", TrainFile, "-output", Path.Combine(Dir, "ova"), "-cutoff", "3000", "-retrain", "-epoch", "1", "-dsub", "5", "-thread", "1");

            // A version-11 file: fastText then ignores char n-grams of supervised models.
            var v11 = File.ReadAllBytes(Path.Combine(Dir, "softmax.bin"));
            v11[4] = 11;
            File.WriteAllBytes(Path.Combine(Dir, "softmax_v11.bin"), v11);
        }

        public string Dir { get; }

        public List<string> Train { get; }

        public string TrainFile { get; }

        public string EvalFile { get; }

        public int EvalCount { get; }

        public void Dispose() => Directory.Delete(Dir, true);
    }

    private (int Identical, double MaxDiff) Compare(string modelFile, FastTextModel model, int k, float threshold)
    {
        var cli = FastTextCli.Run("predict-prob", modelFile, models.EvalFile, k.ToString(), threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)).Split('\n');
        var sw = new StringWriter();
        using (var reader = new StreamReader(models.EvalFile))
            FastTextTool.Predict(model, k, threshold, reader, sw);
        var ours = sw.ToString().Split('\n');
        Assert.Equal(models.EvalCount + 1, cli.Length);
        Assert.Equal(cli.Length, ours.Length);
        double maxDiff = 0;
        int identical = 0;
        for (int i = 0; i < cli.Length; i++)
        {
            if (cli[i] == ours[i])
                identical++;
            var c = FastTextCli.ParsePredictLine(cli[i]);
            var o = FastTextCli.ParsePredictLine(ours[i]);
            Assert.True(c.Count == o.Count, $"{Path.GetFileName(modelFile)} line {i}: CLI '{cli[i]}' vs ours '{ours[i]}'");
            for (int j = 0; j < c.Count; j++)
            {
                Assert.True(c[j].Label == o[j].Label, $"{Path.GetFileName(modelFile)} line {i}: CLI '{cli[i]}' vs ours '{ours[i]}'");
                maxDiff = Math.Max(maxDiff, Math.Abs(c[j].Probability - o[j].Probability));
            }
        }
        return (identical, maxDiff);
    }

    [Theory]
    [InlineData("softmax.bin", 3, 0f)]
    [InlineData("hs.bin", 3, 0f)]
    [InlineData("ova.bin", -1, 0.05f)]
    [InlineData("softmax.ftz", 3, 0f)]
    [InlineData("hs.ftz", 2, 0.01f)]
    [InlineData("ova.ftz", 5, 0f)]
    [InlineData("softmax_v11.bin", 3, 0f)]
    public void Cli_Trained_Model_Predicts_Like_Cli(string file, int k, float threshold)
    {
        string path = Path.Combine(models.Dir, file);
        var model = FastTextModel.Load(path);
        Assert.Equal(file.EndsWith(".ftz", StringComparison.Ordinal), model.QuantizedInput);
        Assert.Equal(file is "ova.ftz" or "hs.ftz", model.Dictionary.IsPruned);
        if (file == "hs.ftz")
            Assert.True(model.QuantizedOutput);
        if (file == "softmax_v11.bin")
            Assert.Equal(0, model.Args.MaxN);
        var (identical, maxDiff) = Compare(path, model, k, threshold);
        Console.WriteLine($"{file}: {identical}/{models.EvalCount + 1} identical lines, max diff {maxDiff:E2}");
        Assert.True(maxDiff < 1e-4, $"max diff {maxDiff}");
        Assert.Equal(models.EvalCount + 1, identical);
    }

    [Theory]
    [InlineData("softmax", 3, 0f)]
    [InlineData("hs", 3, 0f)]
    [InlineData("ova", -1, 0.05f)]
    public void Our_Trained_Model_Is_Read_By_Cli_With_Identical_Predictions(string loss, int k, float threshold)
    {
        var model = FastTextTrainer.Train(models.Train, new FastTextTrainingOptions
        {
            Dim = 10, Epoch = 3, LearningRate = 0.5, MinN = 2, MaxN = 4, WordNgrams = 2, Bucket = 10_000, Threads = 2,
            Loss = FastTextLossNames.Parse(loss),
        });
        string path = Path.Combine(models.Dir, $"ours_{loss}.bin");
        model.Save(path);
        var reloaded = FastTextModel.Load(path);
        var (identical, maxDiff) = Compare(path, reloaded, k, threshold);
        Console.WriteLine($"ours_{loss}.bin read by CLI: {identical}/{models.EvalCount + 1} identical lines, max diff {maxDiff:E2}");
        Assert.Equal(models.EvalCount + 1, identical);
    }
}
