using System.Text.Json.Nodes;

namespace YuLanData.Filters.Heuristics;

/// <summary>
/// Keeps a random <c>rate</c> fraction of documents (datatrove <c>SamplerFilter</c>). Each decision depends only on
/// the seed and the document id (<see cref="DocumentRandom"/>), so it does not change with order or worker count.
/// Dropped documents get the reason <c>sampled_out</c>.
/// </summary>
[Stage("sampler", "Keep a seeded random fraction (rate) of documents, decided per document id")]
public sealed class SamplerFilter : ScoringFilter<double>
{
    private readonly SamplerOptions _o;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">Rate and seed.</param>
    public SamplerFilter(SamplerOptions options) : base(options)
    {
        options.Validate();
        _o = options;
    }

    /// <inheritdoc />
    public override double Score(in FilterInput input, bool complete) => DocumentRandom.Uniform(_o.Seed, input.Id);

    /// <inheritdoc />
    public override FilterOutcome Decide(in FilterInput input, in double scores) =>
        scores < _o.Rate ? FilterOutcome.Kept : FilterOutcome.Drop("sampled_out");

    /// <inheritdoc />
    public override JsonObject ScoreFields(in FilterInput input, in double scores) => new() { ["u"] = ScoreWriter.Number(scores) };
}
