using YuLanData.Jobs.Execution;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests.Domains;

/// <summary>The shipped domain pipelines as they are (pipelines/code.yaml, pipelines/math.yaml), run in-process over the
/// real data in ../shared: they load, bind every stage option, balance their accounting and keep what they should.</summary>
public class DomainPipelineTests
{
    private static string Shipped(string name, string output)
    {
        string yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines", name));
        return yaml.Replace("../shared/", RepoPaths.Shared.TrimEnd('/') + "/").Replace("path: out/", $"path: {output}/");
    }

    private static long Dropped(TaskStats stats, string reason) => stats.Stages.Sum(s => s.Dropped.GetValueOrDefault(reason));

    [Fact]
    public void CodePipelineDropsVendoredAndGeneratedFilesAndKeepsOwnCode()
    {
        using var dir = new TempDir();
        var (stats, _) = PipelineRunner.Run(Shipped("code.yaml", dir["out"]), dir["code.yaml"]);
        Assert.True(stats.Balanced, stats.Balance);
        Assert.Equal(1520, stats.Read);
        // setuptools/_vendor: 85 files, plus 2 own files carrying another project's licence header
        Assert.Equal(87, Dropped(stats, "vendored"));
        Assert.InRange(Dropped(stats, "generated"), 28, 80);
        Assert.True(Dropped(stats, "code_comment_ratio") <= 1, "the minimum comment share is off; only mostly-comment files drop");
        // own, non-empty source files kept: >= 90% (1,269 of 1,406 measured)
        Assert.True(stats.Kept >= 1265, $"kept {stats.Kept}");
    }

    [Fact]
    public void MathPipelineKeepsTheTextbookChaptersAndRestoresTheirSource()
    {
        using var dir = new TempDir();
        var (stats, _) = PipelineRunner.Run(Shipped("math.yaml", dir["out"]), dir["math.yaml"]);
        Assert.True(stats.Balanced, stats.Balance);
        Assert.Equal(61, stats.Read);
        Assert.True(stats.Kept >= 15, $"kept {stats.Kept}");
        var kept = Directory.EnumerateFiles(Path.Combine(dir["out"], "math", "output"), "*.jsonl").SelectMany(File.ReadLines).ToList();
        Assert.Contains(kept, l => l.Contains("\"id\":\"hott:basics.tex\""));
        // kept text is the normalized LaTeX source, not the prose view
        Assert.Contains(kept, l => l.Contains("\"id\":\"hott:basics.tex\"") && l.Contains("$p : [0,1] \\\\to X$"));
        Assert.DoesNotContain(kept, l => l.Contains("math_source_text"));
    }
}
