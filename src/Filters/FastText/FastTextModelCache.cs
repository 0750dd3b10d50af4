using System.Collections.Concurrent;

namespace YuLanData.Filters.FastText;

/// <summary>Loaded models shared by all stages of a process, keyed by full path (a model is loaded once).</summary>
public static class FastTextModelCache
{
    private static readonly ConcurrentDictionary<string, Lazy<FastTextModel>> Models = new(StringComparer.Ordinal);

    /// <summary>Returns the model at <paramref name="path"/>, loading it on first use.</summary>
    /// <param name="path">Model path, absolute or relative to the current directory.</param>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    public static FastTextModel Get(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"fastText model not found: {path} (resolved to {full})", full);
        var lazy = Models.GetOrAdd(full, p => new Lazy<FastTextModel>(() => FastTextModel.Load(p), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Models.TryRemove(full, out _);
            throw;
        }
    }
}
