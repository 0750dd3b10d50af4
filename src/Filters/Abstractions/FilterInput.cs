using System.Text.Json.Nodes;

namespace YuLanData.Filters;

/// <summary>What a filter sees of one document.</summary>
/// <param name="Text">The document text.</param>
/// <param name="Id">The document id (stable across runs).</param>
/// <param name="Metadata">The document's metadata object. Filters may add annotations (scores, labels)
/// to it; that is how score-only modes store their numbers.</param>
public readonly record struct FilterInput(string Text, string Id, JsonObject Metadata);
