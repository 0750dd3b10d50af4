namespace YuLanData.Service.Http;

/// <summary>How the pipeline service listens and what it may touch.</summary>
public sealed class ServiceOptions
{
    /// <summary>URLs to listen on (<c>http://</c>, or <c>https://</c> with a TLS certificate); beyond loopback a bearer token is required.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    /// <summary>PEM certificate (chain) for <c>https://</c> URLs; with <see cref="TlsKeyPath"/>.</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>PEM private key of <see cref="TlsCertificatePath"/> (PKCS#8, PKCS#1 or SEC1; unencrypted).</summary>
    public string? TlsKeyPath { get; init; }

    /// <summary>Folders requests may name (pipelines, inputs, outputs); the first is where relative paths start and holds the state folder.</summary>
    public IReadOnlyList<string> Roots { get; init; } = [Environment.CurrentDirectory];

    /// <summary>The service state folder; default <c>{first root}/.yulandata-service</c>.</summary>
    public string? StateDir { get; init; }

    /// <summary>Host names the service answers besides <c>localhost</c>, IP addresses and the names in <see cref="Urls"/> (other <c>Host</c> headers are refused: DNS rebinding).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Origins (<c>https://name:port</c>) besides the service's own whose pages may change state, such as a TLS proxy's public address.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Runs executing at once.</summary>
    public int MaxConcurrentRuns { get; init; } = 1;

    /// <summary>Workers of a run whose request names none.</summary>
    public int DefaultWorkers { get; init; } = Environment.ProcessorCount;

    /// <summary>Largest request body accepted, in bytes (larger ones get 413).</summary>
    public long MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>Seconds between progress events of a live stream.</summary>
    public double EventIntervalSeconds { get; init; } = 1;

    /// <summary>Days an ended run (record and run folder) is kept, or null for no age limit (see <see cref="Launch.RetentionPolicy"/>).</summary>
    public double? RetentionDays { get; init; }

    /// <summary>Ended runs kept, newest first, or null for no count limit.</summary>
    public int? RetentionRuns { get; init; }

    /// <summary>Seconds between applications of the retention policy (it is also applied at start).</summary>
    public double RetentionIntervalSeconds { get; init; } = 3600;

    /// <summary>An <c>http(s)://</c> URL that gets a JSON POST when a run ends, or null; from the operator's configuration only, never from a request.</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>Seconds a webhook call may take (connect and answer) before it is given up.</summary>
    public double WebhookTimeoutSeconds { get; init; } = 10;

    public string ResolvedStateDir => StateDir ?? Path.Combine(Path.GetFullPath(Roots[0]), ".yulandata-service");
}
