using System.Text.Json.Nodes;
using YuLanData.Synthesis.Templates;

namespace YuLanData.Synthesis.Tests;

public class TemplateTests
{
    [Fact]
    public void ShippedTemplatesLoadWithTheirFormats()
    {
        var names = Directory.EnumerateFiles(SharedFiles.PromptsDir, "*.prompt").Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["humaneval_completion", "lean_tactic_explanation", "oss_instruct_code", "seeded_problem_solution", "step_by_step_boxed"], names);
        var formats = names.ToDictionary(n => n, n => PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, n).Format);
        Assert.Equal(OutputFormat.ProblemSolution, formats["seeded_problem_solution"]);
        Assert.Equal(OutputFormat.Boxed, formats["step_by_step_boxed"]);
        Assert.Equal(OutputFormat.CodeInstruction, formats["oss_instruct_code"]);
        Assert.Equal(OutputFormat.FunctionCompletion, formats["humaneval_completion"]);
        Assert.Equal(OutputFormat.Explanation, formats["lean_tactic_explanation"]);
    }

    [Fact]
    public void SeededTemplateHasYuLanMiniSamplingAndFillsFromSeed()
    {
        var t = PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "seeded_problem_solution");
        Assert.Equal(0.7, t.Sampling.Temperature);
        Assert.Equal(1.0, t.Sampling.TopP);
        Assert.Equal(2048, t.Sampling.MaxNewTokens);
        Assert.False(t.Sampling.Greedy);
        Assert.Equal(["<END>"], t.Sampling.StopStrings);
        Assert.Equal(64, t.Hash.Length);
        var seed = SharedFiles.Gsm8k[0];
        var prompt = t.Fill(seed);
        Assert.Contains(seed.Text, prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", prompt, StringComparison.Ordinal);
        Assert.Contains("[Problem]", prompt, StringComparison.Ordinal);
        Assert.Contains("[Solution]", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void LeanTemplateFillsStatesAndTactic()
    {
        var t = PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "lean_tactic_explanation");
        Assert.Equal(["state_before", "tactic", "state_after"], t.Fields);
        var seed = new SeedDocument("lean:1", "", "test", new JsonObject
        {
            ["state_before"] = "n : ℕ\n⊢ n + 0 = n", ["tactic"] = "simp", ["state_after"] = "no goals",
        });
        var prompt = t.Fill(seed);
        Assert.Contains("n : ℕ\n⊢ n + 0 = n", prompt, StringComparison.Ordinal);
        Assert.Contains("\nsimp\n", prompt, StringComparison.Ordinal);
        Assert.EndsWith("[Explanation]", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFieldNamesTemplateFieldAndSeed()
    {
        var t = PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "step_by_step_boxed");
        var seed = new SeedDocument("doc-7", "some text", "web", new JsonObject { ["title"] = "x" });
        var e = Assert.Throws<TemplateFieldMissingException>(() => t.Fill(seed));
        Assert.Equal("step_by_step_boxed", e.Template);
        Assert.Equal("question", e.Field);
        Assert.Contains("template 'step_by_step_boxed' needs field 'question'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'doc-7'", e.Message, StringComparison.Ordinal);
        Assert.Contains("title", e.Message, StringComparison.Ordinal);
        // A JSON null counts as missing, nested paths reach into objects, numbers are written as JSON.
        var nested = new SeedDocument("d", "t", "s", new JsonObject { ["question"] = null, ["meta"] = new JsonObject { ["n"] = 3 } });
        Assert.Throws<TemplateFieldMissingException>(() => t.Fill(nested));
        var inline = PromptTemplateLoader.Parse("x", "format: boxed\n---\nA {{meta.n}} B {{ text }}", "h", "x.prompt");
        Assert.Equal("A 3 B t", inline.Fill(nested));
    }

    [Theory]
    [InlineData("temperature: 0.7\n---\nbody", "x.prompt:1: the header must set 'format'")]
    [InlineData("format: boxed\ncolour: red\n---\nbody", "x.prompt:2: unknown header key 'colour'")]
    [InlineData("format: boxed\ntemperature: hot\n---\nbody", "x.prompt:2: 'hot' is not a number")]
    [InlineData("format: boxed\nstop: <END>\n---\nbody", "x.prompt:2:")]
    [InlineData("format: poem\n---\nbody", "x.prompt:1: unknown format 'poem'")]
    [InlineData("format: boxed\n---\nline one\nsee {{text", "x.prompt:4: '{{' without a closing '}}'")]
    [InlineData("format: boxed\n---\n{{two words}}", "x.prompt:3: placeholder '{{two words}}' is not a field name")]
    [InlineData("format: boxed\ntop_p: 1.5\n---\nbody", "top_p must be in (0, 1]")]
    [InlineData("format: boxed\n# header only", "no '---' line")]
    public void MalformedTemplatesAreRefusedWithFileAndLine(string content, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => PromptTemplateLoader.Parse("x", content, "h", "x.prompt"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTemplateNameListsTheKnownOnes()
    {
        var e = Assert.Throws<FileNotFoundException>(() => PromptTemplateLoader.LoadNamed(SharedFiles.PromptsDir, "seeded_problem"));
        Assert.Contains("seeded_problem_solution", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HashChangesWithContent()
    {
        var dir = Directory.CreateTempSubdirectory("tpl-").FullName;
        var path = Path.Combine(dir, "t.prompt");
        File.WriteAllText(path, "format: boxed\n---\nQ: {{text}}\n");
        var a = PromptTemplateLoader.Load(path);
        File.WriteAllText(path, "format: boxed\n---\nQ:  {{text}}\n");
        var b = PromptTemplateLoader.Load(path);
        Assert.NotEqual(a.Hash, b.Hash);
        Assert.Equal("t", a.Name);
        Assert.Equal("Q: {{text}}", a.Body); // one final newline is not part of the body
        Directory.Delete(dir, true);
    }
}
