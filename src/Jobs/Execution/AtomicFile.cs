namespace YuLanData.Jobs.Execution;

/// <summary>
/// Writes files so that readers see either the old content or the whole new one, never a part. Files are not
/// fsynced: a killed process loses nothing the page cache holds; a power loss may need the run redone.
/// </summary>
public static class AtomicFile
{
    private const string TempMarker = ".tmp-";

    public static void WriteAllText(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = path + TempMarker + Environment.ProcessId;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Moves a finished file into place, replacing any earlier copy.</summary>
    public static void MoveInto(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        File.Move(source, destination, overwrite: true);
    }

    /// <summary>
    /// Deletes the temporary files that processes killed in the middle of <see cref="WriteAllText"/> left under
    /// <paramref name="folder"/>: those whose writer (the process id in the name) no longer runs on this machine, or
    /// carries this process's id (a dead earlier process whose id was reused). Call it only while holding the
    /// folder's lock, when no process elsewhere (a Slurm task on another node) can be writing into it.
    /// </summary>
    /// <returns>How many files were deleted.</returns>
    public static int RemoveStaleTemporaries(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*" + TempMarker + "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            var at = name.LastIndexOf(TempMarker, StringComparison.Ordinal);
            if (!int.TryParse(name.AsSpan(at + TempMarker.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
                continue;
            if (pid != Environment.ProcessId && Directory.Exists($"/proc/{pid}"))
                continue;
            File.Delete(file);
            removed++;
        }
        return removed;
    }
}
