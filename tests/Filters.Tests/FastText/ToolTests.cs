using System.Text;
using YuLanData.Filters.FastText;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.FastText;

/// <summary>The CLI facade prints exactly what the fastText CLI prints.</summary>
public sealed class ToolTests
{
    private static readonly string LidPath = RepoPaths.SharedData("models", "lid.176.ftz");

    private static string Ours(Action<TextReader, TextWriter> run, string inputFile)
    {
        var sw = new StringWriter();
        using var reader = new StreamReader(inputFile, new UTF8Encoding(false));
        run(reader, sw);
        return sw.ToString();
    }

    [Fact]
    public void Predict_Handles_Odd_Lines_Like_Cli()
    {
        // A literal </s> ends a line early, blank and whitespace-only lines, \r, \0, \v, labels in text,
        // an unterminated last line: all as the CLI does them.
        string text = "Bonjour tout le monde </s> and then English\n\n   \n" + "das ist\rgut\n" + "null\0byte\vvt\f\n"
                      + "__label__en __label__zz only labels\n" + "x </s>\n" + "日本語のテキストです。\n" + "last line without newline";
        string file = Path.Combine(Path.GetTempPath(), $"ft-odd-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(file, text, new UTF8Encoding(false));
            var model = FastTextModel.Load(LidPath);
            foreach (var (k, threshold) in new[] { ("2", "0"), ("-1", "0.01"), ("1", "0.99") })
            {
                string cli = FastTextCli.Run("predict-prob", LidPath, file, k, threshold);
                string ours = Ours((r, w) => FastTextTool.Predict(model, int.Parse(k), float.Parse(threshold, System.Globalization.CultureInfo.InvariantCulture), r, w), file);
                Assert.Equal(cli, ours);
            }
            string cliLabels = FastTextCli.Run("predict", LidPath, file, "3");
            Assert.Equal(cliLabels, Ours((r, w) => FastTextTool.Predict(model, 3, 0f, r, w, printProbabilities: false), file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Train_From_Jsonl_Equals_Train_From_Text_And_Test_Prints_Like_Cli()
    {
        string dir = Directory.CreateTempSubdirectory("ft-tool-").FullName;
        try
        {
            var rows = RealCorpus.Read("fasttextjs_stackexchange_cooking_questions.jsonl.gz").Take(3000).ToList();
            string jsonl = Path.Combine(dir, "train.jsonl");
            File.WriteAllLines(jsonl, rows.Take(2500).Select(r => r.GetRawText()));
            var lines = RealCorpus.CookingLines();
            string txt = Path.Combine(dir, "train.txt"), test = Path.Combine(dir, "test.txt");
            File.WriteAllText(txt, string.Concat(lines.Take(2500).Select(l => l + "\n")), new UTF8Encoding(false));
            File.WriteAllText(test, string.Concat(lines.Skip(2500).Take(500).Select(l => l + "\n")), new UTF8Encoding(false));
            var training = new FastTextTrainingOptions { Dim = 10, Epoch = 5, LearningRate = 0.5, WordNgrams = 2, Bucket = 20_000, Threads = 1 };

            var log = new StringWriter();
            FastTextTool.Train(new FastTextTrainInput { Input = jsonl, LabelField = "labels", Output = Path.Combine(dir, "a.bin"), Training = training }, log);
            FastTextTool.Train(new FastTextTrainInput { Input = txt, Output = Path.Combine(dir, "b.bin"), Training = training }, TextWriter.Null);
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a.bin")), File.ReadAllBytes(Path.Combine(dir, "b.bin")));
            Assert.Matches(@"^Read 0M words\nNumber of words:  \d+\nNumber of labels: \d+\n$", log.ToString());

            foreach (var k in new[] { "1", "3" })
            {
                string cli = FastTextCli.Run("test", Path.Combine(dir, "a.bin"), test, k);
                Assert.Equal(cli, Ours((r, w) => FastTextTool.Test(Path.Combine(dir, "a.bin"), int.Parse(k), 0f, r, w), test));
            }
            string cliT = FastTextCli.Run("test", Path.Combine(dir, "a.bin"), test, "2", "0.2");
            Assert.Equal(cliT, Ours((r, w) => FastTextTool.Test(Path.Combine(dir, "a.bin"), 2, 0.2f, r, w), test));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Train_From_Positive_And_Negative_Sets()
    {
        string dir = Directory.CreateTempSubdirectory("ft-pn-").FullName;
        try
        {
            // Positive: BBC news articles; negative: DCLM web pages (both real).
            var bbc = RealCorpus.Read("bbc_news_2225.jsonl.gz").Select(e => e.GetRawText()).ToList();
            var web = RealCorpus.Read("dclm_quality_annotated_cc.jsonl.gz").Select(e => e.GetRawText()).ToList();
            File.WriteAllLines(Path.Combine(dir, "pos.jsonl"), bbc.Where((_, i) => i % 4 != 0).Take(600));
            File.WriteAllLines(Path.Combine(dir, "neg.jsonl"), web.Where((_, i) => i % 4 != 0));
            var model = FastTextTool.Train(new FastTextTrainInput
            {
                Positive = Path.Combine(dir, "pos.jsonl"), Negative = Path.Combine(dir, "neg.jsonl"), PositiveLabel = "news", NegativeLabel = "web",
                Output = Path.Combine(dir, "pn.bin"), Training = new FastTextTrainingOptions { Dim = 16, Epoch = 5, LearningRate = 0.5, Threads = 1 },
            }, TextWriter.Null);
            Assert.Equal(2, model.Labels.Count);
            var heldOut = RealCorpus.Texts("bbc_news_2225.jsonl.gz").Where((_, i) => i % 4 == 0).Take(150).Select(t => ("__label__news", t))
                .Concat(RealCorpus.Texts("dclm_quality_annotated_cc.jsonl.gz").Where((_, i) => i % 4 == 0).Select(t => ("__label__web", t))).ToList();
            double accuracy = heldOut.Count(x => model.Predict(x.t)[0].Label == x.Item1) / (double)heldOut.Count;
            Console.WriteLine($"news-vs-web held-out accuracy {accuracy:F3} on {heldOut.Count} documents");
            Assert.True(accuracy > 0.9, $"accuracy {accuracy}");

            var bad = Path.Combine(dir, "bad.jsonl");
            File.WriteAllText(bad, "{\"text\": \"ok\", \"label\": \"a\"}\n{\"txt\": 1}\n");
            var e = Assert.Throws<InvalidDataException>(() => FastTextTool.Train(new FastTextTrainInput { Input = bad, Output = Path.Combine(dir, "x.bin") }, TextWriter.Null));
            Assert.Contains("bad.jsonl:2", e.Message);
            Assert.Throws<ArgumentException>(() => FastTextTool.Train(new FastTextTrainInput { Positive = bad, Output = "x.bin" }, TextWriter.Null));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Command_Line_Trains_Predicts_And_Tests_Like_The_Cli()
    {
        string dir = Directory.CreateTempSubdirectory("ft-cmd-").FullName;
        try
        {
            var lines = RealCorpus.CookingLines();
            string train = Path.Combine(dir, "train.txt"), test = Path.Combine(dir, "test.txt");
            File.WriteAllText(train, string.Concat(lines.Take(2000).Select(l => l + "\n")), new UTF8Encoding(false));
            File.WriteAllText(test, string.Concat(lines.Skip(2000).Take(300).Select(l => l + "\n")), new UTF8Encoding(false));
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int rc = FastTextCommandLine.Run(["supervised", "-input", train, "-output", Path.Combine(dir, "m"), "-dim", "8", "-epoch", "3",
                "-loss", "hs", "-minn", "3", "-maxn", "5", "-bucket", "5000", "-thread", "1"], TextReader.Null, stdout, stderr);
            Assert.True(rc == 0, stderr.ToString());
            string model = Path.Combine(dir, "m.bin");
            Assert.True(File.Exists(model));

            stdout = new StringWriter();
            using (var stdin = new StreamReader(test))
                Assert.Equal(0, FastTextCommandLine.Run(["predict-prob", model, "-", "2"], stdin, stdout, stderr));
            Assert.Equal(FastTextCli.Run("predict-prob", model, test, "2"), stdout.ToString());

            stdout = new StringWriter();
            Assert.Equal(0, FastTextCommandLine.Run(["test", model, test, "1"], TextReader.Null, stdout, stderr));
            Assert.Equal(FastTextCli.Run("test", model, test, "1"), stdout.ToString());

            stderr = new StringWriter();
            Assert.Equal(1, FastTextCommandLine.Run(["predict", Path.Combine(dir, "missing.bin"), test], TextReader.Null, TextWriter.Null, stderr));
            Assert.Contains("missing.bin", stderr.ToString());
            Assert.Equal(1, FastTextCommandLine.Run(["supervised", "-input", train, "-bogus", "1"], TextReader.Null, TextWriter.Null, new StringWriter()));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
