namespace YuLanData.Filters.Heuristics;

/// <summary>Options of <see cref="C4ParagraphFilter"/> (datatrove fixes these values; they are exposed here with its defaults).</summary>
public sealed class C4ParagraphOptions : IScoreOnlyOptions
{
    /// <summary>Fewest lines, and how many of the longest lines must reach <see cref="MinParagraphLen"/>.</summary>
    public int MinParagraphs { get; set; } = 3;

    /// <summary>Shortest length (code points) each of the <see cref="MinParagraphs"/> longest lines must have.</summary>
    public int MinParagraphLen { get; set; } = 200;

    /// <summary>Keep every document and write the scores to metadata key <c>c4_paragraph</c> instead.</summary>
    public bool ScoreOnly { get; set; }

    public void Validate()
    {
        if (MinParagraphs < 1) throw new ArgumentException($"c4_paragraph: min_paragraphs must be >= 1, got {MinParagraphs}");
        if (MinParagraphLen < 0) throw new ArgumentException($"c4_paragraph: min_paragraph_len must be >= 0, got {MinParagraphLen}");
    }
}
