namespace YuLanData.Filters.Text;

/// <summary>What <see cref="TextNormalizer"/> changes (each on by default).</summary>
public sealed class TextNormalizeOptions
{
    /// <summary>Repair UTF-8 text that was decoded as Latin-1 / windows-1252 (<c>cafÃ©</c> → <c>café</c>), only where the repair round-trips.</summary>
    public bool RepairMojibake { get; set; } = true;

    /// <summary>Drop control characters (C0 and C1, except tab and line feed); carriage returns become line feeds; lone surrogates become U+FFFD.</summary>
    public bool DropControlChars { get; set; } = true;

    /// <summary>Compose the text to Unicode NFC.</summary>
    public bool Nfc { get; set; } = true;

    /// <summary>Empty the lines that hold only whitespace (spaces, tabs, no-break and ideographic spaces...).</summary>
    public bool RemoveWhitespaceOnlyLines { get; set; } = true;

    /// <summary>The most consecutive blank lines kept (longer runs collapse to this many; negative keeps all). Blank lines at the start and end go.</summary>
    public int MaxBlankLines { get; set; } = 1;
}
