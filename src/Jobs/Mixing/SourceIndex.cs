using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Win32.SafeHandles;
using YuLanData.Inference.Tokenization;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Mixing;

/// <summary>
/// The first pass over one source: every readable, non-empty document tokenized once, its ids appended to
/// <c>tokens.bin</c> (int32), its id and text to blobs, its order keys to <c>key-*.bin</c>, and a 48-byte
/// <see cref="IndexedDocument"/> per document. Built into a temporary folder and moved into place with a manifest
/// last, so an interrupted build is redone and a finished one is reused when the files, tokenizer and settings match.
/// </summary>
public sealed class SourceIndex : IDisposable
{
    private readonly SafeFileHandle _tokens;
    private readonly SafeFileHandle _ids;
    private readonly SafeFileHandle _text;

    private readonly MappedArray<IndexedDocument> _docs;
    private readonly Dictionary<string, MappedArray<double>> _keys;

    private SourceIndex(string folder, string source, IReadOnlyList<string> files, MappedArray<IndexedDocument> docs,
        Dictionary<string, MappedArray<double>> keys, long quarantined)
    {
        Folder = folder;
        Source = source;
        Files = files;
        _docs = docs;
        _keys = keys;
        Keys = keys.ToDictionary(k => k.Key, k => (IReadOnlyList<double>)k.Value, StringComparer.Ordinal);
        Quarantined = quarantined;
        TotalTokens = docs.Sum(d => (long)d.Tokens);
        _tokens = File.OpenHandle(Path.Combine(folder, "tokens.bin"));
        _ids = File.OpenHandle(Path.Combine(folder, "ids.bin"));
        _text = File.OpenHandle(Path.Combine(folder, "text.bin"));
    }

    /// <summary>The index folder.</summary>
    public string Folder { get; }

    /// <summary>The source path as written in the curriculum.</summary>
    public string Source { get; }

    /// <summary>The source's document files, in reading order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The documents, memory-mapped from <c>docs.bin</c>.</summary>
    public IReadOnlyList<IndexedDocument> Documents => _docs;

    /// <summary>Order-key values: key name → one value per document (memory-mapped).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Keys { get; }

    /// <summary>Unreadable records skipped (reported by the reader with file and line).</summary>
    public long Quarantined { get; }

    public long TotalTokens { get; }

