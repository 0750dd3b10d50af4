namespace YuLanData.Jobs.Execution;

/// <summary>
/// Writes files so that readers see either the old content or the whole new one, never a part. Files are not
/// fsynced: a killed process loses nothing the page cache holds; a power loss may need the run redone.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = path + ".tmp-" + Environment.ProcessId;
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
}
