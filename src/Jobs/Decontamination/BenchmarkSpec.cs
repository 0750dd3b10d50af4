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
/// <param name="StandaloneFields">Fields (usually the question or problem) whose text is also indexed on its own, without
/// the other fields: a question quoted alone that is shorter than n units then matches as a whole item wherever it
/// occurs, which the n-grams of question + answer cannot do. Null or empty: none.</param>
/// <param name="BlankField">A field holding a sentence with a blank (<c>_</c>, WinoGrande): the item is also indexed with
/// the blank filled by each of <paramref name="BlankOptions"/>, the way the sentence appears in text.</param>
/// <param name="BlankOptions">The fields holding the candidate fillers of <paramref name="BlankField"/>.</param>
public sealed record BenchmarkSpec(string Name, IReadOnlyList<string> Files, IReadOnlyList<string> Fields, string? IdField, string? LabeledField = null,
    IReadOnlyList<string>? StandaloneFields = null, string? BlankField = null, IReadOnlyList<string>? BlankOptions = null);
