using System.Text;
using YuLanData.Filters.FastText;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.FastText;

/// <summary>lid.176.ftz predictions against the fastText CLI on ~6,000 real documents.</summary>
public sealed class LidParityTests
{
    private static readonly string LidPath = RepoPaths.SharedData("models", "lid.176.ftz");

    [Fact]
    public void Lid176_Matches_Cli_PredictProb_On_Real_Documents()
    {
        Assert.True(FastTextCli.Available, "fastText CLI missing: apt-get install fasttext");
        var docs = RealCorpus.MultilingualDocuments();
        Assert.True(docs.Count >= 5000, $"only {docs.Count} documents");
        string input = Path.Combine(Path.GetTempPath(), $"ft-lid-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(input, string.Concat(docs.Select(d => RealCorpus.AsLine(d) + "\n")), new UTF8Encoding(false));
            const int k = 5;
            var cliLines = FastTextCli.Run("predict-prob", LidPath, input, k.ToString()).Split('\n');
            Assert.Equal(docs.Count + 1, cliLines.Length); // trailing newline

            var model = FastTextModel.Load(LidPath);
            Assert.Equal(176, model.Labels.Count);
            Assert.True(model.QuantizedInput);
            Assert.Equal(FastTextLoss.HierarchicalSoftmax, model.Args.Loss);

            // 1) The document API: same labels in the same order, probabilities within 1e-4.
            double maxDiff = 0;
            int compared = 0;
            for (int i = 0; i < docs.Count; i++)
            {
                var expected = FastTextCli.ParsePredictLine(cliLines[i]);
                var actual = model.Predict(docs[i], k);
                Assert.True(expected.Count == actual.Length, $"doc {i}: CLI '{cliLines[i]}' vs ours {actual.Length} labels");
                for (int j = 0; j < actual.Length; j++)
                {
                    Assert.Equal(expected[j].Label, actual[j].Label);
                    maxDiff = Math.Max(maxDiff, Math.Abs(expected[j].Probability - actual[j].Probability));
                }
                compared++;
            }
            Assert.True(maxDiff < 1e-4, $"max probability difference {maxDiff}");

            // 2) The CLI facade prints byte-identical output.
            var sw = new StringWriter { NewLine = "\n" };
            FastTextTool.Predict(model, k, 0f, new StreamReader(input), sw);
            var ours = sw.ToString().Split('\n');
            int identical = ours.Zip(cliLines).Count(p => p.First == p.Second);
            Assert.Equal(cliLines.Length, ours.Length);
            Assert.Equal(cliLines.Length, identical);
            Console.WriteLine($"lid.176 parity: {compared} documents, max |p - p_cli| = {maxDiff:E2}, identical output lines {identical}/{cliLines.Length}");
        }
        finally
        {
            File.Delete(input);
        }
    }
}
