using System.Text.Encodings.Web;
using System.Text.Json;

namespace YuLanData.Jobs.IO;

/// <summary>Serializer settings shared by every JSON file the project writes.</summary>
public static class JsonOutput
{
    /// <summary>One line, non-ASCII text kept as is.</summary>
    public static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>Indented, for files people read (stats, plans).</summary>
    public static readonly JsonSerializerOptions Indented = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };
}
