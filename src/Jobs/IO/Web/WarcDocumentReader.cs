using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO.Web;

/// <summary>
/// Streams documents from a WARC file (<c>.warc</c>, or <c>.warc.gz</c> with one gzip member per record as Common
/// Crawl ships it; WET conversion records too), one record at a time. HTML responses (status 200) and HTML resource
/// records become documents whose metadata holds <c>url</c>, <c>warc_record_id</c>, <c>warc_date</c>,
/// <c>content_type</c>, <c>http_status</c>, <c>charset</c> and the decoded page in <c>html</c> (text empty until
/// <c>html_extract</c>); WET conversion records become documents with their plain text. Requests, metadata, warcinfo,
/// revisits, non-HTML and non-200 responses are counted by reason (<c>skipped:*</c> reader counters), never
/// documents. A gzip member is used only once its CRC matched; a corrupt member, a truncated or malformed record
/// is quarantined with the file, record number, byte range and reason, and reading goes on at the next record.
/// </summary>
internal static class WarcDocumentReader
{
    private const int ClassifyBytes = 64 * 1024;

    public static IEnumerable<ReadResult> Read(InputSlice slice, ReaderOptions options)
    {
        Stream stream;
        try
        {
            var raw = CompressedStreams.OpenFile(slice.Path);
            stream = slice.Format == FileFormat.WarcGzip ? CompressedStreams.DecompressVerified(raw, FileFormat.WarcGzip, options) : raw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [FileError(slice.Path, "unreadable_file", "cannot open: " + e.Message)];
        }
        return ReadRecords(slice.Path, options, stream);
    }

    private static IEnumerable<ReadResult> ReadRecords(string path, ReaderOptions options, Stream stream)
    {
        var state = new State(path, options, new PositionedByteReader(stream), stream as VerifiedStream);
        using var _ = state.Reader;
        var results = new List<ReadResult>(4);
        bool more = true;
        while (more)
        {
            results.Clear();
            try
            {
                more = state.Step(results);
            }
            catch (Exception e) when (CompressedStreams.IsCorruptData(e))
            {
                results.Add(state.Quarantine("truncated_record", $"the file cannot be read after byte {state.Reader.Position}: {e.Message}", state.Reader.Position, null));
                more = false;
            }
            foreach (var r in results)
                yield return r;
        }
    }

    private static ReadResult FileError(string path, string kind, string message) =>
        new(null, new QuarantineRecord(new RecordLocation(path), message, kind, IsFileLevel: true), 0);

    /// <summary>The reading state of one file.</summary>
    private sealed class State(string path, ReaderOptions options, PositionedByteReader reader, VerifiedStream? verified)
    {
        private byte[] _line = new byte[256];
        private (long At, byte[] Line)? _pendingLine;
        private long _record;       // records seen (the next record's 0-based number)
        private bool _sawAny;

        public PositionedByteReader Reader => reader;

        private string Where => verified != null ? "decompressed byte" : "byte";

        /// <summary>Reads one record (or one damaged region); false when the file is done.</summary>
        public bool Step(List<ReadResult> results)
        {
            long at;
            int length;
            bool tooLong, complete;
            if (_pendingLine is { } pending)
            {
                _pendingLine = null;
                at = pending.At;
                length = pending.Line.Length;
                pending.Line.CopyTo(_line, 0);
            }
            else while (true)
            {
                at = reader.Position;
                if (!reader.TryReadLine(ref _line, out length, WarcRecordHeader.MaxLineBytes, out tooLong, out complete))
                {
                    TakeCorruptions(long.MaxValue, results);
                    if (!_sawAny && results.Count == 0)
                        results.Add(FileError(path, "empty_file", "file holds no WARC records"));
                    return false;
                }
                if (length > 0 || tooLong)
                    break;
            }
            TakeCorruptions(at, results);
            _sawAny = true;
            if (!_line.AsSpan(0, length).StartsWith("WARC/"u8))
                return Resync(at, results, $"bytes at {Where} {at} are not a WARC record (no 'WARC/' version line)");

            var header = new WarcRecordHeader(Encoding.ASCII.GetString(_line, 0, length));
            while (true)
            {
                if (!reader.TryReadLine(ref _line, out length, WarcRecordHeader.MaxLineBytes, out tooLong, out complete) || !complete)
                {
                    results.Add(Quarantine("truncated_record", $"the file ends inside the header of the WARC record at {Where} {at}", at, reader.Position));
                    return false;
                }
                if (length == 0)
                    break;
                if (tooLong || header.Count >= WarcRecordHeader.MaxFields)
                    return Resync(at, results, $"WARC record at {Where} {at}: header line over {WarcRecordHeader.MaxLineBytes} bytes or more than {WarcRecordHeader.MaxFields} fields");
                var line = _line.AsSpan(0, length);
                int colon = line.IndexOf((byte)':');
                if (colon <= 0)
                    continue; // continuation or malformed line: no field this reader needs can be written so
                header.Add(Encoding.UTF8.GetString(line[..colon]).Trim(), Encoding.UTF8.GetString(line[(colon + 1)..]).Trim());
            }
            if (header.ContentLength is not { } blockLength)
                return Resync(at, results, $"WARC record at {Where} {at} has no valid Content-Length ('{header.Get("Content-Length")}')");
            string type = header.Type ?? "unknown";
            bool mayBeDocument = type is "response" or "resource" or "conversion";
            byte[]? block = null;
            long got;
            if (mayBeDocument)
            {
                block = new byte[(int)Math.Min(blockLength, blockLength <= options.MaxLineBytes ? blockLength : ClassifyBytes)];
                got = reader.ReadExactly(block);
                if (got == block.Length)
                    got += reader.Skip(blockLength - block.Length);
            }
            else
            {
                got = reader.Skip(blockLength);
            }
            long end = reader.Position;
            if (got < blockLength)
            {
                if (!TakeStraddling(at, end, header, results))
                    results.Add(Quarantine("truncated_record", $"WARC {type} record at {Where} {at} declares {blockLength} bytes but the file ends after {got}", at, end, header));
                return false;
            }
            if (TakeStraddling(at, end, header, results))
                return true;
            _record++;
            if (!mayBeDocument)
            {
                results.Add(ReadResult.Count("skipped:warc_" + Counter(type)));
                return true;
            }
            results.AddRange(Classify(header, type, block!, blockLength, at, end));
            return true;
        }

