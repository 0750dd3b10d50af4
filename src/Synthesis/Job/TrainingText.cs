using YuLanData.Synthesis.Templates;

namespace YuLanData.Synthesis.Job;

/// <summary>
/// The <c>text</c> a sample contributes to training: question and solution in a format with the placeholders
/// <c>{question}</c>, <c>{solution}</c>, <c>{prompt}</c> and <c>{completion}</c>. The question is the generated
/// <c>Problem</c>/<c>Instruction</c> section when the format writes one, else the seed field the template asks about
/// (the first field it uses: <c>question</c>, HumanEval's <c>prompt</c>, the seed <c>text</c>); the solution is the
/// <c>Solution</c>/<c>Explanation</c> section, else the completion. Default format: question, blank line, solution;
/// for function completion the code continues the prompt directly.
/// </summary>
public sealed class TrainingText
{
    private readonly PromptTemplate _template;
    private readonly string _format;

    /// <param name="template">The job's template.</param>
    /// <param name="format">The format; null or empty for the default of the template's output format.</param>
    /// <exception cref="ArgumentException">The format uses neither <c>{solution}</c> nor <c>{completion}</c>.</exception>
    public TrainingText(PromptTemplate template, string? format)
    {
        _template = template;
        _format = string.IsNullOrEmpty(format)
            ? template.Format == OutputFormat.FunctionCompletion ? "{question}{solution}" : "{question}\n\n{solution}"
            : format;
        if (!_format.Contains("{solution}", StringComparison.Ordinal) && !_format.Contains("{completion}", StringComparison.Ordinal))
            throw new ArgumentException($"text_format '{format}' must contain {{solution}} or {{completion}}");
    }

    /// <summary>The training text of one sample; null when nothing was generated.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="prompt">The filled prompt.</param>
    /// <param name="completion">The completion.</param>
    /// <param name="sections">Parsed sections, when the format has them.</param>
    public string? Format(SeedDocument seed, string prompt, string? completion, IReadOnlyDictionary<string, string>? sections)
    {
        if (completion is null) return null;
        string? Section(string name) => sections is not null && sections.TryGetValue(name, out var v) ? v.Trim() : null;
        var question = Section("Problem") ?? Section("Instruction")
                       ?? (_template.Fields.Count > 0 ? seed.Field(_template.Fields[0]) : null) ?? "";
        var solution = Section("Solution") ?? Section("Explanation") ?? completion.Trim();
        if (_template.Format == OutputFormat.FunctionCompletion) solution = completion; // code: whitespace is meaning
        else question = question.Trim();
        return _format.Replace("{question}", question, StringComparison.Ordinal)
            .Replace("{solution}", solution, StringComparison.Ordinal)
            .Replace("{prompt}", prompt, StringComparison.Ordinal)
            .Replace("{completion}", completion, StringComparison.Ordinal);
    }
}
