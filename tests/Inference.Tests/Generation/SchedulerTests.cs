using YuLanData.Inference.Generation;

namespace YuLanData.Inference.Tests.Generation;

/// <summary>The scheduler alone, without a model: admission into slots, refill timing, and every way a sequence finishes.</summary>
public sealed class SchedulerTests
{
    private const int Eos = 2;

    private static string Words(IReadOnlyList<int> ids) => string.Concat(ids.Select(i => $"t{i} "));

    private static Sequence NewSequence(int index, int promptLength, SamplingParameters? sampling = null) =>
        new(index, new GenerationRequest($"r{index}", Enumerable.Range(10, promptLength).ToArray(), sampling ?? new SamplingParameters { MaxNewTokens = 100 }));

    private static Scheduler NewScheduler(int batch, GeneratorOptions options, List<Sequence> finished, int maxLength = 1000) =>
        new(batch, maxLength, options, [Eos], Words, finished.Add);

    [Fact]
    public void AdmitsTheQueueHeadIntoFreeSlotsWithinThePaddedPrefillBound()
    {
        var finished = new List<Sequence>();
        var scheduler = NewScheduler(4, new GeneratorOptions { PrefillBucket = 8, MaxPrefillTokens = 32 }, finished);
        var sequences = new[] { 5, 7, 9, 3, 6 }.Select((length, i) => NewSequence(i, length)).ToArray();
        foreach (var s in sequences) scheduler.Add(s);

        // 5 and 7 pad to 8: 2 x 8 = 16 tokens; adding 9 would pad all three to 16: 48 > 32.
        var first = scheduler.Schedule()!;
        Assert.True(first.IsPrefill);
        Assert.Equal([0, 1], first.Sequences.Select(s => s.Index));
        Assert.Equal([0, 1], first.Sequences.Select(s => s.Slot));
        scheduler.Postprocess(first, [20, 21]);
        // 9 and 3 pad to 16: 2 x 16 = 32, exactly the bound.
        var second = scheduler.Schedule()!;
        Assert.True(second.IsPrefill);
        Assert.Equal([2, 3], second.Sequences.Select(s => s.Index));
        Assert.Equal([2, 3], second.Sequences.Select(s => s.Slot));
        scheduler.Postprocess(second, [22, 23]);
        // No slot is free: the fifth waits and the four decode.
        var decode = scheduler.Schedule()!;
        Assert.False(decode.IsPrefill);
        Assert.Equal([0, 1, 2, 3], decode.Sequences.Select(s => s.Index));
        Assert.Equal(1, scheduler.Waiting);
        Assert.Equal(4, scheduler.Running);
        Assert.Empty(finished);
        Assert.Equal([20], sequences[0].Generated);
    }

    [Fact]
    public void OnePromptAboveTheBoundIsStillAdmittedAlone()
    {
        var scheduler = NewScheduler(2, new GeneratorOptions { PrefillBucket = 8, MaxPrefillTokens = 16 }, []);
        scheduler.Add(NewSequence(0, 40));
        scheduler.Add(NewSequence(1, 3));
        var step = scheduler.Schedule()!;
        Assert.Equal([0], step.Sequences.Select(s => s.Index));
    }