        /// <summary>Turns a response, resource or conversion record into a document, a counted skip, or a quarantine entry.</summary>
        private IEnumerable<ReadResult> Classify(WarcRecordHeader header, string type, byte[] block, long blockLength, long at, long end)
        {
            bool whole = block.Length == blockLength;
            string? warcContentType = header.Get("Content-Type");
            if (type == "conversion")
            {
                if (!whole)
                    return [Quarantine("record_too_large", $"WET conversion record at {Where} {at} holds {blockLength} bytes, over the {options.MaxLineBytes}-byte limit (max_line_bytes)", at, end, header, record: true)];
                var decoded = HtmlCharset.DecodeWith(block, "utf-8", "warc");
                var doc = NewDocument(header, decoded.Text, warcContentType, status: null);
                return WithCounts(doc, decoded, blockLength, html: false);
            }
            int? status = null;
            string? contentType = warcContentType;
            ReadOnlySpan<byte> payload = block;
            HttpResponseHead? head = null;
            if (type == "response" && warcContentType != null && warcContentType.StartsWith("application/http", StringComparison.OrdinalIgnoreCase))
            {
                head = HttpResponseHead.Parse(block, out string? error);
                if (head == null)
                    return [Quarantine("bad_http_response", $"WARC response record at {Where} {at}: {error}", at, end, header, record: true)];
                status = head.Status;
                contentType = head.Get("Content-Type");
                payload = block.AsSpan(head.BodyOffset);
            }
            if (status is { } s && s != 200)
                return [ReadResult.Count($"skipped:http_{s}")];
            if (!IsHtml(contentType, payload))
                return [ReadResult.Count("skipped:not_html")];
            if (!whole)
                return [Quarantine("record_too_large", $"HTML {type} record at {Where} {at} holds {blockLength} bytes, over the {options.MaxLineBytes}-byte limit (max_line_bytes)", at, end, header, record: true)];
            byte[] body = payload.ToArray();
            if (head != null)
            {
                if (head.Get("Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                {
                    body = HttpBodyDecoder.Dechunk(body, out _, out string? chunkError)!;
                    if (chunkError != null)
                        return [Quarantine("bad_http_response", $"WARC response record at {Where} {at}: {chunkError}", at, end, header, record: true)];
                }
                if (head.Get("Content-Encoding") is { } ce)
                {
                    var decodedBody = HttpBodyDecoder.Decode(body, ce.Trim().ToLowerInvariant(), options.MaxLineBytes, out string? codingError);
                    if (decodedBody == null)
                        return [Quarantine("bad_http_response", $"WARC response record at {Where} {at}: {codingError}", at, end, header, record: true)];
                    body = decodedBody;
                }
            }
            var html = HtmlCharset.Decode(body, contentType);
            var page = NewDocument(header, "", contentType, status);
            page.Metadata["html"] = html.Text;
            return WithCounts(page, html, blockLength, html: true);
        }

        private static IEnumerable<ReadResult> WithCounts(Document doc, DecodedHtml decoded, long bytes, bool html)
        {
            if (html)
            {
                doc.Metadata["charset"] = decoded.Charset;
                doc.Metadata["charset_source"] = decoded.Source;
                yield return ReadResult.Count("charset:" + decoded.Charset);
                yield return ReadResult.Count("charset_source:" + decoded.Source);
            }
            if (decoded.InvalidSequences > 0)
            {
                doc.Metadata["invalid_byte_sequences"] = decoded.InvalidSequences;
                yield return ReadResult.Count("invalid_byte_sequences", decoded.InvalidSequences);
                yield return ReadResult.Count("documents_with_invalid_bytes");
            }
            yield return new ReadResult(doc, null, bytes);
        }

        private Document NewDocument(WarcRecordHeader header, string text, string? contentType, int? status)
        {
            string? recordId = WarcRecordHeader.Unbracket(header.Get("WARC-Record-ID"));
            var metadata = new JsonObject
            {
                ["url"] = WarcRecordHeader.Unbracket(header.Get("WARC-Target-URI")),
                ["warc_record_id"] = recordId,
                ["warc_date"] = header.Get("WARC-Date"),
                ["content_type"] = contentType,
                ["http_status"] = status,
            };
            if (header.Get("WARC-Truncated") is { } truncated)
                metadata["warc_truncated"] = truncated;
            return new Document(recordId ?? $"{path}/{_record - 1}", text, path, metadata);
        }

        /// <summary>True for an HTML media type, or, with none given, a payload that starts like an HTML document.</summary>
        private static bool IsHtml(string? contentType, ReadOnlySpan<byte> payload)
        {
            if (!string.IsNullOrWhiteSpace(contentType))
            {
                string mime = contentType.Split(';')[0].Trim().ToLowerInvariant();
                return mime is "text/html" or "application/xhtml+xml";
            }
            var start = Encoding.Latin1.GetString(payload[..Math.Min(payload.Length, 512)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
            return start.StartsWith("<!doctype html", StringComparison.Ordinal) || start.StartsWith("<html", StringComparison.Ordinal);
        }

        /// <summary>Skips damaged bytes up to the next line that starts a WARC record, reporting them as one bad record.</summary>
        /// <param name="at">Where the damaged record or bytes start.</param>
        /// <param name="results">Receives the one quarantine entry.</param>
        /// <param name="what">What is wrong, in words.</param>
        private bool Resync(long at, List<ReadResult> results, string what)
        {
            while (true)
            {
                long lineStart = reader.Position;
                if (!reader.TryReadLine(ref _line, out int length, WarcRecordHeader.MaxLineBytes, out _, out _))
                {
                    results.Add(Quarantine("bad_warc_record", $"{what}; no WARC record follows in the {lineStart - at} bytes to the end", at, lineStart));
                    return false;
                }
                if (_line.AsSpan(0, length).StartsWith("WARC/"u8))
                {
                    results.Add(Quarantine("bad_warc_record", $"{what}; {lineStart - at} bytes skipped, reading resumed at {Where} {lineStart}", at, lineStart));
                    _pendingLine = (lineStart, _line.AsSpan(0, length).ToArray()); // the next record's version line, read again by Step
                    return true;
                }
            }
        }

        /// <summary>Adds an entry for each gzip member withdrawn before <paramref name="before"/>.</summary>
        private void TakeCorruptions(long before, List<ReadResult> results)
        {
            while (verified != null && verified.Corruptions.TryPeek(out var c) && c.Offset <= before)
            {
                verified.Corruptions.Dequeue();
                results.Add(CorruptUnitEntry(c, null));
            }
        }

        /// <summary>When a withdrawn member lies inside the record just read, quarantines the record for it; true if so.</summary>
        private bool TakeStraddling(long at, long end, WarcRecordHeader header, List<ReadResult> results)
        {
            bool any = false;
            while (verified != null && verified.Corruptions.TryPeek(out var c) && c.Offset > at && c.Offset < end)
            {
                verified.Corruptions.Dequeue();
                results.Add(CorruptUnitEntry(c, header));
                any = true;
            }
            if (any)
                _record++;
            return any;
        }

        private ReadResult CorruptUnitEntry(CorruptUnit c, WarcRecordHeader? header)
        {
            var f = c.Failure;
            string after = f.Truncated ? "the file ends there" : $"reading resumed at byte {f.ResumedAt}";
            string record = header == null ? "the WARC record(s) it held were withdrawn" : $"the WARC record read across it ({header.Get("WARC-Record-ID")}) was withdrawn";
            string message = $"{verified!.UnitName} at bytes {f.Start}-{f.ResumedAt} failed verification ({f.Reason}): {record}; {after}";
            var q = new QuarantineRecord(new RecordLocation(path, Row: _record), message, f.Truncated ? "truncated_record" : verified.CorruptKind,
                ByteStart: f.Start, ByteEnd: f.ResumedAt);
            if (header == null)
                _record++;
            return new ReadResult(null, q, c.BytesLost);
        }

        /// <summary>A record-level quarantine entry (it counts as a record read).</summary>
        public ReadResult Quarantine(string kind, string message, long at, long? end, WarcRecordHeader? header = null, bool record = false)
        {
            if (header != null && header.Get("WARC-Record-ID") is { } id)
                message += $" [{id}]";
            if (verified != null)
                message += " (offsets are in the decompressed stream)";
            long row = record ? _record - 1 : _record++;
            return new ReadResult(null, new QuarantineRecord(new RecordLocation(path, Row: row), message, kind,
                ByteStart: verified == null ? at : null, ByteEnd: verified == null ? end : null), Math.Max(0, (end ?? at) - at));
        }

        private static string Counter(string type)
        {
            var sb = new StringBuilder(type.Length);
            foreach (char ch in type)
                sb.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '_');
            return sb.Length == 0 ? "unknown" : sb.ToString();
        }
    }
}
