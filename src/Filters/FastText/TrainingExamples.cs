using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace YuLanData.Filters.FastText;

/// <summary>Turns the training inputs of <see cref="FastTextTrainInput"/> into fastText-format lines.</summary>
internal static class TrainingExamples
{
    public static bool IsJsonl(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase);

    private static TextReader Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"training file not found: {path}", path);
        Stream s = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            s = new GZipStream(s, CompressionMode.Decompress);
        return new StreamReader(s, new UTF8Encoding(false));
    }

    /// <summary>A label as a single fastText token: prefixed, whitespace replaced by '_'.</summary>
    public static string LabelToken(string label, string prefix)
    {
        var sb = new StringBuilder(label.Length + prefix.Length);
        if (!label.StartsWith(prefix, StringComparison.Ordinal))
            sb.Append(prefix);
        foreach (char c in label)
            sb.Append(c is ' ' or '\n' or '\r' or '\t' or '\v' or '\f' or '\0' ? '_' : c);
        return sb.ToString();
    }

    /// <summary>Document text as one line (newlines become spaces).</summary>
    public static string OneLine(string text) => text.Replace('\n', ' ');

    public static IEnumerable<string> Labeled(FastTextTrainInput input)
    {
        string path = input.Input!;
        string prefix = input.Training.LabelPrefix;
        using var reader = Open(path);
        if (!IsJsonl(path))
        {
            string? line;
            while ((line = reader.ReadLine()) != null)
                yield return line;
            yield break;
        }
        string? json;
        long lineNo = 0;
        while ((json = reader.ReadLine()) != null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(json))
                continue;
            string text;
            var labels = new List<string>();
            try
            {
                using var doc = JsonDocument.Parse(json);
                var root = doc.RootElement;
                if (!root.TryGetProperty(input.TextField, out var t) || t.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{path}:{lineNo}: no string field '{input.TextField}'");
                text = t.GetString()!;
                if (!root.TryGetProperty(input.LabelField, out var l))
                    throw new InvalidDataException($"{path}:{lineNo}: no field '{input.LabelField}'");
                if (l.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in l.EnumerateArray())
                        labels.Add(LabelValue(item, path, lineNo, input.LabelField));
                }
                else
                {
                    labels.Add(LabelValue(l, path, lineNo, input.LabelField));
                }
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{lineNo}: invalid JSON: {e.Message}", e);
            }
            yield return string.Join(' ', labels.Select(x => LabelToken(x, prefix))) + " " + OneLine(text);
        }
    }

    private static string LabelValue(JsonElement e, string path, long lineNo, string field) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new InvalidDataException($"{path}:{lineNo}: field '{field}' must be a string, number or array of them"),
    };

    /// <summary>Documents of one class file: JSONL text field, or one plain-text document per line.</summary>
    public static IEnumerable<string> Documents(string path, string textField)
    {
        using var reader = Open(path);
        string? line;
        long lineNo = 0;
        bool jsonl = IsJsonl(path);
        while ((line = reader.ReadLine()) != null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (!jsonl)
            {
                yield return line;
                continue;
            }
            string text;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (!doc.RootElement.TryGetProperty(textField, out var t) || t.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{path}:{lineNo}: no string field '{textField}'");
                text = t.GetString()!;
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{lineNo}: invalid JSON: {e.Message}", e);
            }
            yield return OneLine(text);
        }
    }
}
