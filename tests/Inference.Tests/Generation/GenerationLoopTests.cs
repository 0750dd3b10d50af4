using YuLanData.Inference.Generation;
using YuLanData.Inference.Model;
using YuLanData.Inference.Tests.Model;

namespace YuLanData.Inference.Tests.Generation;

/// <summary>The scheduler, runner and loop on the tiny Llama fixture, driven directly as a server would drive them.</summary>
public sealed class GenerationLoopTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(TinyLlamaFixture.ModelDir("tiny-llama"), "cpu");

    public void Dispose() => _model.Dispose();

    [Fact]
    public void RequestsAddedWhileTheLoopRunsGiveTheirOneAtATimeOutputs()
    {
        var random = new Random(3);
        var requests = Enumerable.Range(0, 8).Select(i => new GenerationRequest($"a{i}",
            Enumerable.Range(0, 1 + random.Next(30)).Select(_ => 3 + random.Next(317)).ToArray(),
            new SamplingParameters { Temperature = 0.8, TopP = 0.9, RepetitionPenalty = i % 2 == 0 ? 1.2 : 1.0, Seed = 50 + i, MaxNewTokens = 4 + random.Next(20) })).ToArray();
        var options = new GeneratorOptions { KeyBucket = 16, PrefillBucket = 8 };
        const int batch = 3, maxLength = 64;
        var results = new GenerationResult?[requests.Length];
        var next = 2;
        var addedWhileRunning = 0;
        Scheduler? scheduler = null;
        // Like a server: two requests at the start, then one more arrives each time a sequence finishes.
        scheduler = new Scheduler(batch, maxLength, options, _model.Config.EosTokenIds, finished: s =>
        {
            results[s.Index] = s.Result;
            if (next < requests.Length)
            {
                if (scheduler!.Running > 0) addedWhileRunning++;
                scheduler.Add(new Sequence(next, requests[next]));
                next++;
            }
        });
        using (var runner = new ModelRunner(_model, batch, maxLength, options, tracksSeenTokens: true))
        {
            scheduler.Add(new Sequence(0, requests[0]));
            scheduler.Add(new Sequence(1, requests[1]));
            GenerationLoop.RunUntilIdle(scheduler, runner);
        }
        Assert.True(addedWhileRunning > 0, "no request arrived while others were decoding");
        var alone = new BatchGenerator(_model, options with { MaxBatch = 1 });
        for (var i = 0; i < requests.Length; i++)
        {
            Assert.NotNull(results[i]);
            Assert.Equal(alone.Generate([requests[i]]).Results[0].TokenIds, results[i]!.TokenIds);
        }
    }

    [Fact]
    public void RunnerWithoutASeenTableRefusesARepetitionPenalty()
    {
        var options = new GeneratorOptions();
        var scheduler = new Scheduler(1, 32, options, _model.Config.EosTokenIds);
        scheduler.Add(new Sequence(0, new GenerationRequest("p", [5, 6, 7], new SamplingParameters { RepetitionPenalty = 1.3, MaxNewTokens = 3 })));
        using var runner = new ModelRunner(_model, 1, 32, options, tracksSeenTokens: false);
        var error = Assert.Throws<InvalidOperationException>(() => GenerationLoop.RunUntilIdle(scheduler, runner));
        Assert.Contains("repetition penalty", error.Message);
    }
}
