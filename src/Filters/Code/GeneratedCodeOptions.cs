namespace YuLanData.Filters.Code;

/// <summary>Options of <see cref="GeneratedCodeFilter"/>. A null threshold turns its rule off.</summary>
public sealed class GeneratedCodeOptions
{
    /// <summary>How many leading lines are searched for generator markers (<c>@generated</c>, <c>DO NOT EDIT</c>, …).</summary>
    public int HeaderLines { get; set; } = 10;

    /// <summary>Literal-table rule: drop when at least this fraction of the non-blank lines are only literals
    /// (strings, numbers, with commas, brackets, colons: keyword lists, lexer mappings, lookup tables) …</summary>
    public double? MaxLiteralLineFraction { get; set; } = 0.75;

    /// <summary>… and there are at least this many such lines.</summary>
    public int MinLiteralLines { get; set; } = 30;

    /// <summary>Minified rule: drop files of at least 1,000 characters whose mean line length is above this …</summary>
    public double? MinifiedMeanLineLength { get; set; } = 250;

    /// <summary>… and whose whitespace characters are below this fraction of all characters.</summary>
    public double MinifiedMaxWhitespaceFraction { get; set; } = 0.1;

    /// <summary>Drop (<c>generated</c>) when marked; false: keep and only write the evidence.</summary>
    public bool Drop { get; set; } = true;

    /// <summary>Metadata key receiving the evidence (<c>marker:@generated</c>, <c>name:_pb2.py</c>, <c>lock_file</c>,
    /// <c>minified</c>, <c>literal_table</c>).</summary>
    public string MetadataKey { get; set; } = "generated";

    /// <summary>Throws <see cref="ArgumentException"/> for bad values.</summary>
    public void Validate()
    {
        if (HeaderLines < 0) throw new ArgumentException("code_generated: header_lines must be >= 0");
        if (MaxLiteralLineFraction is < 0 or > 1) throw new ArgumentException("code_generated: max_literal_line_fraction must be in 0..1");
        if (MinLiteralLines < 1) throw new ArgumentException("code_generated: min_literal_lines must be >= 1");
        if (string.IsNullOrWhiteSpace(MetadataKey)) throw new ArgumentException("code_generated: metadata_key must be set");
    }
}
