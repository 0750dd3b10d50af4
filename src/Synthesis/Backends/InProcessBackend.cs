using YuLanData.Inference.Generation;
using YuLanData.Synthesis.Job;

namespace YuLanData.Synthesis.Backends;

/// <summary>The TorchSharp engine in this process: batched, continuous generation of a whole part in one call.</summary>
public sealed class InProcessBackend : IGenerationBackend
{
    private readonly SynthesisEngine _engine;

    /// <param name="engine">The loaded model, tokenizer and generator; disposed with this backend.</param>
    public InProcessBackend(SynthesisEngine engine) => _engine = engine;

    /// <inheritdoc/>
    public string Kind => "inprocess";
    /// <inheritdoc/>
    public string ModelPath => _engine.ModelPath;
    /// <inheritdoc/>
    public string ModelHash => _engine.ModelHash;
    /// <inheritdoc/>
    public string TokenizerHash => _engine.TokenizerHash;
    /// <inheritdoc/>
    public int? ContextLength => _engine.ContextLength;
    /// <inheritdoc/>
    public bool RendersChat => false;

    /// <inheritdoc/>
    public int? CountTokens(string text) => _engine.Tokenizer.CountTokens(text);

    /// <inheritdoc/>
    public BackendPrompt Prepare(string filled, ChatPrompt? chat)
    {
        var text = chat is null ? filled : chat.Render(filled);
        // A chat template writes its own BOS text; the tokenizer must not add another.
        return new BackendPrompt(text, _engine.Tokenizer.Encode(text, addSpecialTokens: chat is null));
    }

    /// <inheritdoc/>
    public IReadOnlyList<BackendResult> Generate(IReadOnlyList<BackendRequest> requests, Action<int, long>? progress)
    {
        if (requests.Count == 0) return [];
        var run = _engine.Generator.Generate(requests.Select(r => new GenerationRequest(r.Id, r.Prompt.Ids!, r.Sampling)).ToArray());
        progress?.Invoke(run.Results.Count, run.GeneratedTokens);
        return run.Results.Select(g => new BackendResult(g, g.PromptTokens, g.CompletionTokens, null)).ToArray();
    }

    /// <summary>Frees the model.</summary>
    public void Dispose() => _engine.Dispose();
}
