namespace YuLanData.Synthesis.Parsing;

/// <summary>A parsed value, or the reason parsing failed.</summary>
/// <param name="Value">The value when parsing succeeded.</param>
/// <param name="Reason">A short snake_case reject reason when it failed.</param>
public readonly record struct ParseResult<T>(T? Value, string? Reason)
{
    /// <summary>Whether parsing succeeded.</summary>
    public bool Success => Reason is null;
    /// <summary>A success.</summary>
    public static ParseResult<T> Ok(T value) => new(value, null);
    /// <summary>A failure with its reason.</summary>
    public static ParseResult<T> Fail(string reason) => new(default, reason);
}
