namespace YuLanData.Synthesis.Backends;

/// <summary>
/// Where a synthesis job's completions come from: the in-process TorchSharp engine (<see cref="InProcessBackend"/>) or
/// any OpenAI-compatible server (<see cref="OpenAiBackend"/>). The job fills templates, verifies and writes; the backend
/// only turns prompts into completions, one result per request, in request order.
/// </summary>
public interface IGenerationBackend : IDisposable
{
    /// <summary><c>inprocess</c> or <c>openai</c>.</summary>
    string Kind { get; }
    /// <summary>What each sample records as <c>model_path</c>: the model folder, or the server's base URL.</summary>
    string ModelPath { get; }
    /// <summary>What identifies the model in the run fingerprint and each sample: a content hash of the weights, or
    /// <c>openai:{served model name}</c>.</summary>
    string ModelHash { get; }
    /// <summary>Hash of the local tokenizer file, or empty when there is none.</summary>
    string TokenizerHash { get; }
    /// <summary>Longest prompt + completion in tokens, or null when unknown (then seeds are not cut to fit).</summary>
    int? ContextLength { get; }
    /// <summary>Whether the server renders the chat template (a chat endpoint); then the job hands over the plain filled prompt.</summary>
    bool RendersChat { get; }

    /// <summary>Tokens of <paramref name="text"/>, or null without a local tokenizer.</summary>
    /// <param name="text">Any text.</param>
    int? CountTokens(string text);

    /// <summary>The prompt as the backend will send it: rendered through a local chat template when the job asks for chat
    /// and the backend does not render it, and tokenized when a local tokenizer exists.</summary>
    /// <param name="filled">The filled template text.</param>
    /// <param name="chat">The local chat template, or null for a raw prompt.</param>
    BackendPrompt Prepare(string filled, Job.ChatPrompt? chat);

    /// <summary>Generates every request; one result per request, in request order, whatever order they finish in.
    /// A request the backend could not complete for a reason tied to that request (a malformed or oversized response,
    /// a refused prompt) is a result with <see cref="Inference.Generation.FinishReason.Error"/>.</summary>
    /// <param name="requests">The requests of one part.</param>
    /// <param name="progress">Called with (requests done, completion tokens so far) as results arrive; may be null.</param>
    /// <exception cref="BackendUnavailableException">The server stayed unavailable (retries exhausted, circuit open,
    /// timeouts): nothing of the part can be trusted to be complete, so the job stops and a rerun resumes.</exception>
    IReadOnlyList<BackendResult> Generate(IReadOnlyList<BackendRequest> requests, Action<int, long>? progress);
}
