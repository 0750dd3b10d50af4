namespace YuLanData.Cli.ModelServer;

/// <summary>Thrown while reading a request to refuse it with <see cref="Error"/>.</summary>
public sealed class OpenAiErrorException(OpenAiError error) : Exception(error.Message)
{
    /// <summary>The answer to send.</summary>
    public OpenAiError Error { get; } = error;
}
