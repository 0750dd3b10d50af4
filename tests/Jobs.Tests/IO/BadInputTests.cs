using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Cli.Commands;

namespace YuLanData.Jobs.Tests;

/// <summary>Each kind of bad input goes to quarantine with its location; the run goes on and the accounting balances.</summary>
public class BadInputTests
{
    private static readonly string[] GoodLines =
    [
        """{"id":"a","text":"first good document"}""",
        """{"id":"b","text":"second good document"}""",
    ];

    private static List<JsonObject> Quarantine(string runRoot) =>
        Directory.Exists(Path.Combine(runRoot, "quarantine"))
            ? Directory.GetFiles(Path.Combine(runRoot, "quarantine")).Order(StringComparer.Ordinal)
                .SelectMany(File.ReadLines).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList()
            : [];

    [Fact]
    public void BrokenJsonInvalidUtf8AndMissingTextAreQuarantinedWithTheirLines()
    {
        using var dir = new TempDir();
        string input = dir["bad.jsonl"];
        using (var f = File.Create(input))
        {
            void Line(byte[] bytes) { f.Write(bytes); f.WriteByte((byte)'\n'); }
            Line(Encoding.UTF8.GetBytes(GoodLines[0]));
            Line(Encoding.UTF8.GetBytes("""{"id":"broken","text":"no end"""));          // line 2: broken JSON
            Line([.. Encoding.UTF8.GetBytes("""{"id":"u","text":"bad """), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")]); // line 3: invalid UTF-8
            Line(Encoding.UTF8.GetBytes("""{"id":"m","body":"no text field"}"""));       // line 4: missing text
            Line(Encoding.UTF8.GetBytes("""{"id":"n","text":17}"""));                   // line 5: text not a string
            Line(Encoding.UTF8.GetBytes("[1,2,3]"));                                    // line 6: not an object
            Line(Encoding.UTF8.GetBytes(GoodLines[1]));
        }
        var (stats, folder) = PipelineRunner.Run(PipelineRunner.Yaml([input], dir["out"]), dir["p.yaml"]);

        Assert.Equal(7, stats.Read);
        Assert.Equal(2, stats.Kept);
        Assert.Equal(5, stats.Quarantined);
        Assert.True(stats.Balanced);
        var q = Quarantine(folder.Root);
        Assert.Equal([2L, 3, 4, 5, 6], q.Select(r => r["line"]!.GetValue<long>()));
        Assert.Equal(["bad_json", "invalid_utf8", "missing_text", "missing_text", "bad_json"], q.Select(r => r["kind"]!.GetValue<string>()));
        Assert.All(q, r => Assert.Equal(input, r["file"]!.GetValue<string>()));
        Assert.Contains("byte 22", q[1]["error"]!.GetValue<string>()); // {"id":"u","text":"bad  is 22 bytes
    }

    [Fact]
    public void AFiftyMegabyteLineIsQuarantinedWithoutStoppingTheRun()
    {
        using var dir = new TempDir();
        string input = dir["huge.jsonl"];
        using (var w = new StreamWriter(input))
        {
            w.WriteLine(GoodLines[0]);
            w.Write("{\"id\":\"huge\",\"text\":\"");
            var chunk = new string('x', 1 << 20);
            for (int i = 0; i < 50; i++)
                w.Write(chunk);
            w.WriteLine("\"}");
            w.WriteLine(GoodLines[1]);
        }
        var (stats, folder) = PipelineRunner.Run(PipelineRunner.Yaml([input], dir["out"], extraInput: "max_line_bytes: 16777216"), dir["p.yaml"]);
        Assert.Equal(3, stats.Read);
        Assert.Equal(2, stats.Kept);
        var q = Assert.Single(Quarantine(folder.Root));
        Assert.Equal("line_too_long", q["kind"]!.GetValue<string>());
        Assert.Equal(2, q["line"]!.GetValue<long>());
    }

    [Fact]
    public void TruncatedSingleMemberGzipKeepsNothingUnverifiedAndCountsWhatWasLost()
    {
        using var dir = new TempDir();
        var docs = RealDocuments.Load("bbc_news_2225.jsonl.gz", 300);
        string full = dir["full.jsonl.gz"];
        RealDocuments.WriteJsonl(full, docs);
        var bytes = File.ReadAllBytes(full);
        string input = dir["truncated.jsonl.gz"];
        File.WriteAllBytes(input, bytes[..(bytes.Length / 2)]);

        var (stats, folder) = PipelineRunner.Run(PipelineRunner.Yaml([input], dir["out"]), dir["p.yaml"]);
        Assert.Equal(0, stats.Kept); // the member's CRC is never reached: none of its records is verified
        Assert.Equal(1, stats.FileErrors["truncated_file"]);
        var q = Assert.Single(Quarantine(folder.Root));
        Assert.Equal("truncated_file", q["kind"]!.GetValue<string>());
        Assert.Equal(1, q["line"]!.GetValue<long>());
        Assert.InRange(q["records_lost"]!.GetValue<long>(), docs.Count / 4, docs.Count);
        Assert.Equal(0, q["byte_start"]!.GetValue<long>());
        Assert.True(stats.Balanced);
    }

    [Fact]
    public void TruncatedSingleFrameZstdKeepsNothingUnverifiedAndCountsWhatWasLost()
    {
        using var dir = new TempDir();
        var docs = RealDocuments.Load("bbc_news_2225.jsonl.gz", 300);
        string full = dir["full.jsonl.zst"];
        RealDocuments.WriteJsonl(full, docs);
        var bytes = File.ReadAllBytes(full);
        string input = dir["truncated.jsonl.zst"];
        File.WriteAllBytes(input, bytes[..(bytes.Length / 2)]);

        var (stats, folder) = PipelineRunner.Run(PipelineRunner.Yaml([input], dir["out"]), dir["p.yaml"]);
        Assert.Equal(0, stats.Kept);
        Assert.Equal(1, stats.FileErrors["truncated_file"]);
        var q = Assert.Single(Quarantine(folder.Root));
        Assert.Equal("truncated_file", q["kind"]!.GetValue<string>());
        Assert.True(q["records_lost"]!.GetValue<long>() > 0);
    }

    [Fact]
    public void UnreadableParquetAndEmptyFilesAreFileLevelQuarantine()
    {
        using var dir = new TempDir();
        string good = dir["good.jsonl"];
        File.WriteAllLines(good, GoodLines);
        string notParquet = dir["broken.parquet"];
        File.WriteAllText(notParquet, "PAR1 this is not a parquet file");
        string empty = dir["empty.jsonl"];
        File.WriteAllText(empty, "");
        string emptyGz = dir["empty.jsonl.gz"];
        using (var gz = new GZipStream(File.Create(emptyGz), CompressionLevel.Fastest)) { }

        var (stats, folder) = PipelineRunner.Run(PipelineRunner.Yaml([dir["*.parquet"], dir["*.jsonl"], dir["*.jsonl.gz"]], dir["out"]), dir["p.yaml"]);
        Assert.Equal(2, stats.Kept);
        Assert.Equal(1, stats.FileErrors["unreadable_file"]);
        Assert.Equal(2, stats.FileErrors["empty_file"]);
        var q = Quarantine(folder.Root);
        Assert.Contains(q, r => r["file"]!.GetValue<string>() == notParquet && r["kind"]!.GetValue<string>() == "unreadable_file");
        Assert.Contains(q, r => r["file"]!.GetValue<string>() == empty && r["kind"]!.GetValue<string>() == "empty_file");
    }

    [Fact]
    public void StrictTurnsQuarantineIntoANonZeroExit()
    {
        using var dir = new TempDir();
        string input = dir["bad.jsonl"];
        File.WriteAllLines(input, [GoodLines[0], "{oops"]);
        File.WriteAllText(dir["p.yaml"], PipelineRunner.Yaml([input], dir["out"]));
        Assert.Equal(ExitCodes.Quarantined, CommandLineApp.Run(["run", dir["p.yaml"], "--strict", "--workers", "1"]));
        File.WriteAllText(dir["p2.yaml"], PipelineRunner.Yaml([input], dir["out2"]));
        Assert.Equal(ExitCodes.Ok, CommandLineApp.Run(["run", dir["p2.yaml"], "--workers", "1"]));
    }
}
