using YuLanData.Inference.Generation;
using YuLanData.Inference.Model;
using YuLanData.Inference.Tests.Model;

namespace YuLanData.Inference.Tests.Generation;

/// <summary>The generation engine on CPU with the tiny Llama fixture.</summary>
public sealed class BatchGeneratorTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(TinyLlamaFixture.ModelDir("tiny-llama"), "cpu");

    public void Dispose() => _model.Dispose();

    // Token ids as words: enough to test stop strings without a real tokenizer.
    private static string Words(IReadOnlyList<int> ids) => string.Concat(ids.Select(i => $"t{i} "));

    private static IReadOnlyList<GenerationRequest> MixedRequests(Func<int, SamplingParameters> sampling)
    {
        var random = new Random(11);
        return Enumerable.Range(0, 9).Select(i =>
        {
            var prompt = Enumerable.Range(0, 1 + random.Next(40)).Select(_ => 3 + random.Next(317)).ToArray();
            return new GenerationRequest($"r{i}", prompt, sampling(i) with { MaxNewTokens = 5 + random.Next(26), StopTokenIds = [], });
        }).ToArray();
    }

    /// <summary>Compared up to the first step whose top-2 margin in transformers is below 1e-3 (float32 round-off may flip it).</summary>
    [Fact]
    public void GreedyBatchMatchesTransformers()
    {
        var cases = TinyLlamaFixture.Load();
        var generator = new BatchGenerator(_model, new GeneratorOptions { MaxBatch = 3, KeyBucket = 16, PrefillBucket = 8 });
        // The fixture decodes without an EOS stop; the tiny model's EOS id 2 never appears in it.
        var run = generator.Generate(cases.Select((c, i) => new GenerationRequest($"c{i}", c.Prompt, SamplingParameters.GreedyDecoding(24))).ToArray());
        for (var i = 0; i < cases.Count; i++)
        {
            var r = run.Results[i];
            Assert.Equal(FinishReason.Length, r.FinishReason);
            Assert.Equal(24, r.CompletionTokens);
            Assert.Equal(cases[i].Prompt.Length, r.PromptTokens);
            var n = cases[i].ComparableSteps;
            Assert.Equal(cases[i].Greedy.Take(n), r.TokenIds.Take(n));
        }
    }

    [Fact]
    public void ContinuousBatchingEqualsOneAtATime()
    {
        var requests = MixedRequests(_ => new SamplingParameters { Greedy = true });
        var options = new GeneratorOptions { MaxBatch = 3, KeyBucket = 16, PrefillBucket = 8 };
        var batched = new BatchGenerator(_model, options).Generate(requests);
        Assert.Equal(3, batched.Batch);
        // With 9 requests over 3 slots the engine must have refilled slots while others were decoding.
        Assert.True(batched.DecodeSteps < requests.Sum(r => r.Sampling.MaxNewTokens) / 2, $"{batched.DecodeSteps} decode steps");
        var single = new BatchGenerator(_model, options with { MaxBatch = 1 });
        for (var i = 0; i < requests.Count; i++)
        {
            var alone = single.Generate([requests[i]]).Results[0];
            Assert.Equal(alone.TokenIds, batched.Results[i].TokenIds);
            Assert.Equal(requests[i].Sampling.MaxNewTokens, batched.Results[i].CompletionTokens);
            Assert.Equal(FinishReason.Length, batched.Results[i].FinishReason);
        }
    }

    [Fact]
    public void SampledOutputDependsOnSeedNotOnBatch()
    {
        // Mixed settings in one batch: plain temperature, top-k + top-p, top-p alone (full sort), with and without a penalty.
        var requests = MixedRequests(i => new SamplingParameters
        {
            Temperature = 0.9, TopK = i % 3 == 1 ? 40 : 0, TopP = i % 3 == 0 ? 1.0 : 0.9, RepetitionPenalty = i % 2 == 0 ? 1.3 : 1.0, Seed = 1000 + i,
        });
        var generator = new BatchGenerator(_model, new GeneratorOptions { MaxBatch = 4, KeyBucket = 16 });
        var together = generator.Generate(requests);
        var alone = new BatchGenerator(_model, new GeneratorOptions { MaxBatch = 1, KeyBucket = 16 });
        for (var i = 0; i < requests.Count; i++)
            Assert.Equal(alone.Generate([requests[i]]).Results[0].TokenIds, together.Results[i].TokenIds);
        // Another seed gives another completion; sampling is not greedy in disguise.
        var reseeded = generator.Generate(requests.Select(r => r with { Sampling = r.Sampling with { Seed = r.Sampling.Seed + 7 } }).ToArray());
        Assert.True(Enumerable.Range(0, requests.Count).Count(i => !reseeded.Results[i].TokenIds.SequenceEqual(together.Results[i].TokenIds)) >= requests.Count - 1);
        var greedy = generator.Generate(requests.Select(r => r with { Sampling = r.Sampling with { Greedy = true, RepetitionPenalty = 1 } }).ToArray());
        Assert.Contains(Enumerable.Range(0, requests.Count), i => !greedy.Results[i].TokenIds.SequenceEqual(together.Results[i].TokenIds));
    }

    [Fact]
    public void TopKOneIsGreedy()
    {
        var requests = MixedRequests(i => new SamplingParameters { Temperature = 1.7, TopK = 1, Seed = i });
        var generator = new BatchGenerator(_model, new GeneratorOptions { MaxBatch = 4 });
        var sampled = generator.Generate(requests);
        var greedy = generator.Generate(requests.Select(r => r with { Sampling = r.Sampling with { Greedy = true } }).ToArray());
        for (var i = 0; i < requests.Count; i++) Assert.Equal(greedy.Results[i].TokenIds, sampled.Results[i].TokenIds);
    }

    [Fact]
    public void StopStringTrimsTextAndStopTokenEnds()
    {
        // Greedy from prompt [1] gives 298, 140, 53, 53, 204, ... (transformers, margins well above 1e-3).
        var generator = new BatchGenerator(_model, new GeneratorOptions { MaxBatch = 2 }, Words);
        var run = generator.Generate([
            new GenerationRequest("stop", [1], SamplingParameters.GreedyDecoding(20) with { StopStrings = ["t53", "t999"] }),
            new GenerationRequest("eos", [1], SamplingParameters.GreedyDecoding(20) with { StopTokenIds = [140] }),
            new GenerationRequest("length", [1], SamplingParameters.GreedyDecoding(3)),
        ]);
        var stop = run.Results[0];
        Assert.Equal(FinishReason.Stop, stop.FinishReason);
        Assert.Equal("t298 t140 ", stop.Text);
        Assert.Equal([298, 140, 53], stop.TokenIds);
        var eos = run.Results[1];
        Assert.Equal(FinishReason.Eos, eos.FinishReason);
        Assert.Equal([298, 140], eos.TokenIds);
        Assert.Equal("t298 ", eos.Text);
        var length = run.Results[2];
        Assert.Equal(FinishReason.Length, length.FinishReason);
        Assert.Equal("t298 t140 t53 ", length.Text);
        Assert.Equal(1, length.PromptTokens);
        Assert.Equal(3, length.CompletionTokens);
    }

    /// <summary>Gathering freed slots before a refill means fewer prefill calls and the same outputs.</summary>
    [Fact]
    public void GatheredRefillsPrefillLessOftenWithTheSameOutputs()
    {
        var requests = MixedRequests(i => new SamplingParameters { Temperature = 0.9, TopP = 0.9, Seed = i });
        var eager = new BatchGenerator(_model, new GeneratorOptions { MaxBatch = 4, KeyBucket = 16, PrefillBucket = 8, RefillFraction = 0 }).Generate(requests);
        var gathered = new BatchGenerator(_model, new GeneratorOptions { MaxBatch = 4, KeyBucket = 16, PrefillBucket = 8, RefillFraction = 0.5 }).Generate(requests);
        Assert.True(gathered.PrefillCalls < eager.PrefillCalls, $"{gathered.PrefillCalls} prefill calls gathered vs {eager.PrefillCalls} eager");
        Assert.True(gathered.DecodeSteps >= eager.DecodeSteps, "waiting for free slots cannot take fewer steps");
        for (var i = 0; i < requests.Count; i++) Assert.Equal(eager.Results[i].TokenIds, gathered.Results[i].TokenIds);
    }

    [Fact]
    public void NonFiniteLogitsFailOnlyTheirRequest()
    {
        using var broken = LlamaModel.Load(TinyLlamaFixture.ModelDir("tiny-llama"), "cpu");
        broken.SetEmbeddingRow(77, float.NaN);
        var requests = new[]
        {
            new GenerationRequest("clean", [5, 6, 8], SamplingParameters.GreedyDecoding(6)),
            new GenerationRequest("nan", [5, 77, 8], SamplingParameters.GreedyDecoding(6)),
            new GenerationRequest("clean2", [9, 10], SamplingParameters.GreedyDecoding(6)),
        };
        var run = new BatchGenerator(broken, new GeneratorOptions { MaxBatch = 3 }).Generate(requests);
        var reference = new BatchGenerator(_model, new GeneratorOptions { MaxBatch = 3 }).Generate(requests);
        Assert.Equal(FinishReason.Error, run.Results[1].FinishReason);
        Assert.Contains("NaN", run.Results[1].Error);
        Assert.Equal(reference.Results[0].TokenIds, run.Results[0].TokenIds);
        Assert.Equal(reference.Results[2].TokenIds, run.Results[2].TokenIds);
    }

    /// <summary>
    /// A failed request leaves NaN keys at positions its slot's next, shorter request only masks out; an additive
    /// mask over NaN is still NaN, so the slot must be cleared or the next request fails too.
    /// </summary>
    [Fact]
    public void SlotReusedAfterNonFiniteLogitsStillDecodes()
    {
        using var broken = LlamaModel.Load(TinyLlamaFixture.ModelDir("tiny-llama"), "cpu");
        broken.SetEmbeddingRow(77, float.NaN);
        var nanPrompt = Enumerable.Range(0, 40).Select(i => i == 3 ? 77 : 5 + i).ToArray();
        var requests = new[]
        {
            new GenerationRequest("nan", nanPrompt, SamplingParameters.GreedyDecoding(6)),
            new GenerationRequest("clean", [9, 10], SamplingParameters.GreedyDecoding(12)),
        };
        var options = new GeneratorOptions { MaxBatch = 1, KeyBucket = 64, PrefillBucket = 8 };
        var run = new BatchGenerator(broken, options).Generate(requests);
        var reference = new BatchGenerator(_model, options).Generate([requests[1]]);
        Assert.Equal(FinishReason.Error, run.Results[0].FinishReason);
        Assert.Equal(FinishReason.Length, run.Results[1].FinishReason);
        Assert.Equal(reference.Results[0].TokenIds, run.Results[1].TokenIds);
    }

    [Fact]
    public void OutOfMemoryHalvesTheBatchAndRetries()
    {
        var requests = MixedRequests(_ => new SamplingParameters { Greedy = true }).Take(8).ToArray();
        var perSlot = KvCache.BytesFor(_model.Config, 1, 128, 4) + 8L * _model.Config.VocabSize * 4;
        var options = new GeneratorOptions { MaxBatch = 8, MaxSequenceLength = 128, MemoryBudgetBytes = perSlot * 2 + 1 };
        var run = new BatchGenerator(_model, options).Generate(requests);
        Assert.Equal(2, run.OutOfMemoryRetries);
        Assert.Equal(2, run.Batch);
        var reference = new BatchGenerator(_model, options with { MemoryBudgetBytes = null }).Generate(requests);
        for (var i = 0; i < requests.Length; i++) Assert.Equal(reference.Results[i].TokenIds, run.Results[i].TokenIds);
        // A budget below one slot fails every request with the reason instead of throwing.
        var starved = new BatchGenerator(_model, options with { MemoryBudgetBytes = perSlot / 2 }).Generate(requests);
        Assert.All(starved.Results, r => Assert.Contains("out of memory", r.Error));
    }

    [Fact]
    public void BadRequestsFailWithReasonOthersComplete()
    {
        var run = new BatchGenerator(_model, new GeneratorOptions { MaxBatch = 2 }).Generate([
            new GenerationRequest("empty", [], SamplingParameters.GreedyDecoding(4)),
            new GenerationRequest("vocab", [5, 320], SamplingParameters.GreedyDecoding(4)),
            new GenerationRequest("stop-no-detok", [5], SamplingParameters.GreedyDecoding(4) with { StopStrings = ["x"] }),
            new GenerationRequest("temp", [5], new SamplingParameters { Temperature = 0 }),
            new GenerationRequest("ok", [5], SamplingParameters.GreedyDecoding(4)),
        ]);
        Assert.Contains("empty", run.Results[0].Error);
        Assert.Contains("320", run.Results[1].Error);
        Assert.Contains("detokenizer", run.Results[2].Error);
        Assert.Contains("temperature", run.Results[3].Error);
        Assert.Equal(FinishReason.Length, run.Results[4].FinishReason);
        Assert.Equal(4, run.Results[4].CompletionTokens);
    }
}
