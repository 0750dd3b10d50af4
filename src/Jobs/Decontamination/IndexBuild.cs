using System.Globalization;
using YuLanData.Filters.Decontamination;

namespace YuLanData.Jobs.Decontamination;

/// <summary>Builds an n-gram index from decontamination configs and describes it.</summary>
public static class IndexBuild
{
    /// <summary>Builds one index over the benchmarks of all <paramref name="configs"/> (their n-gram parameters must agree).</summary>
    /// <param name="configs">The configs and the files they came from (for messages).</param>
    /// <param name="skipScaffolding">Leave out n-grams made mostly of one-character words (the default); false only to
    /// measure what that guard changes.</param>
    public static NgramIndex Build(IReadOnlyList<(DecontamConfig Config, string File)> configs, bool skipScaffolding = true)
    {
        if (configs.Count == 0)
            throw new ArgumentException("no decontamination config given");
        var parameters = configs[0].Config.Parameters;
        foreach (var (config, file) in configs.Skip(1))
            if (config.Parameters != parameters)
                throw new ArgumentException($"{file}: n-gram parameters {config.Parameters} differ from {configs[0].File}'s {parameters}; one index has one set of parameters");
        var names = new HashSet<string>();
        var builder = new NgramIndexBuilder(parameters) { SkipScaffolding = skipScaffolding };
        foreach (var (config, file) in configs)
            foreach (var spec in config.Benchmarks)
            {
                if (!names.Add(spec.Name))
                    throw new ArgumentException($"{file}: benchmark '{spec.Name}' appears in two configs");
                builder.AddBenchmark(spec.Name);
                foreach (var item in BenchmarkItemReader.Read(spec))
                    builder.Add(item);
            }
        return builder.Build();
    }

    /// <summary>One line per benchmark: items, how many can match (by n-grams or whole), how many cannot.</summary>
    public static IEnumerable<string> Describe(NgramIndex index)
    {
        var p = index.Parameters;
        yield return string.Create(CultureInfo.InvariantCulture,
            $"n={p.N} {p.Unit.ToString().ToLowerInvariant()}, max_items_per_ngram={p.MaxItemsPerNgram}, min_short_item_units={p.MinShortItemUnits}: {index.NgramCount:N0} n-grams, {index.CommonNgramsDropped:N0} common n-grams left out");
        yield return $"{"benchmark",-16} {"items",8} {"by n-grams",11} {"whole item",11} {"unmatchable",12}";
        for (int b = 0; b < index.Benchmarks.Count; b++)
        {
            var items = index.Items.Where(i => i.Benchmark == b).ToList();
            int byNgrams = items.Count(i => i.Units >= p.N && i.Ngrams > 0);
            int whole = items.Count(i => i.Units < p.N && i.Ngrams > 0);
            yield return $"{index.Benchmarks[b],-16} {items.Count,8} {byNgrams,11} {whole,11} {items.Count - byNgrams - whole,12}";
        }
    }
}
