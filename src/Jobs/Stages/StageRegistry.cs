using System.Reflection;
using YuLanData.Filters;

namespace YuLanData.Jobs.Stages;

/// <summary>Every stage a pipeline can name: the [Stage] classes of the Jobs and Filters assemblies.</summary>
public static class StageRegistry
{
    private static readonly Lazy<IReadOnlyDictionary<string, StageDefinition>> Definitions = new(Discover);

    public static IReadOnlyDictionary<string, StageDefinition> All => Definitions.Value;

    public static StageDefinition? Find(string name) => All.GetValueOrDefault(name);

    private static IReadOnlyDictionary<string, StageDefinition> Discover()
    {
        Assembly[] assemblies =
        [
            typeof(StageRegistry).Assembly,
            typeof(IDocumentFilter).Assembly,
        ];
        var result = new SortedDictionary<string, StageDefinition>(StringComparer.Ordinal);
        foreach (var type in assemblies.Distinct().SelectMany(a => a.GetTypes()))
        {
            if (type.IsAbstract || type.GetCustomAttribute<StageAttribute>() == null)
                continue;
            var definition = StageDefinition.FromType(type);
            if (!result.TryAdd(definition.Name, definition))
                throw new InvalidOperationException($"two stages are registered as '{definition.Name}': {result[definition.Name].Implementation} and {type}");
        }
        return result;
    }

    /// <summary>The registered name closest to <paramref name="name"/>, for "did you mean" hints.</summary>
    public static string? Closest(string name) =>
        All.Keys.Select(k => (k, d: EditDistance(k, name))).Where(t => t.d <= Math.Max(2, name.Length / 3)).OrderBy(t => t.d).Select(t => t.k).FirstOrDefault();

    internal static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
