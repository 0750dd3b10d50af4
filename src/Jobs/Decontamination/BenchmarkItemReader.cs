using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet.Serialization;
using YuLanData.Filters.Decontamination;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Jobs.Decontamination;

/// <summary>Reads the items of a benchmark from its files (JSONL, .jsonl.gz, .jsonl.zst or Parquet).</summary>
public static class BenchmarkItemReader
{
    /// <summary>The files a spec's globs match, in sorted order; throws when a glob matches nothing.</summary>
    public static IReadOnlyList<string> Files(BenchmarkSpec spec)
    {
        var files = new List<string>();
        foreach (var pattern in spec.Files)
        {
            var matched = Glob.Expand(pattern);
            if (matched.Count == 0)
                throw new FileNotFoundException($"benchmark '{spec.Name}': no file matches '{pattern}' (relative to {Directory.GetCurrentDirectory()})");
            files.AddRange(matched);
        }
        return files.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every item of the benchmark: the counted fields of each record joined by newlines.</summary>
    /// <exception cref="InvalidDataException">A record is not valid JSON, a counted field is missing from every
    /// record, or a file is unreadable; the message names the file and line or row.</exception>
    public static IEnumerable<BenchmarkItem> Read(BenchmarkSpec spec)
    {
        long number = 0;
        var fieldSeen = new bool[spec.Fields.Count];
        foreach (var file in Files(spec))
        {
            foreach (var (record, location) in Records(file))
            {
                number++;
                var text = new StringBuilder();
                StringBuilder? labeled = spec.LabeledField == null ? null : new StringBuilder();
                StringBuilder? numbered = spec.LabeledField == null ? null : new StringBuilder();
                for (int f = 0; f < spec.Fields.Count; f++)
                {
                    int before = text.Length;
                    var path = spec.Fields[f].Split('.');
                    AppendField(record, path, 0, text, null);
                    fieldSeen[f] |= text.Length > before;
                    if (labeled != null && numbered != null)
                    {
                        bool choices = spec.Fields[f] == spec.LabeledField;
                        AppendField(record, path, 0, labeled, choices ? [0, 'A'] : null);
                        AppendField(record, path, 0, numbered, choices ? [0, '1'] : null);
                    }
                }
                var variants = new List<string>();
                if (labeled != null && numbered != null)
                    variants.AddRange([labeled.ToString(), numbered.ToString()]);
                foreach (var field in spec.StandaloneFields ?? [])
                {
                    var alone = new StringBuilder();
                    AppendField(record, field.Split('.'), 0, alone, null);
                    if (alone.Length > 0)
                        variants.Add(alone.ToString());
                }
                if (spec.BlankField != null)
                    variants.AddRange(FilledBlanks(record, spec.BlankField, spec.BlankOptions ?? []));
                string id = number.ToString(CultureInfo.InvariantCulture);
                if (spec.IdField != null)
                {
                    var idNode = record[spec.IdField] ?? throw new InvalidDataException($"{location}: no id field '{spec.IdField}'");
                    id = idNode is JsonValue v && v.TryGetValue(out string? s) ? s : idNode.ToJsonString();
                }
                yield return new BenchmarkItem(spec.Name, id, text.ToString(), variants.Count == 0 ? null : variants);
            }
        }
        for (int f = 0; f < fieldSeen.Length; f++)
            if (!fieldSeen[f] && number > 0)
                throw new InvalidDataException($"benchmark '{spec.Name}': field '{spec.Fields[f]}' is empty or missing in all {number} records (check 'fields')");
    }

    /// <summary>The sentence of <paramref name="blankField"/> with its blank (the first run of underscores) replaced by
    /// each option's text.</summary>
    private static IEnumerable<string> FilledBlanks(JsonObject record, string blankField, IReadOnlyList<string> optionFields)
    {
        var sentence = new StringBuilder();
        AppendField(record, blankField.Split('.'), 0, sentence, null);
        string text = sentence.ToString();
        int blank = text.IndexOf('_');
        if (blank < 0)
            yield break;
        int end = blank;
        while (end < text.Length && text[end] == '_')
            end++;
        foreach (var optionField in optionFields)
        {
            var option = new StringBuilder();
            AppendField(record, optionField.Split('.'), 0, option, null);
            if (option.Length > 0)
                yield return string.Concat(text.AsSpan(0, blank), option.ToString(), text.AsSpan(end));
        }
    }

    /// <param name="label">When not null, each value is prefixed with the next label: [0] counts the values, [1] is the
    /// first label (<c>A</c> for <c>A. </c>, <c>B. </c>...; <c>1</c> for <c>1. </c>, <c>2. </c>...).</param>
    private static void AppendField(JsonNode? node, string[] path, int depth, StringBuilder text, int[]? label)
    {
        switch (node)
        {
            case null:
                return;
            case JsonArray array:
                foreach (var element in array)
                    AppendField(element, path, depth, text, label);
                return;
            case JsonObject obj when depth < path.Length:
                AppendField(obj[path[depth]], path, depth + 1, text, label);
                return;
            case JsonValue value when depth == path.Length:
                string s = value.TryGetValue(out string? str) ? str : value.ToJsonString();
                if (s.Length > 0)
                {
                    if (text.Length > 0)
                        text.Append('\n');
                    if (label != null)
                        text.Append(label[1] == 'A' ? ((char)('A' + label[0]++ % 26)).ToString() : (++label[0]).ToString(CultureInfo.InvariantCulture)).Append(". ");
                    text.Append(s);
                }
                return;
        }
    }

    private static IEnumerable<(JsonObject Record, string Location)> Records(string file)
    {
        var format = FileFormats.FromPath(file)
            ?? throw new InvalidDataException($"{file}: unsupported file type (supported: {FileFormats.SupportedList})");
        return format == FileFormat.Parquet ? ParquetRecords(file) : JsonlRecords(file, format);
    }

    private static IEnumerable<(JsonObject, string)> JsonlRecords(string file, FileFormat format)
    {
        using var stream = CompressedStreams.Decompress(CompressedStreams.OpenFile(file), format);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true));
        long line = 0;
        while (true)
        {
            string? text;
            try
            {
                text = reader.ReadLine();
            }
            catch (Exception e) when (e is IOException or InvalidDataException or DecoderFallbackException || CompressedStreams.IsCorruptData(e))
            {
                throw new InvalidDataException($"{file}: unreadable after line {line}: {e.Message}", e);
            }
            if (text == null)
                yield break;
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{file}:{line}: invalid JSON: {e.Message}", e);
            }
            if (node is not JsonObject obj)
                throw new InvalidDataException($"{file}:{line}: expected a JSON object");
            yield return (obj, $"{file}:{line}");
        }
    }

    private static IEnumerable<(JsonObject, string)> ParquetRecords(string file)
    {
        IList<Dictionary<string, object>> rows;
        try
        {
            using var stream = CompressedStreams.OpenFile(file);
            rows = ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult().Data;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{file}: not a readable Parquet file: {e.Message}", e);
        }
        for (int i = 0; i < rows.Count; i++)
            yield return ((JsonObject)ToJson(rows[i])!, $"{file}: row {i}");
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        IDictionary<string, object> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        IDictionary map => new JsonObject(map.Keys.Cast<object>().Select(k => KeyValuePair.Create(Convert.ToString(k, CultureInfo.InvariantCulture)!, ToJson(map[k])))),
        IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToJson).ToArray()),
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };
}
