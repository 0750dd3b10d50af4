namespace YuLanData.Filters.FastText;

/// <summary>
/// What <see cref="FastTextTool.Train"/> trains on and where it writes the model. Give either
/// <see cref="Input"/> (a fastText-format labeled text file, or a JSONL file with a text field and a label
/// field) or both <see cref="Positive"/> and <see cref="Negative"/> (documents of two classes).
/// </summary>
public sealed class FastTextTrainInput
{
    /// <summary>
    /// Labeled training data: <c>.txt</c> (or any non-JSONL name) in fastText format, one example per line
    /// (<c>__label__a words...</c>); or <c>.jsonl</c> / <c>.jsonl.gz</c> with <see cref="TextField"/> and <see cref="LabelField"/>.
    /// </summary>
    public string? Input { get; set; }

    /// <summary>Documents of the positive class: JSONL(.gz) with <see cref="TextField"/>, or plain text with one document per line.</summary>
    public string? Positive { get; set; }

    /// <summary>Documents of the negative class, same formats as <see cref="Positive"/>.</summary>
    public string? Negative { get; set; }

    /// <summary>Label given to <see cref="Positive"/> documents (prefix added if missing).</summary>
    public string PositiveLabel { get; set; } = "hq";

    /// <summary>Label given to <see cref="Negative"/> documents.</summary>
    public string NegativeLabel { get; set; } = "lq";

    /// <summary>JSONL field holding the document text.</summary>
    public string TextField { get; set; } = "text";

    /// <summary>JSONL field holding the label: a string, a number, or an array of them (several labels).</summary>
    public string LabelField { get; set; } = "label";

    /// <summary>Where the model is written (a fastText <c>.bin</c>, loadable by the CLI).</summary>
    public string Output { get; set; } = "model.bin";

    /// <summary>Hyperparameters (CLI defaults).</summary>
    public FastTextTrainingOptions Training { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> when the input choice is incomplete or contradictory.</summary>
    public void Validate()
    {
        bool labeled = !string.IsNullOrWhiteSpace(Input);
        bool pairs = !string.IsNullOrWhiteSpace(Positive) || !string.IsNullOrWhiteSpace(Negative);
        if (labeled == pairs)
            throw new ArgumentException("give either an input file or both positive and negative files");
        if (pairs && (string.IsNullOrWhiteSpace(Positive) || string.IsNullOrWhiteSpace(Negative)))
            throw new ArgumentException("positive and negative files must both be given");
        if (string.IsNullOrWhiteSpace(Output))
            throw new ArgumentException("output must be set");
        Training.Validate();
    }
}
