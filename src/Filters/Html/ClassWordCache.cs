namespace YuLanData.Filters.Html;

/// <summary>The class-name vocabularies of <see cref="BoilerplatePatterns"/> a class/id string can match.</summary>
internal enum ClassWord
{
    Strong,
    Weak,
    Comment,
    Content,
    Lead,
    PositiveHint,
}

/// <summary>
/// Remembers, per thread, which vocabularies a class/id string matched. A page repeats a few hundred class strings
/// over thousands of elements, and every cleaning and selection step asks about them again, so each regular
/// expression runs once per distinct string instead of once per question. Bounded: the cache is emptied when it
/// holds <see cref="MaxEntries"/> strings.
/// </summary>
internal static class ClassWordCache
{
    internal const int MaxEntries = 20_000;

    // Two bits per vocabulary: 0 not asked yet, 1 no match, 2 match.
    [ThreadStatic] private static Dictionary<string, int>? t_answers;

    /// <summary>Distinct class/id strings this thread remembers (for tests).</summary>
    internal static int Count => t_answers?.Count ?? 0;

    internal static bool Get(string classAndId, ClassWord word, Func<string, bool> match)
    {
        var answers = t_answers ??= new Dictionary<string, int>(StringComparer.Ordinal);
        int shift = 2 * (int)word;
        answers.TryGetValue(classAndId, out int known);
        int state = (known >> shift) & 3;
        if (state != 0) return state == 2;
        bool result = match(classAndId);
        if (answers.Count >= MaxEntries) answers.Clear();
        answers[classAndId] = known | ((result ? 2 : 1) << shift);
        return result;
    }
}
