using System.IO.Enumeration;
using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Jobs.Pipelines;

/// <summary>
/// File globs: <c>*</c> and <c>?</c> within one path segment, <c>**</c> across segments, <c>[abc]</c> classes.
/// Matches are returned as paths in the glob's own form (relative stays relative), sorted ordinally.
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

    /// <summary>The files matching <paramref name="pattern"/>, in the pattern's own form, sorted ordinally; <c>**</c> follows linked folders.</summary>
    public static IReadOnlyList<string> Expand(string pattern) => Expand(pattern, followLinkedFolders: true);

    /// <summary>The files matching <paramref name="pattern"/>, in the pattern's own form, sorted ordinally.</summary>
    /// <param name="pattern">The glob.</param>
    /// <param name="followLinkedFolders">Whether <c>**</c> descends into folders that are symbolic links; a host that
    /// confines paths says no, so listing never walks (and names) what lies behind a link to elsewhere.</param>
    public static IReadOnlyList<string> Expand(string pattern, bool followLinkedFolders)
    {
        if (pattern.IndexOfAny(['*', '?', '[']) < 0)
            return File.Exists(pattern) ? [pattern] : [];
        string normalized = pattern.Replace('\\', '/');
        int firstWild = normalized.IndexOfAny(['*', '?', '[']);
        int rootEnd = normalized.LastIndexOf('/', firstWild);
        string root = rootEnd < 0 ? "" : normalized[..rootEnd];
        string rest = rootEnd < 0 ? normalized : normalized[(rootEnd + 1)..];
        string searchRoot = root.Length == 0 ? "." : root;
        if (!Directory.Exists(searchRoot))
            return [];
        var regex = new Regex("^" + ToRegex(rest) + "$", RegexOptions.CultureInvariant);
        bool recursive = rest.Contains("**") || rest.Contains('/');
        var matches = new List<string>();
        var files = new FileSystemEnumerable<string>(searchRoot, (ref FileSystemEntry e) => e.ToSpecifiedFullPath(),
            new EnumerationOptions { RecurseSubdirectories = recursive, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry e) => followLinkedFolders || (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        foreach (var file in files)
        {
            string relative = Path.GetRelativePath(searchRoot, file).Replace('\\', '/');
            if (regex.IsMatch(relative))
                matches.Add(root.Length == 0 ? relative : root + "/" + relative);
        }
        matches.Sort(StringComparer.Ordinal);
        return matches;
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
