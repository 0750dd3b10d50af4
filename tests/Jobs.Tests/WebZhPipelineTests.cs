using System.Diagnostics;
using System.Text.Json.Nodes;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests;

/// <summary>The shipped <c>pipelines/web-zh.yaml</c> through the CLI on the real Chinese text in <c>data/zh</c>:
/// it runs as written (every stage option exists and parses) and keeps what the README's table says.</summary>
public sealed class WebZhPipelineTests
{
    [Fact]
    public async Task Web_zh_pipeline_keeps_most_real_chinese_text()
    {
        using var dir = new TempDir();
        var psi = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "yulandata.dll"), "run", "pipelines/web-zh.yaml", "--output", dir["run"], "--workers", "2"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, output + await err);
        var stats = JsonNode.Parse(File.ReadAllText(dir["run/stats.json"]))!.AsObject();
        Assert.Equal(1195, (int)stats["read"]!);
        var stages = stats["stages"]!.AsArray();
        Assert.Equal(["01_fasttext_lid", "02_gopher_repetition", "03_fineweb_quality", "04_gopher_quality", "05_c4_quality"],
            stages.Select(s => (string)s!["stage"]!).ToArray());
        Assert.Equal(1194, (int)stages[0]!["out"]!);
        Assert.Equal(805, (int)stages[^1]!["out"]!);
    }
}
