namespace YuLanData.Jobs.Mixing;

/// <summary>How a phase's selected documents are written.</summary>
public enum ShardFormat
{
    /// <summary>Parquet, one document per row, <c>input_ids</c> as list&lt;int32&gt;.</summary>
    Tokenized,

    /// <summary>Parquet rows of exactly <c>sequence_length</c> tokens, documents joined by EOS, with <c>position_ids</c>.</summary>
    Packed,

    /// <summary>Parquet with <c>id</c>, <c>text</c>, <c>source</c>, <c>metadata</c> (untokenized).</summary>
    Text,
}

/// <summary>A curriculum: phases in training order, each with a token budget and per-source targets.</summary>
/// <param name="File">The YAML file it came from (for messages).</param>
/// <param name="Name">Name of the mix.</param>
/// <param name="Seed">Seed of every shuffle; the same seed and inputs give the same bytes.</param>
/// <param name="Tokenizer">Path of the Hugging Face tokenizer.json that counts and encodes tokens.</param>
/// <param name="AddSpecialTokens">Whether the tokenizer's post-processor tokens (e.g. BOS) are added to each document.</param>
/// <param name="AppendEos">Whether EOS ends every document (packed rows always separate documents with EOS).</param>
/// <param name="TextField">The input text field.</param>
/// <param name="OutputPath">Folder the shards, index, recipes and report go to.</param>
/// <param name="ShardTokens">Approximate tokens per shard.</param>
/// <param name="Megatron">Also write each shard as a Megatron <c>.bin</c>/<c>.idx</c> pair.</param>
/// <param name="Phases">The phases in training order.</param>
public sealed record CurriculumConfig(
    string File,
    string Name,
    ulong Seed,
    string Tokenizer,
    bool AddSpecialTokens,
    bool AppendEos,
    string TextField,
    string OutputPath,
    long ShardTokens,
    bool Megatron,
    IReadOnlyList<PhaseConfig> Phases)
{
    /// <summary>Every distinct source path used by any phase, in order of first use.</summary>
    public IReadOnlyList<string> SourcePaths => Phases.SelectMany(p => p.Sources).Select(s => s.Path).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The display name of a source path (its first mention's).</summary>
    public string SourceName(string path) => Phases.SelectMany(p => p.Sources).First(s => s.Path == path).DisplayName;

    /// <summary>The order keys a source needs: those of the phases that draw from it.</summary>
    public IReadOnlyList<string> OrderKeysOf(string path) =>
        Phases.Where(p => p.OrderKey != null && p.Sources.Any(s => s.Path == path)).Select(p => p.OrderKey!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>One phase of a curriculum.</summary>
/// <param name="Name">Phase name (unique).</param>
/// <param name="Tokens">The phase's token budget; shares are fractions of it.</param>
/// <param name="OrderKey">Null: shuffle the phase (YuLan-Mini's choice); else the metadata key documents are sorted by.</param>
/// <param name="Descending">Sort <see cref="OrderKey"/> descending instead of ascending.</param>
/// <param name="Format">How this phase is written.</param>
/// <param name="SequenceLength">Row length of packed shards.</param>
/// <param name="AllowReuse">Documents used by earlier phases may be used again here.</param>
/// <param name="Sources">Per-source targets.</param>
public sealed record PhaseConfig(
    string Name,
    long Tokens,
    string? OrderKey,
    bool Descending,
    ShardFormat Format,
    int SequenceLength,
    bool AllowReuse,
    IReadOnlyList<SourceTarget> Sources);

/// <summary>A source's target within a phase.</summary>
/// <param name="Path">A folder (all document files below it, or its <c>output/</c> folder when it is a run) or a glob.</param>
/// <param name="Share">Fraction of the phase budget, when given as a share.</param>
/// <param name="TargetTokens">The resolved token target.</param>
/// <param name="Name">The source's name in reports and provenance (default: the path without leading <c>./</c>, <c>../</c>);
/// its part before the first '/' is its category, e.g. <c>fineweb_math/07_08</c> → <c>fineweb_math</c>.</param>
public sealed record SourceTarget(string Path, double? Share, long TargetTokens, string? Name = null)
{
    /// <summary>The category: the name's part before the first '/'.</summary>
    public string Category => YulanRecipe.CategoryOf(DisplayName);

    /// <summary>The name, or the path without leading relative segments.</summary>
    public string DisplayName
    {
        get
        {
            if (Name != null)
                return Name;
            string p = Path.Replace('\\', '/');
            while (p.StartsWith("./", StringComparison.Ordinal) || p.StartsWith("../", StringComparison.Ordinal))
                p = p[(p.IndexOf('/') + 1)..];
            return p;
        }
    }
}
