using System.IO.Hashing;
using System.Text;
using YuLanData.Filters;

namespace YuLanData.Jobs.Stages.BuiltIn;

public sealed class SampleOptions
{
    /// <summary>Fraction of documents kept, in [0, 1].</summary>
    public double Rate { get; set; } = 0.1;

    /// <summary>Seed mixed into the per-document hash; another seed keeps another subset.</summary>
    public long Seed { get; set; }

    public void Validate()
    {
        if (Rate is < 0 or > 1)
            throw new ArgumentException($"rate must be in [0, 1], got {Rate}");
    }
}

/// <summary>
/// Keeps a pseudo-random fraction of documents, decided by a hash of the document id and seed, so the same
/// documents are kept whatever the order, task split or worker count.
/// </summary>
[Stage("sample", "keep a deterministic random fraction of documents (hash of id and seed)")]
public sealed class SampleStage(SampleOptions options) : IDocumentFilter
{
    private readonly ulong _threshold = options.Rate >= 1 ? ulong.MaxValue : (ulong)(options.Rate * ulong.MaxValue);

    public FilterOutcome Apply(in FilterInput input)
    {
        if (options.Rate >= 1)
            return FilterOutcome.Kept;
        int max = Encoding.UTF8.GetMaxByteCount(input.Id.Length);
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : new byte[max];
        int n = Encoding.UTF8.GetBytes(input.Id, buffer);
        ulong h = XxHash64.HashToUInt64(buffer[..n], options.Seed);
        return h < _threshold ? FilterOutcome.Kept : FilterOutcome.Drop("sampled_out");
    }
}
