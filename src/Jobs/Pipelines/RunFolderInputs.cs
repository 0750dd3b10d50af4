using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Pipelines;

/// <summary>
/// Tells the documents of a folder that holds a run from its bookkeeping, so that a glob over run folders reads only
/// documents. A folder holds a run when it has a <c>run.json</c> (pipeline runs, synthesis), a <c>mix_config.json</c>
/// (mixes) or a <c>dedup.json</c> (dedup runs, which hold no documents at all). Below such a folder, a file is
/// bookkeeping when it is JSON (<c>.json</c>, never a document file there), HTML (reports), named <c>stats*</c>, <c>timings*</c> or
/// <c>.lock</c>, of a type no reader takes, or inside one of the bookkeeping sub-folders (<c>completed/</c>,
/// <c>quarantine/</c>, <c>.tmp/</c>, <c>stats/</c>, <c>excluded/</c>, a synthesis run's <c>rejected/</c>, ...), unless the glob names that sub-folder
/// literally (<c>run/excluded/*.jsonl.gz</c> reads the exclusions on purpose).
/// </summary>
public sealed class RunFolderInputs
{
    private static readonly string[] RunMarkers = ["run.json", "mix_config.json", "dedup.json"];

    private static readonly HashSet<string> BookkeepingDirs = new(StringComparer.Ordinal)
    {
        "completed", "quarantine", ".tmp", "stats", "timings", "slurm", "excluded", "index", "recipes", "signatures", "pairs", "result", "rejected",
    };

    private readonly Dictionary<string, bool> _holders = new(StringComparer.Ordinal);

    /// <summary>Why <paramref name="file"/> is not a document file of a run folder, or null when it is an input.</summary>
    /// <param name="file">A file a glob matched.</param>
    /// <param name="literalRoot">The folder the glob names literally (its part before the first wildcard); a
    /// bookkeeping sub-folder at or above it was asked for on purpose.</param>
    public SkippedInput? Check(string file, string literalRoot)
    {
        string full = Path.GetFullPath(file);
        string? holder = HolderOf(Path.GetDirectoryName(full));
        if (holder == null)
            return null;
        string relative = Path.GetRelativePath(holder, full).Replace('\\', '/');
        string why = Why(holder, relative, Path.GetFullPath(literalRoot.Length == 0 ? "." : literalRoot));
        return why.Length == 0 ? null : new SkippedInput(file, "run_folder", $"{relative} of the run folder {holder} is {why}, not documents");
    }

    private static string Why(string holder, string relative, string literalRoot)
    {
        if (File.Exists(Path.Combine(holder, "dedup.json")) && !File.Exists(Path.Combine(holder, "run.json")))
            return "part of a dedup run";
        string[] parts = relative.Split('/');
        string name = parts[^1];
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return "run bookkeeping (JSON)";
        if (FileFormats.FromPath(name) == FileFormat.Html)
            return "a run report (HTML)"; // runs write HTML reports (report.html), never HTML documents
        if (name.StartsWith("stats", StringComparison.Ordinal) || name.StartsWith("timings", StringComparison.Ordinal) || name == ".lock")
            return "run bookkeeping";
        if (FileFormats.FromPath(name) == null)
            return "not a document file";
        string dir = holder;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            dir = Path.Combine(dir, parts[i]);
            if (BookkeepingDirs.Contains(parts[i]) && !IsAtOrBelow(literalRoot, dir))
                return $"in its {parts[i]}/ folder";
        }
        return "";
    }

    private static bool IsAtOrBelow(string path, string dir) =>
        path == dir || path.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The nearest folder at or up to <see cref="MaxDepth"/> levels above <paramref name="dir"/> that holds a
    /// run, or null. The search stops there: every run layout keeps its files within that depth, and a stray
    /// <c>run.json</c> high up (in <c>/tmp</c>, say) must not turn every folder below it into a run folder.</summary>
    private string? HolderOf(string? dir)
    {
        for (int level = 0; dir != null && level <= MaxDepth; level++, dir = Path.GetDirectoryName(dir))
        {
            if (!_holders.TryGetValue(dir, out bool holds))
                _holders[dir] = holds = RunMarkers.Any(m => File.Exists(Path.Combine(dir, m)));
            if (holds)
                return dir;
        }
        return null;
    }

    /// <summary>How many folders above a file's own folder are searched for a run: <c>run/output/partition/file</c>.</summary>
    private const int MaxDepth = 2;
}