    [Fact]
    public void FreedSlotsAreRefilledOnceTheRefillFractionIsFree()
    {
        var finished = new List<Sequence>();
        var scheduler = NewScheduler(4, new GeneratorOptions { RefillFraction = 0.5 }, finished);
        var sequences = Enumerable.Range(0, 6).Select(i => NewSequence(i, 4)).ToArray();
        foreach (var s in sequences) scheduler.Add(s);
        var admitted = scheduler.Schedule()!;
        Assert.Equal([0, 1, 2, 3], admitted.Sequences.Select(s => s.Index));
        scheduler.Postprocess(admitted, [30, 31, 32, 33]);

        var step = scheduler.Schedule()!;
        Assert.False(step.IsPrefill);
        scheduler.Postprocess(step, [Eos, 40, 41, 42]); // slot 0 frees
        Assert.Equal([0], finished.Select(s => s.Index));
        Assert.Equal(-1, sequences[0].Slot);
        // One free slot of four is below half: decode on without prefilling.
        step = scheduler.Schedule()!;
        Assert.False(step.IsPrefill);
        Assert.Equal([1, 2, 3], step.Sequences.Select(s => s.Index));
        scheduler.Postprocess(step, [50, Eos, 51]); // slot 2 frees
        // Two free slots: both waiting sequences come in, in queue order, into slots 0 and 2.
        step = scheduler.Schedule()!;
        Assert.True(step.IsPrefill);
        Assert.Equal([4, 5], step.Sequences.Select(s => s.Index));
        Assert.Equal([0, 2], step.Sequences.Select(s => s.Slot));
    }

    [Fact]
    public void EachFinishReasonEndsItsSequenceWithItsText()
    {
        var finished = new List<Sequence>();
        var scheduler = NewScheduler(5, new GeneratorOptions(), finished, maxLength: 6);
        var eos = NewSequence(0, 2, new SamplingParameters { MaxNewTokens = 10, StopTokenIds = [99] });
        var stop = NewSequence(1, 2, new SamplingParameters { MaxNewTokens = 10, StopStrings = ["t8"] });
        var length = NewSequence(2, 2, new SamplingParameters { MaxNewTokens = 2 });
        var context = NewSequence(3, 4, new SamplingParameters { MaxNewTokens = 10 });
        var broken = NewSequence(4, 2, new SamplingParameters { MaxNewTokens = 10 });
        foreach (var s in new[] { eos, stop, length, context, broken }) scheduler.Add(s);
        var step = scheduler.Schedule()!;
        scheduler.Postprocess(step, [5, 7, 5, 5, -1]);
        step = scheduler.Schedule()!;
        Assert.Equal([0, 1, 2, 3], step.Sequences.Select(s => s.Index));
        scheduler.Postprocess(step, [99, 8, 6, 6]);
        Assert.Equal(0, scheduler.Running);
        Assert.Null(scheduler.Schedule());

        Assert.Equal([4, 0, 1, 2, 3], finished.Select(s => s.Index));
        Assert.Equal((FinishReason.Eos, "t5 "), (eos.Result!.FinishReason, eos.Result.Text));
        Assert.Equal([5, 99], eos.Result.TokenIds);
        Assert.Equal((FinishReason.Stop, "t7 "), (stop.Result!.FinishReason, stop.Result.Text));
        Assert.Equal((FinishReason.Length, "t5 t6 "), (length.Result!.FinishReason, length.Result.Text));
        // 4 prompt tokens + 2 generated reach the 6 positions of a slot.
        Assert.Equal((FinishReason.Length, 2), (context.Result!.FinishReason, context.Result.CompletionTokens));
        Assert.Equal(FinishReason.Error, broken.Result!.FinishReason);
        Assert.Contains("NaN or infinity at generated token 0", broken.Result.Error);
        Assert.All(finished, s => Assert.True(s.IsFinished && s.Slot == -1));
    }

    [Fact]
    public void AddRefusesWhatItCannotServe()
    {
        var noText = new Scheduler(2, 100, new GeneratorOptions(), [Eos]);
        var withStop = NewSequence(0, 3, new SamplingParameters { StopStrings = ["x"] });
        Assert.Contains("detokenizer", Assert.Throws<ArgumentException>(() => noText.Add(withStop)).Message);

        var scheduler = NewScheduler(2, new GeneratorOptions(), []);
        var sequence = NewSequence(1, 3);
        scheduler.Add(sequence);
        scheduler.Postprocess(scheduler.Schedule()!, [12]);
        Assert.Contains("already scheduled", Assert.Throws<ArgumentException>(() => scheduler.Add(sequence)).Message);
    }
}
