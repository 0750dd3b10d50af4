namespace YuLanData.Inference.Generation;

/// <summary>The engine's loop: asks the scheduler for the next step, runs it on the model runner, hands back the tokens.</summary>
public static class GenerationLoop
{
    /// <summary>Runs steps until no sequence waits or runs. Sequences added meanwhile (from any thread) are served in the same run.</summary>
    /// <param name="scheduler">Owns the queue and slots; its finished callback receives each result.</param>
    /// <param name="runner">Runs prefill and decode on the model; must have as many slots as the scheduler.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    public static void RunUntilIdle(Scheduler scheduler, ModelRunner runner, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (scheduler.Schedule() is not { } step) return;
            var tokens = step.IsPrefill ? runner.Prefill(step.Sequences) : runner.Decode(step.Sequences);
            scheduler.Postprocess(step, tokens);
        }
    }
}
