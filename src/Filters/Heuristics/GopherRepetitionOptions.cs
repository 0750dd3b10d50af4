namespace YuLanData.Filters.Heuristics;

/// <summary>Options of <see cref="GopherRepetitionFilter"/>; names and defaults are datatrove's
/// <c>GopherRepetitionFilter</c> arguments (Gopher Table A1). A null or zero fraction disables its rule.</summary>
public sealed class GopherRepetitionOptions : IScoreOnlyOptions
{
    /// <summary>Drop with <c>dup_line_frac</c> when duplicate lines / lines is above this.</summary>
    public double? DupLineFrac { get; set; } = 0.3;

    /// <summary>Drop with <c>dup_para_frac</c> when duplicate paragraphs / paragraphs is above this.</summary>
    public double? DupParaFrac { get; set; } = 0.3;

    /// <summary>Drop with <c>dup_line_char_frac</c> when characters in duplicate lines / text characters is above this.</summary>
    public double? DupLineCharFrac { get; set; } = 0.2;

    /// <summary>Drop with <c>dup_para_char_frac</c> when characters in duplicate paragraphs / text characters is above this.</summary>
    public double? DupParaCharFrac { get; set; } = 0.2;

    /// <summary>n → fraction: drop with <c>top_{n}_gram</c> when the most frequent word n-gram (space-joined) times its
    /// count, in characters, over the text length is above the fraction.</summary>
    public Dictionary<int, double> TopNGrams { get; set; } = new() { [2] = 0.2, [3] = 0.18, [4] = 0.16 };

    /// <summary>n → fraction: drop with <c>duplicated_{n}_n_grams</c> when the characters covered by repeated word
    /// n-grams (concatenated without spaces, non-overlapping scan) over the text length is above the fraction.</summary>
    public Dictionary<int, double> DupNGrams { get; set; } = new()
    {
        [5] = 0.15, [6] = 0.14, [7] = 0.13, [8] = 0.12, [9] = 0.11, [10] = 0.10,
    };

    /// <summary>Measure math-rich documents (<see cref="MathDetector"/>) on their prose only: formulas, math environments
    /// and LaTeX markup are removed first (<see cref="Latex.MathSpanMasker"/>). Other documents are measured as before.</summary>
    public bool MathAware { get; set; }
    /// <summary>Language of the documents: picks the word tokenizer for the n-gram rules (Chinese: jieba), as
    /// datatrove's <c>language</c> argument does.</summary>
    public string Language { get; set; } = "en";

    /// <summary>Keep every document and write the scores to metadata key <c>gopher_repetition</c> instead.</summary>
    public bool ScoreOnly { get; set; }

    public void Validate()
    {
        foreach (var n in TopNGrams.Keys.Concat(DupNGrams.Keys))
            if (n < 1 || n > 64) throw new ArgumentException($"gopher_repetition: n-gram size {n} must be within 1..64");
    }
}
