using System.Diagnostics;
using System.Text.Json.Nodes;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests;

/// <summary>
/// <c>yulandata generate</c> in a real child process: its options reach the generation tool, and usage errors keep the
/// tool's exit code 2 and a <c>generate: ...</c> message (as before the command moved to the common parser).
/// </summary>
public sealed class GenerateCommandTests
{
    private static (int Code, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "yulandata.dll"), "generate", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        stdout.Wait();
        p.WaitForExit();
        return (p.ExitCode, stderr);
    }

    [Fact]
    public void UsageErrorsExitTwoAndSayWhat()
    {
        var (code, err) = Run("--model", "x", "--bogus");
        Assert.Equal(2, code);
        Assert.StartsWith("generate: ", err);
        Assert.Contains("'--bogus'", err);

        (code, err) = Run("--model", "x", "--prompts", "p.jsonl");
        Assert.Equal(2, code);
        Assert.Contains("generate needs --out O.jsonl", err);

        (code, err) = Run("--model", "x", "--prompts", "p.jsonl", "--out", "o.jsonl", "--max-new-tokens", "many");
        Assert.Equal(2, code);
        Assert.StartsWith("generate: ", err);
        Assert.Contains("many", err);
    }

    [Fact]
    public void OptionsReachTheGenerator()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir["p.jsonl"], ["""{"id": "a", "prompt_ids": [1, 2, 3]}""", """{"id": "b", "prompt_ids": [4, 5]}"""]);
        var (code, err) = Run("--model", RepoPaths.SharedFixture("tiny-llama"), "--prompts", dir["p.jsonl"], "--out", dir["o.jsonl"],
            "--greedy", "--max-new-tokens", "5", "--device", "cpu", "--dtype", "float32", "--max-batch", "1", "--seed", "7");
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(dir["o.jsonl"]).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(["a", "b"], lines.Select(l => l["id"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.Equal(5, l["completion_tokens"]!.GetValue<int>()));
        Assert.Contains("batch 1", err);
    }
}
