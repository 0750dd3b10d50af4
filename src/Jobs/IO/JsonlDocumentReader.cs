using System.Text;
using System.Text.Unicode;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>Streams documents from a JSONL file (plain, gzip or zstd), one line at a time.</summary>
internal static class JsonlDocumentReader
{
    private const int ExcerptBytes = 200;

    public static IEnumerable<ReadResult> Read(InputSlice slice, ReaderOptions options)
    {
        Stream stream;
        try
        {
            var raw = CompressedStreams.OpenFile(slice.Path);
            if (slice.Start > 0)
                raw.Seek(slice.Start, SeekOrigin.Begin);
            stream = CompressedStreams.Decompress(raw, slice.Format);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [FileError(slice, slice.FirstLine, "unreadable_file", "cannot open: " + e.Message)];
        }
        return ReadLines(slice, options, stream);
    }

    private static IEnumerable<ReadResult> ReadLines(InputSlice slice, ReaderOptions options, Stream stream)
    {
        using var _ = stream;
        var lines = new LineReader(stream, options.MaxLineBytes, slice.Start, slice.Format == FileFormat.Jsonl ? slice.End : -1);
        long lineNumber = slice.FirstLine - 1;
        bool sawAny = false;
        bool failed = false;
        while (true)
        {
            ReadResult result;
            try
            {
                if (!lines.TryReadLine(out var line, out long skipped))
                    break;
                lineNumber++;
                sawAny = true;
                if (skipped >= 0)
                {
                    result = Quarantined(slice, lineNumber, "line_too_long",
                        $"line of {skipped} bytes exceeds the {options.MaxLineBytes}-byte limit (max_line_bytes)", ReadOnlySpan<byte>.Empty, skipped);
                }
                else if (line.IndexOfAnyExcept(" \t\r"u8) < 0)
                {
                    continue;
                }
                else
                {
                    result = ParseLine(slice, options, line, lineNumber);
                }
            }
            catch (Exception e) when (CompressedStreams.IsCorruptData(e))
            {
                result = FileError(slice, lineNumber + 1, "truncated_file",
                    $"compressed stream is truncated or corrupt after line {lineNumber}: {e.Message}");
                sawAny = true;
                failed = true;
            }
            yield return result;
            if (failed)
                break;
        }
        if (!sawAny && slice.IsWholeFile)
            yield return FileError(slice, null, "empty_file", "file holds no records");
    }

    private static ReadResult ParseLine(InputSlice slice, ReaderOptions options, ReadOnlySpan<byte> line, long lineNumber)
    {
        if (!Utf8.IsValid(line))
        {
            int at = FirstInvalidUtf8(line);
            return Quarantined(slice, lineNumber, "invalid_utf8", $"invalid UTF-8 at byte {at} of the line", line, line.Length);
        }
        var doc = DocumentJson.Parse(line, options, slice.Path, lineNumber, out var error);
        return doc != null
            ? new ReadResult(doc, null, line.Length)
            : Quarantined(slice, lineNumber, error.Kind, error.Message, line, line.Length);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
                return i;
            i += consumed;
        }
        return i;
    }

    private static ReadResult Quarantined(InputSlice slice, long line, string kind, string message, ReadOnlySpan<byte> raw, long bytes)
    {
        string excerpt = Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, ExcerptBytes)]);
        return new ReadResult(null, new QuarantineRecord(new RecordLocation(slice.Path, line), message, kind, Excerpt: excerpt), bytes);
    }

    private static ReadResult FileError(InputSlice slice, long? line, string kind, string message) =>
        new(null, new QuarantineRecord(new RecordLocation(slice.Path, line), message, kind, IsFileLevel: true), 0);
}
