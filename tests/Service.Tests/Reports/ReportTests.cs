using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SkiaSharp;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.Pipelines;
using YuLanData.Service.Reports;

namespace YuLanData.Service.Tests;

/// <summary>The report of a real run: numbers in the page equal stats.json, the PNGs are valid and their bars have the counts' proportions.</summary>
public class ReportTests
{
    [Fact]
    public void ReportOfARealRunShowsItsStats()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["in/bad.jsonl"], "{\"text\": \"a short one\"}\n{broken json\n{\"no_text\": 1}\n");
        string yaml = TempRoot.Pipeline(root["out/r"], root["in"], splitBytes: 100_000).Replace(
            "[\"" + root["in"] + "/datajuicer_redpajama_pile_samples.jsonl\"]",
            "[\"" + root["in"] + "/datajuicer_redpajama_pile_samples.jsonl\", \"" + root["in/bad.jsonl"] + "\"]");
        File.WriteAllText(root["p.yaml"], yaml);
        var executor = new LocalExecutor(PipelineLoader.Load(root["p.yaml"]), 2);
        var (plan, progress) = executor.Prepare();
        executor.Run(plan, progress);

        string html = File.ReadAllText(RunReport.Write(root["out/r"], root["out/r"]));
        var stats = JsonNode.Parse(File.ReadAllText(root["out/r/stats.json"]))!;
        var values = Regex.Matches(html, "data-key=\"([^\"]+)\" data-value=\"(\\d+)\"")
            .ToDictionary(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        long read = stats["read"]!.GetValue<long>();
        Assert.Equal(read, values["read"]);
        Assert.Equal(stats["kept"]!.GetValue<long>(), values["kept"]);
        Assert.Equal(stats["dropped"]!.GetValue<long>(), values["dropped"]);
        Assert.Equal(stats["quarantined"]!.GetValue<long>(), values["quarantined"]);
        Assert.True(values["quarantined"] >= 2, "the bad lines are quarantined");
        foreach (var (kind, n) in stats["read_quarantined"]!.AsObject())
            Assert.Equal(n!.GetValue<long>(), values["quarantine/read: " + kind]);
        var stages = stats["stages"]!.AsArray();
        foreach (var s in stages)
        {
            string label = s!["stage"]!.GetValue<string>();
            Assert.Equal(s["in"]!.GetValue<long>(), values[label + "/in"]);
            Assert.Equal(s["out"]!.GetValue<long>(), values[label + "/kept"]);
            foreach (var (reason, n) in s["dropped"]!.AsObject())
                Assert.Equal(n!.GetValue<long>(), values[$"{label}/dropped/{reason}"]);
        }
        foreach (var png in new[] { RunReport.FunnelPng, RunReport.DropsPng, RunReport.QuarantinePng, RunReport.ThroughputPng })
        {
            Assert.Contains($"src=\"{png}\"", html);
            CheckPng(root["out/r/" + png]);
        }

        // Funnel bars (steel blue) are as long as the counts: read, then kept after each stage, top to bottom.
        long[] expected = [read, .. stages.Select(s => s!["out"]!.GetValue<long>())];
        var lengths = BarLengths(root["out/r/" + RunReport.FunnelPng], new SKColor(70, 130, 180));
        Assert.Equal(expected.Length, lengths.Count);
        for (int i = 1; i < expected.Length; i++)
            Assert.InRange(lengths[i] / (double)lengths[0], expected[i] / (double)read - 0.01, expected[i] / (double)read + 0.01);
    }

    [Fact]
    public void UnfinishedRunIsRefused()
    {
        using var root = new TempRoot();
        Assert.Throws<InvalidOperationException>(() => RunReport.Write(root["in"], root["out"]));
    }

    /// <summary>Checks the PNG signature, every chunk's CRC, the header, and that the image data inflates to the size the header implies.</summary>
    private static void CheckPng(string path)
    {
        byte[] b = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, b[..8]);
        int pos = 8, width = 0, height = 0, bitDepth = 0, colorType = 0;
        var idat = new MemoryStream();
        var types = new List<string>();
        while (pos < b.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(b, pos + 4, 4);
            var body = b.AsSpan(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(pos + 8 + length));
            Assert.Equal(crc, Crc32.HashToUInt32(b.AsSpan(pos + 4, length + 4)));
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                bitDepth = body[8];
                colorType = body[9];
            }
            if (type == "IDAT")
                idat.Write(body);
            types.Add(type);
            pos += 12 + length;
        }
        Assert.Equal("IHDR", types[0]);
        Assert.Equal("IEND", types[^1]);
        Assert.Equal(900, width);
        Assert.True(height > 100);
        Assert.Equal(8, bitDepth);
        int channels = colorType switch { 6 => 4, 2 => 3, 0 => 1, 4 => 2, _ => throw new InvalidDataException($"color type {colorType}") };
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        Assert.Equal((long)height * (1 + width * channels), raw.Length);
    }

    /// <summary>Horizontal bars of one color, top to bottom: the longest run of that color in each band of rows.</summary>
    private static List<int> BarLengths(string png, SKColor color)
    {
        using var bitmap = SKBitmap.Decode(png);
        var lengths = new List<int>();
        bool inBar = false;
        for (int y = 0; y < bitmap.Height; y++)
        {
            int count = 0;
            for (int x = 0; x < bitmap.Width; x++)
                if (bitmap.GetPixel(x, y) == color)
                    count++;
            if (count > 0 && !inBar)
                lengths.Add(0);
            if (count > 0)
                lengths[^1] = Math.Max(lengths[^1], count);
            inBar = count > 0;
        }
        return lengths;
    }
}