    /// <summary>Reads a document's token ids into <paramref name="destination"/> (length = its token count).</summary>
    public void ReadTokens(in IndexedDocument doc, Span<int> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination[..doc.Tokens]);
        ReadExactly(_tokens, bytes, doc.TokenOffset * 4);
        if (!BitConverter.IsLittleEndian)
            BinaryPrimitives.ReverseEndianness(destination, destination);
    }

    public string ReadId(in IndexedDocument doc)
    {
        var buf = new byte[doc.IdBytes];
        ReadExactly(_ids, buf, doc.IdOffset);
        return Encoding.UTF8.GetString(buf);
    }

    public string ReadText(in IndexedDocument doc)
    {
        var buf = new byte[doc.TextBytes];
        ReadExactly(_text, buf, doc.TextOffset);
        return Encoding.UTF8.GetString(buf);
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            int n = RandomAccess.Read(handle, buffer, offset);
            if (n <= 0)
                throw new IOException("index file is shorter than its entries say; delete the index folder and rerun");
            buffer = buffer[n..];
            offset += n;
        }
    }

    public void Dispose()
    {
        _tokens.Dispose();
        _ids.Dispose();
        _text.Dispose();
        _docs.Dispose();
        foreach (var k in _keys.Values) k.Dispose();
    }

    /// <summary>Builds the index of <paramref name="source"/> under <paramref name="indexRoot"/>, or reuses a finished one.</summary>
    /// <param name="source">The curriculum source path.</param>
    /// <param name="indexRoot">Folder holding one sub-folder per source.</param>
    /// <param name="tokenizer">Counts and encodes tokens.</param>
    /// <param name="tokenizerFingerprint">Identifies the tokenizer file (a hash of its bytes).</param>
    /// <param name="settings">Tokenization settings (special tokens, EOS).</param>
    /// <param name="orderKeys">Metadata keys to record for curriculum ordering.</param>
    /// <param name="storeText">Keep the text too (needed for text shards).</param>
    /// <param name="log">Progress lines.</param>
    public static SourceIndex Open(string source, string indexRoot, HuggingFaceTokenizer tokenizer, string tokenizerFingerprint,
        TokenizationSettings settings, IReadOnlyList<string> orderKeys, bool storeText, TextWriter? log = null)
    {
        var files = SourceFiles.Resolve(source);
        string folder = Path.Combine(indexRoot, SafeName(source));
        var manifest = new JsonObject
        {
            ["source"] = source,
            ["tokenizer"] = tokenizerFingerprint,
            ["add_special_tokens"] = settings.AddSpecialTokens,
            ["append_eos"] = settings.AppendEos,
            ["eos_id"] = settings.EosId,
            ["text_field"] = settings.TextField,
            ["order_keys"] = new JsonArray(orderKeys.Order(StringComparer.Ordinal).Select(k => (JsonNode)k!).ToArray()),
            ["text"] = storeText,
            ["files"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject
            {
                ["path"] = f,
                ["bytes"] = new FileInfo(f).Length,
                ["mtime"] = File.GetLastWriteTimeUtc(f).Ticks,
            }).ToArray()),
        };
        string manifestText = manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        string manifestPath = Path.Combine(folder, "manifest.json");
        if (!(File.Exists(manifestPath) && File.ReadAllText(manifestPath) == manifestText))
        {
            log?.WriteLine($"index: tokenizing {source} ({files.Count} files)");
            Build(folder, files, tokenizer, settings, orderKeys, storeText, manifestText);
        }
        else
            log?.WriteLine($"index: reusing {folder}");
        long quarantined = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "counts.json")))!["quarantined"]!.GetValue<long>();
        var docs = new MappedArray<IndexedDocument>(Path.Combine(folder, "docs.bin"));
        var keys = new Dictionary<string, MappedArray<double>>(StringComparer.Ordinal);
        try
        {
            foreach (var k in orderKeys)
            {
                keys[k] = new MappedArray<double>(Path.Combine(folder, KeyFile(k)));
                if (keys[k].Count != docs.Count)
                    throw new InvalidDataException($"{folder}: order key '{k}' has {keys[k].Count} values for {docs.Count} documents");
            }
            return new SourceIndex(folder, source, files, docs, keys, quarantined);
        }
        catch
        {
            docs.Dispose();
            foreach (var m in keys.Values) m.Dispose();
            throw;
        }
    }

    private static string KeyFile(string key) => "key-" + Convert.ToHexString(Encoding.UTF8.GetBytes(key)).ToLowerInvariant() + ".bin";

    /// <summary>A folder name for a source path: readable prefix plus a hash of the whole path.</summary>
    public static string SafeName(string source)
    {
        var sb = new StringBuilder();
        foreach (char c in source)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        string s = sb.ToString().Trim('.', '_');
        if (s.Length > 60)
            s = s[^60..];
        return s + "-" + XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(source)).ToString("x16");
    }

    private static void Build(string folder, IReadOnlyList<string> files, HuggingFaceTokenizer tokenizer, TokenizationSettings settings,
        IReadOnlyList<string> orderKeys, bool storeText, string manifestText)
    {
        string temp = folder + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(temp))
            Directory.Delete(temp, true);
        Directory.CreateDirectory(temp);
        long quarantined = 0, empty = 0;
        using (var tokens = new FileStream(Path.Combine(temp, "tokens.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var ids = new FileStream(Path.Combine(temp, "ids.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var text = new FileStream(Path.Combine(temp, "text.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var docs = new FileStream(Path.Combine(temp, "docs.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var keyStreams = orderKeys.ToDictionary(k => k, k => new FileStream(Path.Combine(temp, KeyFile(k)), FileMode.Create), StringComparer.Ordinal);
            try
            {
                long tokenOffset = 0;
                var readerOptions = new ReaderOptions { TextField = settings.TextField };
                const int batchSize = 256;
                // A batch also closes at this many characters of text, so that huge documents keep it bounded by bytes.
                const long batchChars = 8L << 20;
                long batchTextChars = 0;
                var batch = new List<(Documents.Document Doc, int File, long Row)>(batchSize);
                var encoded = new int[batchSize][];
                var keyBytes = new byte[8];
                void Flush()
                {
                    Parallel.For(0, batch.Count, i => encoded[i] = Encode(tokenizer, batch[i].Doc.Text, settings));
                    for (int i = 0; i < batch.Count; i++)
                    {
                        var (doc, file, row) = batch[i];
                        int[] tok = encoded[i];
                        tokens.Write(MemoryMarshal.AsBytes(tok.AsSpan()));
                        byte[] idBytes = Encoding.UTF8.GetBytes(doc.Id);
                        long idOffset = ids.Position;
                        ids.Write(idBytes);
                        long textOffset = text.Position;
                        int textBytes = 0;
                        if (storeText)
                        {
                            byte[] t = Encoding.UTF8.GetBytes(doc.Text);
                            text.Write(t);
                            textBytes = t.Length;
                        }
                        var entry = new IndexedDocument(tokenOffset, tok.Length, file, row, idOffset, idBytes.Length, textBytes, textOffset);
                        docs.Write(MemoryMarshal.AsBytes(new ReadOnlySpan<IndexedDocument>(in entry)));
                        tokenOffset += tok.Length;
                        foreach (var (k, ks) in keyStreams)
                        {
                            BinaryPrimitives.WriteDoubleLittleEndian(keyBytes, KeyValue(doc, k, files[file], row));
                            ks.Write(keyBytes);
                        }
                    }
                    Array.Clear(encoded, 0, batch.Count);
                    batch.Clear();
                    batchTextChars = 0;
                }
                for (int f = 0; f < files.Count; f++)
                {
                    long row = 0;
                    foreach (var r in DocumentReader.ReadFile(files[f], readerOptions))
                    {
                        if (r.Document is not { } doc)
                        {
                            if (r.Quarantine is { IsFileLevel: false })
                                row++;
                            quarantined++;
                            continue;
                        }
                        if (string.IsNullOrWhiteSpace(doc.Text))
                        {
                            empty++;
                            row++;
                            continue;
                        }
                        batch.Add((doc, f, row++));
                        batchTextChars += doc.Text.Length;
                        if (batch.Count == batchSize || batchTextChars >= batchChars)
                            Flush();
                    }
                }
                Flush();
            }
            finally
            {
                foreach (var ks in keyStreams.Values)
                    ks.Dispose();
            }
        }
        File.WriteAllText(Path.Combine(temp, "counts.json"), new JsonObject { ["quarantined"] = quarantined, ["empty"] = empty }.ToJsonString());
        if (Directory.Exists(folder))
            Directory.Delete(folder, true);
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        Directory.Move(temp, folder);
        AtomicFile.WriteAllText(Path.Combine(folder, "manifest.json"), manifestText);
    }

    private static int[] Encode(HuggingFaceTokenizer tokenizer, string text, TokenizationSettings settings)
    {
        int[] ids = tokenizer.Encode(text, settings.AddSpecialTokens);
        if (!settings.AppendEos)
            return ids;
        Array.Resize(ref ids, ids.Length + 1);
        ids[^1] = settings.EosId;
        return ids;
    }

    private static double KeyValue(Documents.Document doc, string key, string file, long row)
    {
        var node = doc.Metadata[key];
        if (node is JsonValue v)
        {
            if (v.TryGetValue(out double d) && double.IsFinite(d))
                return d;
            if (v.TryGetValue(out long l))
                return l;
            if (v.TryGetValue(out string? s) && double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out d) && double.IsFinite(d))
                return d;
        }
        throw new InvalidDataException($"{file}: document {doc.Id} (row {row}) has no numeric metadata '{key}' to order by" +
            (node == null ? "" : $" (value: {node.ToJsonString()})"));
    }
}

/// <summary>How documents become token ids.</summary>
/// <param name="AddSpecialTokens">Add the post-processor's special tokens (BOS...).</param>
/// <param name="AppendEos">End each document with <paramref name="EosId"/>.</param>
/// <param name="EosId">The end-of-document token id.</param>
/// <param name="TextField">The input text field.</param>
public sealed record TokenizationSettings(bool AddSpecialTokens, bool AppendEos, int EosId, string TextField);
