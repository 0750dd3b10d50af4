using System.Text.Json.Nodes;
using YuLanData.Jobs.Documents;

namespace YuLanData.Jobs.IO;

/// <summary>
/// The kept-documents output of one task: files named <c>{task:00000}{ext}</c>, or <c>{task:00000}-{shard:0000}{ext}</c>
/// when shards rotate by size or count, in one sub-folder per partition value when partitioning is on.
/// Files are created lazily, so a task that keeps nothing writes nothing.
/// </summary>
public sealed class ShardedDocumentOutput : IDisposable
{
    private readonly string _root;
    private readonly int _task;
    private readonly OutputOptions _options;
    private readonly Dictionary<string, (IDocumentWriter Writer, int Shard)> _open = new(StringComparer.Ordinal);
    private readonly List<string> _files = [];

    /// <param name="root">Folder the files go in (a task's temporary folder).</param>
    /// <param name="task">The task index, used in file names.</param>
    /// <param name="options">Format, rotation and partitioning.</param>
    public ShardedDocumentOutput(string root, int task, OutputOptions options)
    {
        _root = root;
        _task = task;
        _options = options;
    }

    /// <summary>Paths of written files, relative to the root, in creation order.</summary>
    public IReadOnlyList<string> Files => _files;

    public long Documents { get; private set; }

    public void Write(Document doc)
    {
        string partition = _options.PartitionBy is { } key ? PartitionValue(doc.Metadata, key) : "";
        if (!_open.TryGetValue(partition, out var entry))
            entry = (Open(partition, 0), 0);
        else if (_options.Rotates && IsFull(entry.Writer))
        {
            entry.Writer.Dispose();
            entry = (Open(partition, entry.Shard + 1), entry.Shard + 1);
        }
        _open[partition] = entry;
        entry.Writer.Write(doc);
        Documents++;
    }

    private bool IsFull(IDocumentWriter w) =>
        (_options.MaxDocsPerShard > 0 && w.Documents >= _options.MaxDocsPerShard)
        || (_options.MaxBytesPerShard > 0 && w.TextBytes >= _options.MaxBytesPerShard);

    private IDocumentWriter Open(string partition, int shard)
    {
        string name = _options.Rotates ? $"{_task:D5}-{shard:D4}{_options.Format.Extension()}" : $"{_task:D5}{_options.Format.Extension()}";
        string relative = partition.Length == 0 ? name : System.IO.Path.Combine(partition, name);
        string full = System.IO.Path.Combine(_root, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        _files.Add(relative);
        return _options.Format == FileFormat.Parquet
            ? new ParquetDocumentWriter(full, _options.RowGroupDocs, _options.RowGroupBytes, _options.ParquetCompression)
            : new JsonlDocumentWriter(full, _options.Format);
    }

    /// <summary>The folder name for a document's partition value: safe characters only; <c>_none</c> when absent.</summary>
    public static string PartitionValue(JsonObject metadata, string key)
    {
        if (!metadata.TryGetPropertyValue(key, out var node) || node is null)
            return "_none";
        string raw = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
        var chars = raw.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray();
        string safe = new(chars);
        return safe.Length == 0 || safe is "." or ".." ? "_" + safe : safe;
    }

    /// <summary>Finishes every open file. All are closed even when one fails; the first failure is thrown.</summary>
    public void Dispose()
    {
        Exception? first = null;
        foreach (var (writer, _) in _open.Values)
        {
            try
            {
                writer.Dispose();
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }
        _open.Clear();
        if (first != null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    /// <summary>Closes every open file without finishing it, after a failure: never throws, so the failure that
    /// stopped the task is the one reported. The files are incomplete and must be discarded.</summary>
    public void Abort()
    {
        foreach (var (writer, _) in _open.Values)
            writer.Abort();
        _open.Clear();
    }
}
