using System.Text;
using System.Text.Unicode;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>Streams documents from a JSONL file (plain, gzip or zstd), one line at a time.</summary>
public static class JsonlDocumentReader
{
    private const int ExcerptBytes = 200;

    /// <summary>Reads the documents of <paramref name="slice"/>, each line only once the bytes it came from are verified.</summary>
    public static IEnumerable<ReadResult> Read(InputSlice slice, ReaderOptions options)
    {
        Stream stream;
        try
        {
            var raw = CompressedStreams.OpenFile(slice.Path);
            if (slice.Start > 0)
                raw.Seek(slice.Start, SeekOrigin.Begin);
            stream = slice.Format == FileFormat.Jsonl ? raw : CompressedStreams.DecompressVerified(raw, slice.Format, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [FileError(slice, slice.FirstLine, "unreadable_file", "cannot open: " + e.Message)];
        }
        return ReadLines(slice, options, stream);
    }

    /// <summary>
    /// Reads a whole file the way readers did before unit verification (bytes used as they are decompressed): only the
    /// io benchmark's same-run baseline for the cost of verification.
    /// </summary>
    public static IEnumerable<ReadResult> ReadUnverified(InputSlice slice, ReaderOptions options) =>
        ReadLines(slice, options, CompressedStreams.Decompress(CompressedStreams.OpenFile(slice.Path), slice.Format));

    /// <summary>
    /// Reads the lines of a plain or verified stream. For a compressed file, a corrupt unit becomes one file-level
    /// entry, placed before the first line after it, and line numbers after it count the lines it held.
    /// </summary>
    private static IEnumerable<ReadResult> ReadLines(InputSlice slice, ReaderOptions options, Stream stream)
    {
        using var _ = stream;
        var verified = stream as VerifiedStream;
        var lines = new LineReader(stream, options.MaxLineBytes, slice.Start, slice.Format == FileFormat.Jsonl ? slice.End : -1);
        long lineNumber = slice.FirstLine - 1;
        bool sawAny = false;
        bool failed = false;
        var results = new List<ReadResult>(2);
        while (!failed)
        {
            results.Clear();
            bool more;
            try
            {
                long lineStart = lines.Position;
                more = lines.TryReadLine(out var line, out long skipped);
                if (verified != null)
                    TakeCorruptions(slice, verified, more ? lineStart : long.MaxValue, results, ref lineNumber);
                if (more)
                {
                    lineNumber++;
                    sawAny = true;
                    if (skipped >= 0)
                    {
                        results.Add(Quarantined(slice, lineNumber, "line_too_long",
                            $"line of {skipped} bytes exceeds the {options.MaxLineBytes}-byte limit (max_line_bytes)", ReadOnlySpan<byte>.Empty, skipped));
                    }
                    else if (line.IndexOfAnyExcept(" \t\r"u8) >= 0)
                    {
                        results.Add(ParseLine(slice, options, line, lineNumber));
                    }
                }
            }
            catch (Exception e) when (CompressedStreams.IsCorruptData(e))
            {
                results.Add(FileError(slice, lineNumber + 1, "truncated_file",
                    $"{(verified == null ? "file" : "compressed stream")} cannot be read after line {lineNumber}: {e.Message}"));
                more = false;
            }
            if (results.Count > 0)
                sawAny = true;
            foreach (var r in results)
                yield return r;
            failed = !more;
        }
        if (verified is { UncheckedUnits: > 0 })
            yield return FileError(slice, null, "unverifiable_frames",
                $"{verified.UncheckedUnits} {verified.UnitName}(s) carry no content checksum: their records were read without verification");
        if (!sawAny && slice.IsWholeFile)
            yield return FileError(slice, null, "empty_file", "file holds no records");
    }

    /// <summary>Adds an entry for each corrupt unit that lies before <paramref name="before"/> in the verified stream.</summary>
    private static void TakeCorruptions(InputSlice slice, VerifiedStream verified, long before, List<ReadResult> results, ref long lineNumber)
    {
        while (verified.Corruptions.TryPeek(out var c) && c.Offset <= before)
        {
            verified.Corruptions.Dequeue();
            var f = c.Failure;
            string after = f.Truncated
                ? "the file ends there"
                : f.ResumedAt >= new FileInfo(slice.Path).Length ? "no later unit header was found, nothing after it could be read" : $"reading resumed at byte {f.ResumedAt}";
            string message = $"{verified.UnitName} at bytes {f.Start}-{f.ResumedAt} failed verification ({f.Reason}): " +
                $"{c.RecordsLost} record(s) withdrawn ({c.BytesLost} decompressed bytes) from line {lineNumber + 1}; {after}";
            results.Add(new ReadResult(null, new QuarantineRecord(new RecordLocation(slice.Path, lineNumber + 1), message,
                f.Truncated ? "truncated_file" : verified.CorruptKind, IsFileLevel: true,
                ByteStart: f.Start, ByteEnd: f.ResumedAt, RecordsLost: c.RecordsLost), 0));
            lineNumber += c.LinesLost;
        }
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
