using System.Text;
using YuLanData.Inference.Generation;

namespace YuLanData.Synthesis.Templates;

/// <summary>
/// A prompt template: a body with <c>{{field}}</c> placeholders filled from a seed document, plus the sampling
/// defaults, stop strings and output format from the file's header. Immutable and thread-safe.
/// </summary>
public sealed class PromptTemplate
{
    private readonly string[] _literals;
    private readonly string[] _fields;

    internal PromptTemplate(string name, string hash, OutputFormat format, SamplingParameters sampling, string answerField,
        string body, string[] literals, string[] fields)
    {
        Name = name;
        Hash = hash;
        Format = format;
        Sampling = sampling;
        AnswerField = answerField;
        Body = body;
        _literals = literals;
        _fields = fields;
    }

    /// <summary>The template's name (its file name without extension).</summary>
    public string Name { get; }
    /// <summary>SHA-256 of the template file bytes, lowercase hex: provenance of every sample.</summary>
    public string Hash { get; }
    /// <summary>How completions are parsed and verified.</summary>
    public OutputFormat Format { get; }
    /// <summary>Sampling defaults and stop strings from the header (the seed of each request is set per sample).</summary>
    public SamplingParameters Sampling { get; }
    /// <summary>Seed field that carries a known final answer (GSM8K style, after <c>####</c>), if the seed has it.</summary>
    public string AnswerField { get; }
    /// <summary>The body as written, placeholders included.</summary>
    public string Body { get; }
    /// <summary>Distinct field names the body uses, in first-use order.</summary>
    public IReadOnlyList<string> Fields => _fields.Distinct().ToArray();

    /// <summary>Fills the placeholders from <paramref name="seed"/>.</summary>
    /// <exception cref="TemplateFieldMissingException">The seed lacks a field the body uses (or it is null).</exception>
    public string Fill(SeedDocument seed)
    {
        var sb = new StringBuilder(Body.Length + seed.Text.Length);
        for (var i = 0; i < _fields.Length; i++)
        {
            sb.Append(_literals[i]);
            var value = seed.Field(_fields[i]) ?? throw new TemplateFieldMissingException(Name, _fields[i], seed.Id, seed.FieldNames());
            sb.Append(value);
        }
        sb.Append(_literals[^1]);
        return sb.ToString();
    }
}
