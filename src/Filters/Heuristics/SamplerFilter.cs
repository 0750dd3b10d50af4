namespace YuLanData.Filters.Heuristics;

/// <summary>
/// Keeps a random <c>rate</c> fraction of documents (datatrove <c>SamplerFilter</c>). Each decision depends only on
/// the seed and the document id (<see cref="DocumentRandom"/>), so it does not change with order or worker count.
/// Dropped documents get the reason <c>sampled_out</c>.
/// </summary>
[Stage("sampler", "Keep a seeded random fraction (rate) of documents, decided per document id")]
public sealed class SamplerFilter : IDocumentFilter
{
    private readonly SamplerOptions _o;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">Rate and seed.</param>
    public SamplerFilter(SamplerOptions options)
    {
        options.Validate();
        _o = options;
    }

    public FilterOutcome Apply(in FilterInput input)
    {
        double u = DocumentRandom.Uniform(_o.Seed, input.Id);
        string? reason = u < _o.Rate ? null : "sampled_out";
        if (_o.ScoreOnly)
        {
            ScoreWriter.Write(input.Metadata, "sampler", new System.Text.Json.Nodes.JsonObject { ["u"] = ScoreWriter.Number(u) }, reason);
            return FilterOutcome.Kept;
        }
        return reason is null ? FilterOutcome.Kept : FilterOutcome.Drop(reason);
    }
}
