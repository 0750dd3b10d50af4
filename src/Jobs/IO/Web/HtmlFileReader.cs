using System.Text.Json.Nodes;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO.Web;

/// <summary>
/// Reads a plain <c>.html</c> / <c>.htm</c> file as one document: id and source the path, empty text, and metadata
/// <c>html</c> (decoded by BOM, <c>&lt;meta charset&gt;</c>, then detection), <c>content_type</c>, <c>charset</c>.
/// </summary>
internal static class HtmlFileReader
{
    public static IEnumerable<ReadResult> Read(InputSlice slice, ReaderOptions options)
    {
        byte[] bytes;
        try
        {
            long size = new FileInfo(slice.Path).Length;
            if (size > options.MaxLineBytes)
                return [new ReadResult(null, new QuarantineRecord(new RecordLocation(slice.Path, Row: 0),
                    $"HTML file of {size} bytes exceeds the {options.MaxLineBytes}-byte limit (max_line_bytes)", "record_too_large"), size)];
            bytes = File.ReadAllBytes(slice.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [new ReadResult(null, new QuarantineRecord(new RecordLocation(slice.Path), "cannot read: " + e.Message, "unreadable_file", IsFileLevel: true), 0)];
        }
        if (bytes.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
            return [new ReadResult(null, new QuarantineRecord(new RecordLocation(slice.Path), "file holds no HTML", "empty_file", IsFileLevel: true), 0)];
        var decoded = HtmlCharset.Decode(bytes, null);
        var doc = new Document(slice.Path, "", slice.Path, new JsonObject
        {
            ["content_type"] = "text/html",
            ["charset"] = decoded.Charset,
            ["charset_source"] = decoded.Source,
            ["html"] = decoded.Text,
        });
        var results = new List<ReadResult>
        {
            ReadResult.Count("charset:" + decoded.Charset),
            ReadResult.Count("charset_source:" + decoded.Source),
        };
        if (decoded.InvalidSequences > 0)
        {
            doc.Metadata["invalid_byte_sequences"] = decoded.InvalidSequences;
            results.Add(ReadResult.Count("invalid_byte_sequences", decoded.InvalidSequences));
            results.Add(ReadResult.Count("documents_with_invalid_bytes"));
        }
        results.Add(new ReadResult(doc, null, bytes.Length));
        return results;
    }
}
