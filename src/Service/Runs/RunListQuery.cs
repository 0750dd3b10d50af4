using System.Globalization;

namespace YuLanData.Service.Runs;

/// <summary>
/// Filter and page of <c>GET /api/runs</c>: <c>state</c> (one of the run states), <c>q</c> (text found, ignoring case, in a
/// run's id, name, pipeline, output or error), <c>offset</c> and <c>limit</c> over the matches, newest first when paged.
/// Without parameters the whole list comes back in submission order, as before.
/// </summary>
/// <param name="State">Only runs in this state; null for all.</param>
/// <param name="Text">Only runs whose id, name, pipeline, output or error contain it; null for all.</param>
/// <param name="Offset">Matches to skip (newest first) before the page; null when not paged.</param>
/// <param name="Limit">Most runs in the page; null when not paged.</param>
public sealed record RunListQuery(RunState? State, string? Text, int? Offset, int? Limit)
{
    /// <summary>Longest search text accepted.</summary>
    public const int MaxTextLength = 200;

    /// <summary>Largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Whether the request asked for a page (then the newest come first).</summary>
    public bool Paged => Offset != null || Limit != null;

    /// <summary>Reads the query parameters; a bad value is an <see cref="ArgumentException"/> naming the parameter.</summary>
    /// <param name="state">The <c>state</c> parameter: queued, running, succeeded, failed or cancelled.</param>
    /// <param name="q">The <c>q</c> parameter.</param>
    /// <param name="offset">The <c>offset</c> parameter: a whole number >= 0.</param>
    /// <param name="limit">The <c>limit</c> parameter: a whole number from 1 to <see cref="MaxLimit"/>.</param>
    public static RunListQuery Parse(string? state, string? q, string? offset, string? limit)
    {
        RunState? s = null;
        if (!string.IsNullOrEmpty(state))
        {
            s = Enum.GetValues<RunState>().Cast<RunState?>().FirstOrDefault(v => Name(v!.Value) == state)
                ?? throw new ArgumentException($"state: '{Clip(state)}' is not one of {string.Join(", ", Enum.GetValues<RunState>().Select(Name))}");
        }
        if (q != null && q.Length > MaxTextLength)
            throw new ArgumentException($"q: at most {MaxTextLength} characters");
        return new RunListQuery(s, string.IsNullOrEmpty(q) ? null : q, Whole("offset", offset, 0, int.MaxValue), Whole("limit", limit, 1, MaxLimit));
    }

    /// <summary>The runs that match, the number of matches, and the page of them this query asks for.</summary>
    /// <param name="views">All runs, in submission order.</param>
    public (IReadOnlyList<RunView> Page, int Total) Apply(IEnumerable<RunView> views)
    {
        var matches = views.Where(Matches).ToList();
        if (!Paged)
            return (matches, matches.Count);
        matches.Reverse();
        return (matches.Skip(Offset ?? 0).Take(Limit ?? MaxLimit).ToList(), matches.Count);
    }

    private bool Matches(RunView v) =>
        (State == null || v.State == State)
        && (Text == null || new[] { v.Id, v.Name, v.Pipeline, v.Output, v.Error }.Any(f => f != null && f.Contains(Text, StringComparison.OrdinalIgnoreCase)));

    private static string Name(RunState s) => s.ToString().ToLowerInvariant();

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static int? Whole(string name, string? value, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new ArgumentException($"{name}: '{Clip(value)}' is not a whole number from {min} to {max}");
        return n;
    }
}
