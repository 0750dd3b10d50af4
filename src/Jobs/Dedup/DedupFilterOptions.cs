using YuLanData.Filters;

namespace YuLanData.Jobs.Dedup;

/// <summary>Options of the dedup filter stages.</summary>
public sealed class DedupFilterOptions
{
    /// <summary>The folder of a finished <c>yulandata dedup</c> run over the same inputs (same id field).</summary>
    [PathParameter]
    public string Folder { get; set; } = "";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Folder))
            throw new ArgumentException("folder is required: the output folder of `yulandata dedup`");
    }
}
