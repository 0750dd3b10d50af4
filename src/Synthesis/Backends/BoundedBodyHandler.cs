namespace YuLanData.Synthesis.Backends;

/// <summary>
/// Reads each response body whole, up to a byte limit, inside the attempt: so the per-attempt timeout covers a server
/// that sends headers and then trickles the body, and a body over the limit fails with
/// <see cref="ResponseTooLargeException"/> (not retried) before it is held in memory.
/// </summary>
internal sealed class BoundedBodyHandler : DelegatingHandler
{
    private readonly long _maxBytes;

    /// <param name="maxBytes">Largest body accepted.</param>
    /// <param name="inner">The transport.</param>
    public BoundedBodyHandler(long maxBytes, HttpMessageHandler inner) : base(inner) => _maxBytes = maxBytes;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.Content.Headers.ContentLength is { } declared && declared > _maxBytes)
                throw new ResponseTooLargeException($"response body of {declared} bytes is over the limit of {_maxBytes} bytes (max_response_mb)");
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var body = new MemoryStream();
            var chunk = new byte[64 << 10];
            int n;
            while ((n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + n > _maxBytes)
                    throw new ResponseTooLargeException($"response body is over the limit of {_maxBytes} bytes (max_response_mb)");
                body.Write(chunk, 0, n);
            }
            var buffered = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
            foreach (var header in response.Content.Headers) buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            response.Content.Dispose();
            response.Content = buffered;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

/// <summary>A server's response body was larger than the configured limit.</summary>
internal sealed class ResponseTooLargeException(string message) : Exception(message);
