using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Inference.Generation;

namespace YuLanData.Synthesis.Templates;

/// <summary>
/// Reads template files. A file is a header of <c>key: value</c> lines, a line <c>---</c>, then the body:
/// <code>
/// format: problem_solution        # problem_solution | boxed | code_instruction | function_completion | explanation
/// temperature: 0.7                 # also top_p, top_k, max_new_tokens, greedy, repetition_penalty
/// stop: ["&lt;END&gt;"]                 # JSON list of stop strings
/// answer_field: answer             # seed field holding a known answer (default: answer)
/// ---
/// Body text with {{text}} and {{metadata_field}} placeholders.
/// </code>
/// Lines starting with <c>#</c> in the header are comments. The body runs to the end of the file, minus one final newline.
/// </summary>
public static class PromptTemplateLoader
{
    /// <summary>Loads <c>{directory}/{name}.prompt</c>.</summary>
    /// <param name="directory">Folder of template files (e.g. <c>pipelines/prompts</c>).</param>
    /// <param name="name">Template name without extension.</param>
    public static PromptTemplate LoadNamed(string directory, string name)
    {
        var path = Path.Combine(directory, name + ".prompt");
        if (!File.Exists(path))
        {
            var known = Directory.Exists(directory)
                ? string.Join(", ", Directory.EnumerateFiles(directory, "*.prompt").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
                : "(folder missing)";
            throw new FileNotFoundException($"template '{name}' not found in {directory} (templates: {known})", path);
        }
        return Load(path);
    }

    /// <summary>Loads one template file; its name is the file name without extension.</summary>
    /// <exception cref="InvalidDataException">A malformed header or placeholder, naming the file and line.</exception>
    public static PromptTemplate Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var name = Path.GetFileNameWithoutExtension(path);
        return Parse(name, new UTF8Encoding(false, true).GetString(bytes), hash, path);
    }

    /// <summary>Parses template text.</summary>
    /// <param name="name">Template name.</param>
    /// <param name="content">File content.</param>
    /// <param name="hash">Content hash recorded as provenance.</param>
    /// <param name="where">File path used in error messages.</param>
    public static PromptTemplate Parse(string name, string content, string hash, string where)
    {
        content = content.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = content.Split('\n');
        var header = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        var bodyStart = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line == "---")
            {
                bodyStart = i + 1;
                break;
            }
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw Error(where, i + 1, $"expected 'key: value' in the header, got '{line}'");
            var key = line[..colon].Trim();
            var value = StripComment(line[(colon + 1)..]).Trim();
            if (!header.TryAdd(key, (value, i + 1))) throw Error(where, i + 1, $"duplicate header key '{key}'");
        }
        if (bodyStart < 0) throw Error(where, lines.Length, "no '---' line between the header and the body");
        var body = string.Join('\n', lines[bodyStart..]);
        if (body.EndsWith('\n')) body = body[..^1];

        var sampling = new SamplingParameters();
        var format = OutputFormat.ProblemSolution;
        var formatSet = false;
        var answerField = "answer";
        foreach (var (key, (value, line)) in header)
        {
            try
            {
                switch (key)
                {
                    case "format":
                        format = value switch
                        {
                            "problem_solution" => OutputFormat.ProblemSolution,
                            "boxed" => OutputFormat.Boxed,
                            "code_instruction" => OutputFormat.CodeInstruction,
                            "function_completion" => OutputFormat.FunctionCompletion,
                            "explanation" => OutputFormat.Explanation,
                            _ => throw new FormatException($"unknown format '{value}' (problem_solution, boxed, code_instruction, function_completion, explanation)"),
                        };
                        formatSet = true;
                        break;
                    case "temperature": sampling = sampling with { Temperature = Number(value) }; break;
                    case "top_p": sampling = sampling with { TopP = Number(value) }; break;
                    case "top_k": sampling = sampling with { TopK = checked((int)Number(value)) }; break;
                    case "repetition_penalty": sampling = sampling with { RepetitionPenalty = Number(value) }; break;
                    case "max_new_tokens": sampling = sampling with { MaxNewTokens = checked((int)Number(value)) }; break;
                    case "greedy": sampling = sampling with { Greedy = bool.Parse(value) }; break;
                    case "stop":
                        sampling = sampling with
                        {
                            StopStrings = (JsonNode.Parse(value) as JsonArray ?? throw new FormatException("stop must be a JSON list of strings"))
                                .Select(n => n?.GetValue<string>() ?? throw new FormatException("stop strings must not be null")).ToArray(),
                        };
                        break;
                    case "answer_field": answerField = value; break;
                    case "description": break;
                    default: throw new FormatException($"unknown header key '{key}' (format, temperature, top_p, top_k, repetition_penalty, max_new_tokens, greedy, stop, answer_field, description)");
                }
            }
            catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or OverflowException)
            {
                throw Error(where, line, e.Message);
            }
        }
        if (!formatSet) throw Error(where, 1, "the header must set 'format'");
        try
        {
            sampling.Validate();
        }
        catch (ArgumentException e)
        {
            throw Error(where, 1, e.Message);
        }
        var (literals, fields) = SplitPlaceholders(body, where, bodyStart);
        return new PromptTemplate(name, hash, format, sampling, answerField, body, literals, fields);
    }

    private static (string[] Literals, string[] Fields) SplitPlaceholders(string body, string where, int bodyStart)
    {
        var literals = new List<string>();
        var fields = new List<string>();
        var last = 0;
        var at = 0;
        while ((at = body.IndexOf("{{", at, StringComparison.Ordinal)) >= 0)
        {
            var close = body.IndexOf("}}", at + 2, StringComparison.Ordinal);
            var line = bodyStart + 1 + body.AsSpan(0, at).Count('\n');
            if (close < 0) throw Error(where, line, "'{{' without a closing '}}'");
            var field = body[(at + 2)..close].Trim();
            if (field.Length == 0 || !field.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
                throw Error(where, line, $"placeholder '{{{{{field}}}}}' is not a field name (letters, digits, '_', '.', '-')");
            literals.Add(body[last..at]);
            fields.Add(field);
            last = at = close + 2;
        }
        literals.Add(body[last..]);
        return (literals.ToArray(), fields.ToArray());
    }

    private static string StripComment(string value)
    {
        // A '#' preceded by whitespace starts a comment, unless inside a JSON string.
        var inString = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"' && (i == 0 || value[i - 1] != '\\')) inString = !inString;
            else if (c == '#' && !inString && i > 0 && char.IsWhiteSpace(value[i - 1])) return value[..i];
        }
        return value;
    }

    private static double Number(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : throw new FormatException($"'{value}' is not a number");

    private static InvalidDataException Error(string where, int line, string message) => new($"{where}:{line}: {message}");
}
