namespace YuLanData.Synthesis.Verification;

/// <summary>What verification found about one sample.</summary>
/// <param name="Reason">Null when the sample passed; else a short snake_case reject reason.</param>
/// <param name="Sections">Parsed sections (name to content), when the format has sections and they parsed.</param>
/// <param name="Answer">The extracted final answer (e.g. the last <c>\boxed{}</c>), if any.</param>
/// <param name="KnownAnswer">The seed's known answer it was compared with, if any.</param>
/// <param name="Detail">Extra evidence: the sandbox outcome and last error line, or the parse failure.</param>
public sealed record SampleVerdict(string? Reason, IReadOnlyDictionary<string, string>? Sections = null, string? Answer = null,
    string? KnownAnswer = null, string? Detail = null)
{
    /// <summary>Whether the sample passed verification.</summary>
    public bool Passed => Reason is null;

    /// <summary>A rejection.</summary>
    public static SampleVerdict Reject(string reason, string? detail = null) => new(reason, Detail: detail);
}
