using YuLanData.Service.Runs;
using YuLanData.Service.Security;

namespace YuLanData.Service.Launch;

/// <summary>
/// Deletes the run folder of an ended run, and only that: the folder must still be the one the run was given
/// (no link along its path now), lie inside a root without being one, stay clear of the state folder; a folder without the
/// engine's <c>run.json</c> is left alone. Links inside it are removed, never followed.
/// </summary>
public sealed class RunFolderDeletion(PathGuard guard, RunQueue queue)
{
    /// <summary>Deletes the run folder of <paramref name="run"/> unless another run names it too (then only the record goes).</summary>
    /// <param name="run">An ended run.</param>
    /// <exception cref="PathRejectedException">The folder now resolves elsewhere, is a root or holds the state folder.</exception>
    public void Delete(RunRecord run)
    {
        string folder = run.Output;
        if (!Directory.Exists(folder) && !File.Exists(folder) && new FileInfo(folder).LinkTarget == null)
            return;
        // The folder was recorded with its links resolved: a different answer now means a link was put in its way.
        string resolved = guard.Resolve(folder, $"run {run.Id} folder");
        if (resolved != folder || new DirectoryInfo(folder).LinkTarget != null)
            throw new PathRejectedException($"run {run.Id} folder: {folder} now leads elsewhere through a link; not deleted");
        if (guard.Roots.Contains(folder))
            throw new PathRejectedException($"run {run.Id} folder: {folder} is a root folder; not deleted");
        // A folder the engine never prepared (the run failed or was cancelled first) may hold anything: left alone.
        if (!File.Exists(Path.Combine(folder, "run.json")) || queue.SharesFolder(run.Id, folder))
            return;
        // Directory.Delete removes links it meets inside the folder without descending into them.
        Directory.Delete(folder, recursive: true);
    }
}
