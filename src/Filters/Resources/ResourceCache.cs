using System.Collections.Concurrent;

namespace YuLanData.Filters.Resources;

/// <summary>
/// Loaded read-only resources (models, indexes, drop lists, tokenizers) shared by all stages and tasks of a process,
/// so a file used by several stages or tasks is loaded once. An entry is keyed by the resource type and the file's
/// full path, and is valid for the file's size and modification time: a file rewritten in place (a retrained model
/// under the same name) is loaded again, and the old copy is let go.
/// </summary>
public static class ResourceCache
{
    private sealed record Entry(long Size, DateTime WrittenUtc, Lazy<object> Value);

    private static readonly ConcurrentDictionary<(Type Type, string Path), Entry> Entries = new();

    /// <summary>Returns the resource loaded from <paramref name="path"/>, loading it on first use and whenever the
    /// file's size or modification time has changed since.</summary>
    /// <typeparam name="T">The resource type (part of the key: one file may back resources of different types).</typeparam>
    /// <param name="path">The file that identifies the resource, absolute or relative to the current directory. A
    /// missing file is not cached: <paramref name="load"/> is called and gives its own error.</param>
    /// <param name="load">Loads the resource from the full path. A load that throws is not cached.</param>
    public static T Get<T>(string path, Func<string, T> load) where T : class
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (!info.Exists)
            return load(full);
        var key = (typeof(T), full);
        var fresh = new Entry(info.Length, info.LastWriteTimeUtc, new Lazy<object>(() => load(full), LazyThreadSafetyMode.ExecutionAndPublication));
        var entry = Entries.AddOrUpdate(key, fresh,
            (_, old) => old.Size == fresh.Size && old.WrittenUtc == fresh.WrittenUtc ? old : fresh);
        try
        {
            return (T)entry.Value.Value;
        }
        catch
        {
            Entries.TryRemove(new KeyValuePair<(Type, string), Entry>(key, entry));
            throw;
        }
    }
}
