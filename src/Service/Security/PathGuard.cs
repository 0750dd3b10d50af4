namespace YuLanData.Service.Security;

/// <summary>
/// Confines the paths a request names to the configured roots. A path is made absolute (relative to the first
/// root), every symbolic link along it is resolved, and the result must lie inside a root (itself resolved).
/// <c>..</c> segments are refused outright, whatever they would resolve to.
/// </summary>
public sealed class PathGuard
{
    private const int MaxLinks = 40;

    private readonly string[] _excluded;

    /// <param name="roots">Allowed folders; the first is where relative paths start.</param>
    /// <param name="excluded">Folders inside the roots that requests may never name (the service state folder).</param>
    public PathGuard(IReadOnlyList<string> roots, IReadOnlyList<string>? excluded = null)
    {
        if (roots.Count == 0)
            throw new ArgumentException("at least one root folder is needed", nameof(roots));
        Roots = roots.Select(r => RealPath(Path.GetFullPath(r))).ToArray();
        _excluded = (excluded ?? []).Select(e => RealPath(Path.GetFullPath(e))).ToArray();
    }

    /// <summary>The roots, absolute with links resolved.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>Resolves <paramref name="requested"/> and checks it lies in a root.</summary>
    /// <param name="requested">A path from a request, absolute or relative to the first root.</param>
    /// <param name="what">Names the path in the error message (e.g. "pipeline").</param>
    /// <returns>The absolute path with every link resolved.</returns>
    /// <exception cref="PathRejectedException">Empty, has <c>..</c> or a NUL, or resolves outside the roots.</exception>
    public string Resolve(string requested, string what) => Resolve(requested, what, Roots[0]);

    /// <summary>
    /// Why a path a pipeline names may not be used, or null when it may: the engine opens relative paths from the
    /// working directory, so they are resolved from there. The reason names only the path as written.
    /// </summary>
    /// <param name="asWritten">The path as the pipeline writes it.</param>
    public string? Refusal(string asWritten)
    {
        try
        {
            Resolve(asWritten, "", Environment.CurrentDirectory);
            return null;
        }
        catch (PathRejectedException e)
        {
            return e.Message;
        }
    }

    private string Resolve(string requested, string what, string baseDir)
    {
        string full = ResolveWithin(requested, what, Roots, baseDir);
        if (_excluded.Any(e => IsInside(full, e) || IsInside(e, full)))
            throw Rejected(what, $"'{requested}' is or holds the service state folder");
        return full;
    }

    /// <summary>Resolves <paramref name="requested"/> relative to <paramref name="folder"/> and checks it stays inside that folder.</summary>
    /// <param name="folder">An absolute folder whose links are resolved too.</param>
    /// <param name="requested">A path from a request, relative to <paramref name="folder"/>.</param>
    /// <param name="what">Names the path in the error message.</param>
    public string ResolveInside(string folder, string requested, string what) =>
        ResolveWithin(requested, what, [RealPath(Path.GetFullPath(folder))], folder);

    private static string ResolveWithin(string requested, string what, IReadOnlyList<string> roots, string baseDir)
    {
        if (string.IsNullOrWhiteSpace(requested))
            throw Rejected(what, "empty path");
        if (requested.Contains('\0'))
            throw Rejected(what, "path contains a NUL character");
        if (requested.Replace('\\', '/').Split('/').Any(s => s == ".."))
            throw Rejected(what, $"'{requested}' contains '..'");
        string full = RealPath(Path.GetFullPath(requested, baseDir));
        if (!roots.Any(r => IsInside(full, r)))
            throw Rejected(what, $"'{requested}' is outside the allowed roots");
        return full;
    }

    private static PathRejectedException Rejected(string what, string reason) => new(what.Length == 0 ? reason : $"{what}: {reason}");

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it (both absolute, resolved).</summary>
    public static bool IsInside(string path, string root)
    {
        if (path == root)
            return true;
        string prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// Resolves every symbolic link in an absolute, normalized path; components that do not exist yet are kept as
    /// they are (so a run folder about to be created resolves to where it will be).
    /// </summary>
    public static string RealPath(string fullPath)
    {
        int links = 0;
        string current = Path.GetPathRoot(fullPath) ?? "/";
        var pending = new Queue<string>(fullPath[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        while (pending.Count > 0)
        {
            string part = pending.Dequeue();
            if (part == ".")
                continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            string next = Path.Combine(current, part);
            string? target = new FileInfo(next).LinkTarget; // null when it is no link or does not exist
            if (target == null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks)
                throw new PathRejectedException($"too many symbolic links resolving '{fullPath}'");
            // Re-walk the link target, then the rest of the original path.
            string targetFull = Path.GetFullPath(target, current);
            var rest = pending.ToArray();
            pending.Clear();
            current = Path.GetPathRoot(targetFull) ?? "/";
            foreach (var p in targetFull[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
                pending.Enqueue(p);
            foreach (var p in rest)
                pending.Enqueue(p);
        }
        return current;
    }
}
