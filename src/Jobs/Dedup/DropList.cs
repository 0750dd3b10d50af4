using System.Text.Json;
using System.Buffers.Binary;
using YuLanData.Filters.Resources;
using System.Text.Json.Nodes;
using YuLanData.Filters.Dedup;

namespace YuLanData.Jobs.Dedup;

/// <summary>The ids to drop from a finished dedup folder (<c>result/drop.bin</c>), as a sorted array searched by
/// binary search (16 bytes per dropped document). Loaded once per folder and shared.</summary>
public sealed class DropList
{
    private readonly UInt128[] _ids;
    private readonly UInt128[] _sameCopies;
    private readonly int[] _sameCopyTasks;

    private DropList(UInt128[] ids, DedupMode mode, (UInt128[] Keys, int[] Tasks) sameCopies, JsonNode? exact, IReadOnlyList<IO.InputSlice> plan)
    {
        _ids = ids;
        Mode = mode;
        (_sameCopies, _sameCopyTasks) = sameCopies;
        Exact = exact;
        Plan = plan;
    }

    /// <summary>The task plan of the dedup run (task indices in <see cref="IsSameCopy"/> refer to it).</summary>
    public IReadOnlyList<IO.InputSlice> Plan { get; }

    public DedupMode Mode { get; }

    /// <summary>The manifest's <c>exact</c> object (key kind, field, strip_www, by_content); null for MinHash.</summary>
    public JsonNode? Exact { get; }

    /// <summary>Whether a drop key (<see cref="ExactDocumentKey.DropKey"/>) is listed.</summary>
    public bool Contains(UInt128 key) => Array.BinarySearch(_ids, key) >= 0;

    /// <summary>Whether the run found documents with the same id and content as their survivor.</summary>
    public bool HasSameCopies => _sameCopies.Length > 0;

    /// <summary>Whether a drop key is shared by a survivor and its same-id copies (see <see cref="SameCopies"/>), and
    /// if so the task of the survivor.</summary>
    public bool IsSameCopy(UInt128 key, out int survivorTask)
    {
        int i = _sameCopies.Length == 0 ? -1 : Array.BinarySearch(_sameCopies, key);
        survivorTask = i >= 0 ? _sameCopyTasks[i] : -1;
        return i >= 0;
    }

    public int Count => _ids.Length;

    public bool Contains(string id) => Array.BinarySearch(_ids, DedupKeys.OfId(id)) >= 0;

    /// <summary>Loads (or returns the cached copy of) the drop list of <paramref name="folder"/>, checking that the
    /// run finished and was of mode <paramref name="mode"/>.</summary>
    public static DropList Load(string folder, DedupMode mode)
    {
        var full = Path.GetFullPath(folder);
        // The summary is written last by a dedup run: a rerun into the folder changes it, and the list is read again.
        var list = ResourceCache.Get(Path.Combine(full, "result", "summary.json"), _ => Read(full));
        if (list.Mode != mode)
            throw new ArgumentException($"{folder} holds a {list.Mode.ToString().ToLowerInvariant()} dedup result; this stage needs a {mode.ToString().ToLowerInvariant()} one");
        return list;
    }

    private static DropList Read(string root)
    {
        var folder = new DedupFolder(root);
        if (!File.Exists(folder.Manifest))
            throw new ArgumentException($"{root} is not a dedup folder (no dedup.json)");
        if (!File.Exists(folder.Summary))
            throw new ArgumentException($"{root}: the dedup run has not finished (no {folder.Summary}); run `yulandata dedup` into it first");
        var manifest = JsonNode.Parse(File.ReadAllText(folder.Manifest))!;
        var mode = Enum.Parse<DedupMode>(manifest["mode"]!.GetValue<string>(), ignoreCase: true);
        string parameters = manifest["signature_parameters"]!.GetValue<string>();
        using var reader = new DedupFileReader(folder.DropList, DedupFileKind.DropList, 16, parameters);
        var ids = new UInt128[reader.Count];
        int i = 0;
        while (reader.TryRead(out var bytes))
        {
            ids[i] = BinaryPrimitives.ReadUInt128LittleEndian(bytes);
            if (i > 0 && ids[i] <= ids[i - 1])
                throw new DedupFormatException(folder.DropList, $"ids out of order at record {i}");
            i++;
        }
        var plan = manifest["plan"].Deserialize<List<IO.InputSlice>>(IO.JsonOutput.Indented) ?? [];
        return new DropList(ids, mode, SameCopies.Read(folder, parameters), manifest["exact"]?.DeepClone(), plan);
    }
}
