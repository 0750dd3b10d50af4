using YuLanData.Filters;

namespace YuLanData.Jobs.Decontamination;

/// <summary>Options of the <c>decontaminate</c> stage.</summary>
public sealed class DecontaminateOptions
{
    /// <summary>The n-gram index built by <c>yulandata decontam index</c> (required).</summary>
    [PathParameter]
    public string IndexPath { get; set; } = "";

    /// <summary>drop | cut | annotate.</summary>
    public DecontaminationMode Mode { get; set; } = DecontaminationMode.Drop;

    /// <summary>Cut mode: characters removed on each side of a match.</summary>
    public int Window { get; set; } = 200;

    /// <summary>Cut mode: fragments shorter than this many characters are dropped.</summary>
    public int MinFragment { get; set; } = 200;

    /// <summary>Cut mode: a document needing more cuts than this is dropped whole (reason <c>decontam_too_many_cuts</c>).</summary>
    public int MaxCuts { get; set; } = 10;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(IndexPath))
            throw new ArgumentException("index_path is required (build the index with `yulandata decontam index --config C.yaml --output INDEX`)");
        if (Window < 0)
            throw new ArgumentException($"window must be >= 0 (got {Window})");
        if (MinFragment < 0)
            throw new ArgumentException($"min_fragment must be >= 0 (got {MinFragment})");
        if (MaxCuts < 0)
            throw new ArgumentException($"max_cuts must be >= 0 (got {MaxCuts})");
    }
}
