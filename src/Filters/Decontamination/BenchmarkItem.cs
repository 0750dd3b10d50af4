namespace YuLanData.Filters.Decontamination;

/// <summary>One test item of a benchmark, as indexed.</summary>
/// <param name="Benchmark">The benchmark's name, e.g. <c>gsm8k</c>.</param>
/// <param name="Id">The item's id within the benchmark (its id field, or its 1-based record number).</param>
/// <param name="Text">The item's counted fields joined by newlines (question, answer, choices...).</param>
/// <param name="Variants">Other renderings of the same item whose n-grams also count, e.g. with the choices
/// labelled <c>A.</c> <c>B.</c>...; null or empty when there are none.</param>
public sealed record BenchmarkItem(string Benchmark, string Id, string Text, IReadOnlyList<string>? Variants = null);
