using System.Text.Json.Nodes;

namespace YuLanData.Jobs.Documents;

/// <summary>One document flowing through a pipeline. Stages may replace <see cref="Text"/> and edit <see cref="Metadata"/>.</summary>
public sealed class Document
{
    public Document(string id, string text, string source, JsonObject? metadata = null)
    {
        Id = id;
        Text = text;
        Source = source;
        Metadata = metadata ?? new JsonObject();
    }

    /// <summary>Stable identifier: the input's id field, or <c>{source}/{row}</c> when the input has none.</summary>
    public string Id { get; }

    public string Text { get; set; }

    /// <summary>Where the document came from: the input's source field, or the input file path as matched.</summary>
    public string Source { get; }

    /// <summary>Every other field of the input record, plus annotations added by stages.</summary>
    public JsonObject Metadata { get; }
}
