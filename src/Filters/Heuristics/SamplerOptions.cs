namespace YuLanData.Filters.Heuristics;

/// <summary>Options of <see cref="SamplerFilter"/> (datatrove <c>SamplerFilter</c>).</summary>
public sealed class SamplerOptions : IScoreOnlyOptions
{
    /// <summary>Fraction of documents to KEEP.</summary>
    public double Rate { get; set; } = 0.5;

    /// <summary>Seed; together with the document id it fixes each decision.</summary>
    public long Seed { get; set; }

    /// <summary>Keep every document and write its draw to metadata key <c>sampler</c> (<c>u</c> in [0, 1); kept when u &lt; rate).</summary>
    public bool ScoreOnly { get; set; }

    public void Validate()
    {
        if (Rate is < 0 or > 1 || double.IsNaN(Rate)) throw new ArgumentException($"sampler: rate must be within [0, 1], got {Rate}");
    }
}
