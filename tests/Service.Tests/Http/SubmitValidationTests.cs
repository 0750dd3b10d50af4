using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace YuLanData.Service.Tests;

/// <summary>A run is checked as <c>run</c> would check it before it is queued; <c>POST /api/validate</c> answers the same without queuing.</summary>
public class SubmitValidationTests
{
    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonObject Body)> Post(LiveService svc, string endpoint, object body)
    {
        var response = await svc.Client.PostAsync(endpoint, Json(body));
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    [Fact]
    public async Task OutputsThatCannotTakeTheRunAreRefusedAtSubmission()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/p"], root["in"]));
        Directory.CreateDirectory(root["notes"]);
        File.WriteAllText(root["notes/todo.txt"], "mine");
        await using var svc = await LiveService.StartAsync(root);

        foreach (var endpoint in new[] { "/api/validate", "/api/runs" })
        {
            var file = await Post(svc, endpoint, new { pipeline = "p.yaml", output = "in/datajuicer_redpajama_pile_samples.jsonl" });
            Assert.Equal(HttpStatusCode.BadRequest, file.Status);
            Assert.Contains("is a file", file.Body["error"]!.GetValue<string>());
            var input = await Post(svc, endpoint, new { pipeline = "p.yaml", output = "in" });
            Assert.Equal(HttpStatusCode.BadRequest, input.Status);
            // The inputs lie inside the output folder: the loader reads none of them (a run never reads its own output).
            Assert.Matches("holds the input file|inside this pipeline's output folder", input.Body["error"]!.GetValue<string>());
            var foreign = await Post(svc, endpoint, new { pipeline = "p.yaml", output = "notes" });
            Assert.Equal(HttpStatusCode.Conflict, foreign.Status);
            Assert.Contains("no run", foreign.Body["error"]!.GetValue<string>());
        }
        Assert.Empty((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);
        Assert.Equal("mine", File.ReadAllText(root["notes/todo.txt"]));
        Assert.Single(Directory.GetFiles(root["notes"]));
    }

    [Fact]
    public async Task ValidateAnswersLikeSubmitWithoutQueuingOrWriting()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/p"], root["in"]));
        await using var svc = await LiveService.StartAsync(root);

        var valid = await Post(svc, "/api/validate", new { pipeline = "p.yaml" });
        Assert.Equal(HttpStatusCode.OK, valid.Status);
        Assert.True(valid.Body["valid"]!.GetValue<bool>());
        Assert.Equal(root["out/p"], valid.Body["output"]!.GetValue<string>());
        Assert.Equal(1, valid.Body["input_files"]!.GetValue<int>());
        Assert.False(Directory.Exists(root["out/p"]));

        string broken = $"name: x\ninput:\n  paths: [\"{root["in"]}/*.jsonl\"]\nstages:\n  - length_filter: {{min_wordz: 3}}\noutput:\n  path: out/x\n";
        var invalid = await Post(svc, "/api/validate", new { yaml = broken });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Contains(":5:", invalid.Body["error"]!.GetValue<string>());
        Assert.Contains("min_wordz", invalid.Body["error"]!.GetValue<string>());
        var yamlBody = await svc.Client.PostAsync("/api/validate", new StringContent(File.ReadAllText(root["p.yaml"]), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.OK, yamlBody.StatusCode);

        Assert.Empty((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);
        Assert.Empty(Directory.GetDirectories(root[".yulandata-service/runs"]));
        Assert.Empty(Directory.GetFiles(root[".yulandata-service/validate"]));

        // The same pipeline is then accepted by submit with the same answer.
        var submitted = await Post(svc, "/api/runs", new { pipeline = "p.yaml" });
        Assert.Equal(HttpStatusCode.Created, submitted.Status);
        await svc.WaitAsync(submitted.Body["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Post(svc, "/api/validate", new { pipeline = "p.yaml" })).Status); // the same pipeline may resume there
    }
}
