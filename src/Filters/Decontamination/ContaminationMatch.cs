namespace YuLanData.Filters.Decontamination;

/// <summary>A run of overlapping indexed n-grams of one benchmark item found in a document.</summary>
/// <param name="Item">Index into <see cref="NgramIndex.Items"/>.</param>
/// <param name="Start">First character of the matched text in the document.</param>
/// <param name="End">One past the last character of the matched text.</param>
/// <param name="NgramStart">First character of the run's first matched n-gram.</param>
/// <param name="NgramEnd">One past the last character of that n-gram.</param>
/// <param name="Ngrams">How many indexed n-grams of the item the run holds.</param>
public readonly record struct ContaminationMatch(int Item, int Start, int End, int NgramStart, int NgramEnd, int Ngrams);
