namespace YuLanData.Filters.Code;

/// <summary>
/// Drops (reason <c>generated</c>) or marks files written by programs: generator markers in the header, generated file
/// names, lock files, minified code and literal tables (see <see cref="GeneratedCodeDetector"/>). The evidence goes to
/// metadata <c>generated</c>.
/// </summary>
[Stage("code_generated", "Generated files: @generated / DO NOT EDIT headers, protobuf names, lock files, minified code, keyword and lookup tables")]
public sealed class GeneratedCodeFilter : IDocumentFilter
{
    private readonly GeneratedCodeOptions _o;
    private readonly GeneratedCodeDetector _detector;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">See <see cref="GeneratedCodeOptions"/>.</param>
    public GeneratedCodeFilter(GeneratedCodeOptions options)
    {
        options.Validate();
        _o = options;
        _detector = new GeneratedCodeDetector(options);
    }

    public FilterOutcome Apply(in FilterInput input)
    {
        string? evidence = _detector.Evidence(input.Text, CodeDocumentPath.PathOf(input.Metadata));
        if (evidence is null) return FilterOutcome.Kept;
        lock (input.Metadata) input.Metadata[_o.MetadataKey] = evidence;
        return _o.Drop ? FilterOutcome.Drop("generated") : FilterOutcome.Kept;
    }
}
