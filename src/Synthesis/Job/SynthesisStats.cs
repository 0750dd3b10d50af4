using System.Text.Json;
using System.Text.Json.Nodes;

namespace YuLanData.Synthesis.Job;

/// <summary>
/// Counts of one part or a whole run. Invariants, checked by <see cref="Check"/>:
/// <c>seeds_read = seeds_accepted + Σ seeds_rejected</c> and <c>samples = samples_accepted + Σ samples_rejected</c>.
/// </summary>
public sealed class SynthesisStats
{
    /// <summary>Input records read (readable or not).</summary>
    public long SeedsRead { get; set; }
    /// <summary>Seeds with at least one accepted sample.</summary>
    public long SeedsAccepted { get; set; }
    /// <summary>Rejected seeds by reason.</summary>
    public SortedDictionary<string, long> SeedsRejected { get; } = new(StringComparer.Ordinal);
    /// <summary>Samples (seeds × samples per seed, for readable seeds).</summary>
    public long Samples { get; set; }
    /// <summary>Accepted samples.</summary>
    public long SamplesAccepted { get; set; }
    /// <summary>Rejected samples by reason.</summary>
    public SortedDictionary<string, long> SamplesRejected { get; } = new(StringComparer.Ordinal);
    /// <summary>Prompt tokens over generated samples.</summary>
    public long PromptTokens { get; set; }
    /// <summary>Generated tokens.</summary>
    public long CompletionTokens { get; set; }

    /// <summary>Adds one to a reason's count.</summary>
    public static void Count(SortedDictionary<string, long> counts, string reason, long n = 1) =>
        counts[reason] = counts.GetValueOrDefault(reason) + n;

    /// <summary>Adds <paramref name="other"/> into this.</summary>
    public void Add(SynthesisStats other)
    {
        SeedsRead += other.SeedsRead;
        SeedsAccepted += other.SeedsAccepted;
        foreach (var (k, v) in other.SeedsRejected) Count(SeedsRejected, k, v);
        Samples += other.Samples;
        SamplesAccepted += other.SamplesAccepted;
        foreach (var (k, v) in other.SamplesRejected) Count(SamplesRejected, k, v);
        PromptTokens += other.PromptTokens;
        CompletionTokens += other.CompletionTokens;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> when a count is lost.</summary>
    /// <param name="what">Names the part or run in the message.</param>
    public void Check(string what)
    {
        var seeds = SeedsAccepted + SeedsRejected.Values.Sum();
        if (seeds != SeedsRead)
            throw new InvalidOperationException($"{what}: {SeedsRead} seeds read but {SeedsAccepted} accepted + {SeedsRejected.Values.Sum()} rejected = {seeds}");
        var samples = SamplesAccepted + SamplesRejected.Values.Sum();
        if (samples != Samples)
            throw new InvalidOperationException($"{what}: {Samples} samples but {SamplesAccepted} accepted + {SamplesRejected.Values.Sum()} rejected = {samples}");
    }

    /// <summary>Deterministic JSON (keys in a fixed order, reasons sorted).</summary>
    public string ToJson()
    {
        var o = new JsonObject
        {
            ["seeds_read"] = SeedsRead,
            ["seeds_accepted"] = SeedsAccepted,
            ["seeds_rejected"] = Map(SeedsRejected),
            ["samples"] = Samples,
            ["samples_accepted"] = SamplesAccepted,
            ["samples_rejected"] = Map(SamplesRejected),
            ["prompt_tokens"] = PromptTokens,
            ["completion_tokens"] = CompletionTokens,
        };
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="InvalidDataException">Not a stats file.</exception>
    public static SynthesisStats FromJson(string json, string where)
    {
        try
        {
            var o = JsonNode.Parse(json)!.AsObject();
            var s = new SynthesisStats
            {
                SeedsRead = o["seeds_read"]!.GetValue<long>(),
                SeedsAccepted = o["seeds_accepted"]!.GetValue<long>(),
                Samples = o["samples"]!.GetValue<long>(),
                SamplesAccepted = o["samples_accepted"]!.GetValue<long>(),
                PromptTokens = o["prompt_tokens"]!.GetValue<long>(),
                CompletionTokens = o["completion_tokens"]!.GetValue<long>(),
            };
            foreach (var (k, v) in o["seeds_rejected"]!.AsObject()) s.SeedsRejected[k] = v!.GetValue<long>();
            foreach (var (k, v) in o["samples_rejected"]!.AsObject()) s.SamplesRejected[k] = v!.GetValue<long>();
            return s;
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{where}: not a synthesis stats file: {e.Message}", e);
        }
    }

    private static JsonObject Map(SortedDictionary<string, long> counts)
    {
        var o = new JsonObject();
        foreach (var (k, v) in counts) o[k] = v;
        return o;
    }
}
