namespace YuLanData.Filters.Decontamination;

/// <summary>One test item of a benchmark, as indexed.</summary>
/// <param name="Benchmark">The benchmark's name, e.g. <c>gsm8k</c>.</param>
/// <param name="Id">The item's id within the benchmark (its id field, or its 1-based record number).</param>
/// <param name="Text">The item's counted fields joined by newlines (question, answer, choices...).</param>
public sealed record BenchmarkItem(string Benchmark, string Id, string Text);
