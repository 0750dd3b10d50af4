using YuLanData.Filters.Decontamination;

namespace YuLanData.Synthesis.Job;

/// <summary>
/// The decontamination step of a synthesis job: a kept sample whose training text shares an n-gram with a benchmark
/// item of the index (built by <c>yulandata decontam build</c>, the index the decontaminate stage uses) is rejected
/// as <c>contaminated:BENCHMARK</c>. Thread-safe after construction (the matcher only reads the index).
/// </summary>
public sealed class OutputDecontaminator
{
    private readonly ContaminationMatcher _matcher;

    /// <param name="index">The benchmark n-gram index.</param>
    public OutputDecontaminator(NgramIndex index) => _matcher = new ContaminationMatcher(index);

    /// <summary>Loads the index file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a readable index (names the file).</exception>
    public static OutputDecontaminator Load(string path) => new(NgramIndex.ReadFile(path));

    /// <summary>The reject reason for <paramref name="text"/>, or null when it matches no benchmark item.</summary>
    public string? Reason(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var matches = _matcher.Find(text);
        if (matches.Count == 0) return null;
        var index = _matcher.Index;
        return "contaminated:" + index.Benchmarks[index.Items[matches[0].Item].Benchmark];
    }
}
