using System.Threading.Channels;
using YuLanData.Inference.Generation;

namespace YuLanData.Inference.Serving;

/// <summary>
/// A request submitted to a <see cref="ServingEngine"/>: its result when done, the tokens so far while it runs
/// (when streaming), and a way to cancel it.
/// </summary>
public sealed class ServingHandle
{
    private readonly Sequence _sequence;
    private readonly TaskCompletionSource<GenerationResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<int[]>? _progress;

    internal ServingHandle(Sequence sequence, bool streaming)
    {
        _sequence = sequence;
        // Each snapshot holds every token so far, so a slow reader may skip older ones.
        if (streaming) _progress = Channel.CreateBounded<int[]>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
    }

    /// <summary>The request's id.</summary>
    public string Id => _sequence.Request.Id;

    /// <summary>The outcome (a failure when cancelled: reason "cancelled").</summary>
    public Task<GenerationResult> Result => _result.Task;

    /// <summary>Snapshots of the generated ids while running (streaming only); completes when the request finishes.</summary>
    public ChannelReader<int[]>? Progress => _progress?.Reader;

    /// <summary>Log-probabilities of the generated tokens (when requested); complete once <see cref="Result"/> is.</summary>
    public IReadOnlyList<float> Logprobs => _sequence.Logprobs;

    /// <summary>Drops the request (its client went away); it frees its slot after the current step.</summary>
    public void Cancel() => _sequence.Cancel();

    internal void Publish() => _progress?.Writer.TryWrite(_sequence.Generated.ToArray());

    internal void Complete(GenerationResult result)
    {
        _progress?.Writer.TryComplete();
        _result.TrySetResult(result);
    }
}
