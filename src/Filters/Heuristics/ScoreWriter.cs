using System.Text.Json.Nodes;

namespace YuLanData.Filters.Heuristics;

/// <summary>Writes a heuristic filter's computed scores into a document's metadata (score-only mode).</summary>
internal static class ScoreWriter
{
    /// <summary>Stores <paramref name="scores"/> under <paramref name="key"/>, with the reason the filter would have
    /// dropped the document for (<c>would_drop</c>, null when it would keep it).</summary>
    public static void Write(JsonObject metadata, string key, JsonObject scores, string? wouldDrop)
    {
        scores["would_drop"] = wouldDrop;
        lock (metadata) metadata[key] = scores;
    }

    /// <summary>A JSON number, or null for NaN/infinity (JSON has no NaN).</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;
}
