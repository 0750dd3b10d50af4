using System.IO.Compression;
using System.Text;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests.Web;

/// <summary>The two real WARC samples (dolma's test data: Common-Crawl-style, one gzip member per record) and helpers to damage copies.</summary>
internal static class WarcSamples
{
    public static readonly string[] Files =
    [
        RepoPaths.SharedData("web", "raw_warc", "dolma_tests_sample-0000.warc.gz"),
        RepoPaths.SharedData("web", "raw_warc", "dolma_tests_sample-0001.warc.gz"),
    ];

    /// <summary>The responses in both samples (all HTML, status 200).</summary>
    public const int Responses = 37;

    /// <summary>
    /// The gzip members of a file: offsets where a member header starts and the bytes up to the next one inflate, on
    /// their own, to one WARC record. Found independently of the reader under test.
    /// </summary>
    public static List<(long Start, long End, string Record)> Members(byte[] file)
    {
        var candidates = new List<int>();
        for (int i = 0; i + 3 < file.Length; i++)
            if (file[i] == 0x1f && file[i + 1] == 0x8b && file[i + 2] == 8)
                candidates.Add(i);
        var members = new List<(long, long, string)>();
        int at = 0;
        while (at < file.Length)
        {
            int next = candidates.FirstOrDefault(c => c > at && Inflates(file, at, c), file.Length);
            members.Add((at, next, Inflate(file, at, next)));
            at = next;
        }
        return members;
    }

    private static bool Inflates(byte[] file, int start, int end)
    {
        try
        {
            return Inflate(file, start, end).StartsWith("WARC/", StringComparison.Ordinal);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    public static string Inflate(byte[] file, long start, long end)
    {
        using var gz = new GZipStream(new MemoryStream(file, (int)start, (int)(end - start)), CompressionMode.Decompress);
        using var text = new StreamReader(gz, Encoding.Latin1);
        return text.ReadToEnd();
    }
}
