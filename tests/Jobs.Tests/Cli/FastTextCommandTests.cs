using System.Diagnostics;
using YuLanData.Cli.Commands;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests;

/// <summary><c>./yulandata fasttext predict --model M --k K</c> prints exactly what <c>fasttext predict-prob M - K</c> prints.</summary>
public class FastTextCommandTests
{
    [Fact]
    public async Task PredictMatchesTheFastTextCliByteForByte()
    {
        using var dir = new TempDir();
        string model = RepoPaths.SharedData("models", "lid.176.ftz");
        var lines = IO.DocumentReader.ReadFile(RepoPaths.SharedData("web", "lingua_sentences_75langs.jsonl.gz"))
            .Where((_, i) => i % 50 == 0).Select(r => r.Document!.Text.Replace('\n', ' ')).ToList();
        File.WriteAllLines(dir["in.txt"], lines);

        var psi = new ProcessStartInfo("fasttext", ["predict-prob", model, "-", "3"]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var cli = Process.Start(psi)!;
        var reading = cli.StandardOutput.ReadToEndAsync();
        await cli.StandardInput.WriteAsync(await File.ReadAllTextAsync(dir["in.txt"]));
        cli.StandardInput.Close();
        string expected = await reading;
        await cli.WaitForExitAsync();
        Assert.Equal(0, cli.ExitCode);

        var ours = new StringWriter();
        int rc = Filters.FastText.FastTextCommandLine.Run(FastTextCommand.Translate(["predict", "--model", model, "--k", "3", "--input", dir["in.txt"]]),
            TextReader.Null, ours, Console.Error);
        Assert.Equal(0, rc);
        Assert.Equal(lines.Count, expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(expected, ours.ToString());
    }

    [Fact]
    public void LongOptionsTranslateToTheCliForms()
    {
        Assert.Equal(["predict-prob", "m.bin", "-", "5", "0.1"], FastTextCommand.Translate(["predict", "--model", "m.bin", "--k", "5", "--threshold", "0.1"]));
        Assert.Equal(["test", "m.bin", "t.txt", "1", "0"], FastTextCommand.Translate(["test", "--model", "m.bin", "--input", "t.txt"]));
        Assert.Equal(["supervised", "-input", "a.txt", "-output", "m", "-epoch", "3"], FastTextCommand.Translate(["supervised", "--input", "a.txt", "--output", "m", "--epoch", "3"]));
        Assert.Equal(["predict-prob", "m.bin", "-", "2"], FastTextCommand.Translate(["predict-prob", "m.bin", "-", "2"]));
        Assert.Throws<ArgumentException>(() => FastTextCommand.Translate(["predict", "--k", "2"]));
    }
}
