namespace YuLanData.Synthesis.Backends;

/// <summary>The generation server could not be reached or kept failing after retries (or the circuit breaker is open).
/// The part in progress is not written, so a rerun into the same folder generates it again.</summary>
public sealed class BackendUnavailableException : Exception
{
    /// <param name="message">What failed, with the server and request.</param>
    /// <param name="inner">The last failure.</param>
    public BackendUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
