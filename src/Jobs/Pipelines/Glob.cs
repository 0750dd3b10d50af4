using System.IO.Enumeration;
using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Jobs.Pipelines;

/// <summary>
/// File globs: <c>*</c> and <c>?</c> within one path segment, <c>**</c> across segments, <c>[abc]</c> classes.
/// Matches are returned as paths in the glob's own form (relative stays relative), sorted ordinally. The
/// bookkeeping of folders that hold a run (see <see cref="RunFolderInputs"/>) is never matched, nor are folders.
/// </summary>
public static class Glob
{
    /// <summary>
    /// The part of <paramref name="pattern"/> before its first wildcard segment: the folder <see cref="Expand"/> lists
    /// (<c>.</c> when the pattern starts with a wildcard), or the pattern itself when it has no wildcard.
    /// </summary>
    public static string FixedPrefix(string pattern)
    {
        if (pattern.IndexOfAny(['*', '?', '[']) < 0)
            return pattern;
        string normalized = pattern.Replace('\\', '/');
        int rootEnd = normalized.LastIndexOf('/', normalized.IndexOfAny(['*', '?', '[']));
        return rootEnd < 0 ? "." : rootEnd == 0 ? "/" : normalized[..rootEnd];
    }

    /// <summary>The files <paramref name="pattern"/> matches (<c>**</c> follows linked folders).</summary>
    public static IReadOnlyList<string> Expand(string pattern) => Match(pattern).Files;

    /// <summary>The files <paramref name="pattern"/> matches, and what else it matched that is not read, with why.</summary>
    /// <param name="pattern">A glob, or a plain path.</param>
    /// <param name="followLinkedFolders">Whether <c>**</c> descends into folders that are symbolic links; a host that
    /// confines paths says no, so listing never walks (and names) what lies behind a link to elsewhere.</param>
    public static GlobMatch Match(string pattern, bool followLinkedFolders = true)
    {
        var runFolders = new RunFolderInputs();
        var skipped = new List<SkippedInput>();
        if (pattern.IndexOfAny(['*', '?', '[']) < 0)
        {
            if (Directory.Exists(pattern))
                return new GlobMatch([], [new SkippedInput(pattern, "directory", $"{pattern} is a folder; match its files with a glob such as {pattern.TrimEnd('/')}/*.jsonl")]);
            if (!File.Exists(pattern))
                return new GlobMatch([], []);
            return runFolders.Check(pattern, Path.GetDirectoryName(pattern) ?? "") is { } skip ? new GlobMatch([], [skip]) : new GlobMatch([pattern], []);
        }
        string normalized = pattern.Replace('\\', '/');
        int firstWild = normalized.IndexOfAny(['*', '?', '[']);
        int rootEnd = normalized.LastIndexOf('/', firstWild);
        string root = rootEnd < 0 ? "" : normalized[..rootEnd];
        string rest = rootEnd < 0 ? normalized : normalized[(rootEnd + 1)..];
        string searchRoot = root.Length == 0 ? "." : root;
        if (!Directory.Exists(searchRoot))
            return new GlobMatch([], []);
        var regex = new Regex("^" + ToRegex(rest) + "$", RegexOptions.CultureInvariant);
        bool recursive = rest.Contains("**") || rest.Contains('/');
        // A pattern ending in ** matches every folder below its root by construction; only files are meant.
        bool reportFolders = !rest.EndsWith("**", StringComparison.Ordinal);
        var matches = new List<string>();
        var entries = new FileSystemEnumerable<string>(searchRoot, (ref FileSystemEntry e) => e.ToSpecifiedFullPath(),
            new EnumerationOptions { RecurseSubdirectories = recursive, AttributesToSkip = 0 })
        {
            ShouldRecursePredicate = (ref FileSystemEntry e) => followLinkedFolders || (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        foreach (var entry in entries)
        {
            string relative = Path.GetRelativePath(searchRoot, entry).Replace('\\', '/');
            if (!regex.IsMatch(relative))
                continue;
            string path = root.Length == 0 ? relative : root + "/" + relative;
            if (Directory.Exists(entry))
            {
                if (runFolders.Check(Path.Combine(entry, "x.jsonl"), root) is { } inRun)
                    skipped.Add(inRun with { Path = path, Detail = $"{path}/ is a bookkeeping folder of a run, not documents" });
                else if (reportFolders)
                    skipped.Add(new SkippedInput(path, "directory", $"{path} is a folder that matches the glob; only files are read"));
            }
            else if (runFolders.Check(path, root) is { } skip)
                skipped.Add(skip);
            else
                matches.Add(path);
        }
        matches.Sort(StringComparer.Ordinal);
        skipped.Sort((a, b) => StringComparer.Ordinal.Compare(a.Path, b.Path));
        return new GlobMatch(matches, skipped);
    }

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                bool slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                sb.Append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else if (c == '*')
                sb.Append("[^/]*");
            else if (c == '?')
                sb.Append("[^/]");
            else if (c == '[')
            {
                int close = glob.IndexOf(']', i + 1);
                if (close < 0)
                    sb.Append(@"\[");
                else
                {
                    sb.Append('[').Append(glob[(i + 1)..close].Replace("\\", @"\\")).Append(']');
                    i = close;
                }
            }
            else
                sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}
