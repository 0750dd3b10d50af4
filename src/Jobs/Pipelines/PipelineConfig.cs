using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Pipelines;

/// <summary>A validated pipeline: what to read, the ordered stages, where to write.</summary>
public sealed record PipelineConfig
{
    public required string Name { get; init; }

    /// <summary>The pipeline file (for messages), or a description of where the config came from.</summary>
    public required string SourceFile { get; init; }

    /// <summary>The input globs as written.</summary>
    public required IReadOnlyList<string> InputPatterns { get; init; }

    /// <summary>The matched input files, de-duplicated, in stable ordinal order.</summary>
    public required IReadOnlyList<string> InputFiles { get; init; }

    /// <summary>What the input globs matched that is not read (folders, run bookkeeping, this run's own output), in order.</summary>
    public IReadOnlyList<SkippedInput> SkippedInputs { get; init; } = [];

    public required ReaderOptions Reader { get; init; }

    /// <summary>Default of <see cref="SplitBytes"/> (the <c>split_bytes</c> key): 64 MiB.</summary>
    public const long DefaultSplitBytes = 64L << 20;

    /// <summary>Plain JSONL and Parquet files larger than this are split into several tasks.</summary>
    public long SplitBytes { get; init; } = DefaultSplitBytes;

    public required IReadOnlyList<StageSpec> Stages { get; init; }

    public required OutputOptions Output { get; init; }

    /// <summary>A hash of the configuration text: a run folder only resumes the same pipeline.</summary>
    public required string ConfigHash { get; init; }
}
