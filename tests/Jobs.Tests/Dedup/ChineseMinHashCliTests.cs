using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests.Dedup;

/// <summary><c>dedup minhash --unit cjk_char</c> from the command line on real Chinese paragraphs with lightly edited
/// re-posts planted: the copies are found and the originals kept; word shingles find almost none. (Before, the hidden
/// Slurm option <c>--unit STAGE:INDEX</c> shadowed the shingle <c>--unit</c>, so no unit could be chosen.)</summary>
public sealed class ChineseMinHashCliTests
{
    private static List<string> Paragraphs()
    {
        using var r = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(RepoPaths.Root, "data", "zh", "cmrc2018_wiki_paragraphs.jsonl.gz")), CompressionMode.Decompress));
        var list = new List<string>();
        string? line;
        while ((line = r.ReadLine()) != null) list.Add((string)JsonNode.Parse(line)!["text"]!);
        return list;
    }

    // A re-post: two characters changed, one clause of the second half dropped, a source line appended.
    private static string Repost(string text, Random rng)
    {
        var sb = new StringBuilder(text);
        for (int k = 0; k < 2; k++) sb[rng.Next(sb.Length)] = (char)rng.Next(0x4E00, 0x9FA5);
        string s = sb.ToString();
        int a = s.IndexOf('，', s.Length / 2);
        int b = a > 0 ? s.IndexOf('，', a + 1) : -1;
        if (b > 0) s = s.Remove(a, b - a);
        return s + "\n（来源：网络转载）";
    }

    private static (int Exit, string Output) Cli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "yulandata.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }

    [Fact]
    public void Cjk_char_shingles_find_lightly_edited_reposts_of_real_chinese_paragraphs()
    {
        using var dir = new TempDir();
        var paragraphs = Paragraphs().Take(300).ToList();
        var rng = new Random(7);
        var ids = new List<string>();
        using (var w = new StreamWriter(dir["in.jsonl"], false, new UTF8Encoding(false)))
        {
            for (int i = 0; i < paragraphs.Count; i++)
            {
                ids.Add($"p{i}");
                w.WriteLine(JsonSerializer.Serialize(new { id = $"p{i}", text = paragraphs[i] }));
            }
            for (int i = 0; i < 60; i++)
            {
                int of = i * 5;
                ids.Add($"copy{i}-of-p{of}");
                w.WriteLine(JsonSerializer.Serialize(new { id = $"copy{i}-of-p{of}", text = Repost(paragraphs[of], rng) }));
            }
        }
        var (exit, output) = Cli("dedup", "minhash", "--unit", "cjk_char", "--input", dir["in.jsonl"], "--output", dir["cjk"], "--workers", "1");
        Assert.True(exit == 0, output);
        Assert.Contains("unit=cjkchar", File.ReadAllText(dir["cjk/dedup.json"]));
        int found = 0;
        foreach (var line in File.ReadLines(dir["cjk/result/clusters.jsonl"]))
        {
            var c = JsonNode.Parse(line)!.AsObject();
            var members = c["members"]!.AsArray().Select(m => ids[int.Parse(((string)m!).Split(':')[1])]).ToList();
            string keep = ids[int.Parse(((string)c["keep"]!).Split(':')[1])];
            Assert.Equal(2, members.Count);
            Assert.StartsWith("p", keep);                                        // the original survives
            Assert.Contains(members, m => m.StartsWith("copy", StringComparison.Ordinal) && m.EndsWith("-of-" + keep, StringComparison.Ordinal));
            found++;
        }
        Assert.True(found >= 48, $"cjk_char found {found} of 60 re-posts");

        (exit, output) = Cli("dedup", "minhash", "--unit", "word", "--input", dir["in.jsonl"], "--output", dir["word"], "--workers", "1");
        Assert.True(exit == 0, output);
        int wordClusters = File.ReadLines(dir["word/result/clusters.jsonl"]).Count();
        Assert.True(wordClusters <= 6, $"word shingles found {wordClusters}");
    }
}
