using System.Text.Json;
using YuLanData.Inference.Tokenization;

namespace YuLanData.Jobs.Mixing;

/// <summary>
/// Shows the rows of a token shard (<c>input_ids</c>, and <c>position_ids</c> for packed shards) as JSON lines:
/// <c>{"row": R, "tokens": N, "input_ids": [...], "position_ids": [...], "text": "..."}</c>, the text decoded when a
/// tokenizer is given.
/// </summary>
public static class TokenShardInspector
{
    /// <summary>Whether <paramref name="path"/> is a Parquet file with an <c>input_ids</c> column and no <c>text</c> column.</summary>
    public static bool IsTokenShard(string path)
    {
        if (!path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            var fields = TokenShardWriter.ReadSchema(path).GetDataFields();
            return fields.Any(f => f.Path.ToString().StartsWith("input_ids", StringComparison.Ordinal)) && fields.All(f => f.Name != "text");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Writes up to <paramref name="limit"/> rows; returns how many were written (or, with <paramref name="countOnly"/>, counted).</summary>
    /// <param name="path">The shard.</param>
    /// <param name="limit">Rows to show at most.</param>
    /// <param name="tokenizer">Decodes the ids into text; null shows ids only.</param>
    /// <param name="output">Where the JSON lines go.</param>
    /// <param name="countOnly">Count the rows instead of writing them.</param>
    public static long Write(string path, long limit, HuggingFaceTokenizer? tokenizer, TextWriter output, bool countOnly)
    {
        var rows = TokenShardWriter.ReadAll(path);
        if (countOnly) return rows.Count;
        long written = 0;
        for (var r = 0; r < rows.Count && written < limit; r++, written++)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("file", path);
                json.WriteNumber("row", r);
                json.WriteNumber("tokens", rows[r].Ids.Length);
                json.WriteStartArray("input_ids");
                foreach (var id in rows[r].Ids) json.WriteNumberValue(id);
                json.WriteEndArray();
                if (rows[r].Positions is { } positions)
                {
                    json.WriteStartArray("position_ids");
                    foreach (var p in positions) json.WriteNumberValue(p);
                    json.WriteEndArray();
                }
                if (tokenizer is not null) json.WriteString("text", tokenizer.Decode(rows[r].Ids));
                json.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        return written;
    }
}
