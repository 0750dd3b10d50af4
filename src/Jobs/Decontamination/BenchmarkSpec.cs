namespace YuLanData.Jobs.Decontamination;

/// <summary>One benchmark of a decontamination config.</summary>
/// <param name="Name">Name used in hits and reports, e.g. <c>gsm8k</c>.</param>
/// <param name="Files">Globs of its files (JSONL, .jsonl.gz, .jsonl.zst or Parquet).</param>
/// <param name="Fields">The fields whose text counts, in order; a dotted path descends into objects and maps over
/// arrays (<c>question.choices.text</c>); an array of strings contributes every element.</param>
/// <param name="IdField">The field holding the item id; null: the 1-based record number across the files.</param>
/// <param name="LabeledField">One of <paramref name="Fields"/> holding answer choices: the item is also indexed with its
/// choices labelled <c>A</c>, <c>B</c>, ... and, separately, <c>1</c>, <c>2</c>, ... (how they appear in prompts:
/// <c>A.</c>, <c>(A)</c> and <c>A)</c> all normalize to the word <c>a</c>), so short questions with labelled choices
/// still match whole.</param>
public sealed record BenchmarkSpec(string Name, IReadOnlyList<string> Files, IReadOnlyList<string> Fields, string? IdField, string? LabeledField = null);
