using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Filters;
using YuLanData.Jobs.Pipelines;
using YuLanData.Jobs.Stages;

namespace YuLanData.Service.Tests;

/// <summary>
/// Every path a request or a pipeline names is confined to the roots before it is listed or opened, and again at
/// use; refusals name only what the request wrote. Against the real service over real HTTP.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class PathConfinementTests
{
    private const string Canary = "CANARY-5f1d2c-outside-the-roots";

    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, string Error)> Submit(LiveService svc, object body, string endpoint = "/api/runs")
    {
        var response = await svc.Client.PostAsync(endpoint, Json(body));
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (response.StatusCode, json?["error"]?.GetValue<string>() ?? "");
    }

    /// <summary>A pipeline over the root's sample input with extra stage lines.</summary>
    private static string WithStage(TempRoot root, string output, string stageLine) =>
        TempRoot.Pipeline(output, root["in"]).Replace("stages:\n", $"stages:\n  - {stageLine}\n");

    [Fact]
    public async Task ARunFolderSwappedForALinkIsNeitherListedNorServed()
    {
        using var root = new TempRoot();
        using var outside = new TempRoot();
        File.WriteAllText(outside["secret.txt"], Canary);
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/ok"], root["in"]));
        await using var svc = await LiveService.StartAsync(root);
        var ok = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "p.yaml" }));
        string id = (await ok.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.Equal("succeeded", (await svc.WaitAsync(id))["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await svc.Client.GetAsync($"/api/runs/{id}/files/stats.json")).StatusCode);

        Directory.Move(root["out/ok"], root["out/ok-moved"]);
        Directory.CreateSymbolicLink(root["out/ok"], outside.Path);
        foreach (var url in new[] { $"/api/runs/{id}/files", $"/api/runs/{id}/files?dir=.", $"/api/runs/{id}/files/secret.txt" })
        {
            var response = await svc.Client.GetAsync(url);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {response.StatusCode} {text}");
            Assert.DoesNotContain("secret", text);
            Assert.DoesNotContain(Canary, text);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.PostAsync($"/api/runs/{id}/report", null)).StatusCode);
        Assert.False(File.Exists(outside["report.html"]));

        // A folder inside the run swapped for a link while the run folder itself stays.
        Directory.Delete(root["out/ok"]);
        Directory.Move(root["out/ok-moved"], root["out/ok"]);
        Directory.Move(root["out/ok/output"], root["out/output-moved"]);
        Directory.CreateSymbolicLink(root["out/ok/output"], outside.Path);
        var listing = await svc.Client.GetStringAsync($"/api/runs/{id}/files");
        Assert.DoesNotContain("secret", listing);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.GetAsync($"/api/runs/{id}/files?dir=output")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.GetAsync($"/api/runs/{id}/files/output/secret.txt")).StatusCode);
    }

    [Fact]
    public async Task EveryStagePathParameterIsConfinedBeforeTheRunIsAccepted()
    {
        using var root = new TempRoot();
        using var outside = new TempRoot();
        File.WriteAllText(outside["model.bin"], Canary);
        Directory.CreateSymbolicLink(root["escape"], outside.Path);
        await using var svc = await LiveService.StartAsync(root);

        // The probe from the issue: /etc/passwd as a model; nothing of the file comes back.
        var (status, error) = await Submit(svc, new { yaml = WithStage(root, root["out/lid"], "fasttext_lid: {model_path: /etc/passwd}") });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("parameter 'model_path'", error);
        Assert.Contains("outside the allowed roots", error);
        Assert.DoesNotContain("root:", error);

        // Every option marked as a path, of every stage, whatever else the stage needs.
        var marked = StageRegistry.All.Values.Where(d => d.OptionsType != null)
            .SelectMany(d => OptionsBinder.PathParameters(d.OptionsType!).Keys.Select(k => (Stage: d.Name, Key: k))).ToList();
        Assert.True(marked.Count >= 12, $"only {marked.Count} path options are marked");
        foreach (var (stage, key) in marked)
        {
            foreach (var path in new[] { outside["model.bin"], root["escape/model.bin"], "in/../../" + Path.GetFileName(outside.Path) + "/model.bin" })
            {
                foreach (var endpoint in new[] { "/api/runs", "/api/validate" })
                {
                    string yaml = WithStage(root, root[$"out/{stage}"], $"{stage}: {{{key}: \"{path}\"}}");
                    int line = yaml[..yaml.IndexOf($"- {stage}:", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
                    var (s, e) = await Submit(svc, new { yaml }, endpoint);
                    Assert.True(s == HttpStatusCode.BadRequest, $"{stage}.{key} = {path} at {endpoint}: {s} {e}");
                    Assert.Contains($"parameter '{key}'", e);
                    Assert.Contains($":{line}:", e); // the stage's line in the pipeline
                    Assert.DoesNotContain(Canary, e);
                }
            }
        }
        Assert.Empty((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);
    }

    [Fact]
    public void EveryStageOptionThatNamesAFileIsMarkedAsAPath()
    {
        string[] pathLike = ["Path", "File", "Dir", "Folder", "Directory", "Tokenizer", "Model", "Index"];
        var unmarked = StageRegistry.All.Values.Where(d => d.OptionsType != null)
            .SelectMany(d => d.OptionsType!.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => (d.Name, p)))
            .Where(x => x.p.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(x.p.PropertyType))
            .Where(x => pathLike.Any(w => x.p.Name.EndsWith(w, StringComparison.Ordinal)))
            .Where(x => x.p.GetCustomAttribute<PathParameterAttribute>() == null)
            .Select(x => $"{x.Name}.{x.p.Name}").ToList();
        Assert.True(unmarked.Count == 0, "options that look like paths but are not [PathParameter]: " + string.Join(", ", unmarked));
    }

    [Fact]
    public async Task StagePathsAreCheckedAgainAtUseAndModelErrorsDoNotEchoTheFile()
    {
        using var root = new TempRoot();
        using var outside = new TempRoot();
        root.LengthenInput();
        Directory.CreateDirectory(root["models"]);
        File.WriteAllText(root["models/lid.ftz"], "SECRET-BYTES-" + Canary);
        File.WriteAllText(outside["lid.ftz"], "SECRET-BYTES-" + Canary);
        File.WriteAllText(root["slow.yaml"], TempRoot.Pipeline(root["out/slow"], root["in"], splitBytes: 4_000, name: "slow"));
        await using var svc = await LiveService.StartAsync(root);

        // A file inside the roots that is no model: the run fails without quoting the file's bytes.
        var bad = await svc.Client.PostAsync("/api/runs", Json(new { yaml = WithStage(root, root["out/bad"], $"fasttext_lid: {{model_path: \"{root["models/lid.ftz"]}\"}}") }));
        Assert.Equal(HttpStatusCode.Created, bad.StatusCode);
        var failed = await svc.WaitAsync((await bad.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        Assert.Equal("failed", failed["state"]!.GetValue<string>());
        string error = failed["error"]!.GetValue<string>();
        Assert.Contains("not a fastText model", error);
        Assert.DoesNotContain(BitConverter.ToInt32(Encoding.ASCII.GetBytes("SECR")).ToString(), error);
        Assert.DoesNotContain("SECR", error);

        // Accepted while the model folder lies inside the roots; swapped for a link before the run starts: refused at use.
        var slow = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "slow.yaml", workers = 1 }));
        var queued = await svc.Client.PostAsync("/api/runs", Json(new { yaml = WithStage(root, root["out/lid"], $"fasttext_lid: {{model_path: \"{root["models/lid.ftz"]}\"}}") }));
        Assert.Equal(HttpStatusCode.Created, queued.StatusCode);
        Directory.Move(root["models"], root["models-moved"]);
        Directory.CreateSymbolicLink(root["models"], outside.Path);
        await svc.Client.PostAsync($"/api/runs/{(await slow.Content.ReadFromJsonAsync<JsonObject>())!["id"]}/cancel", null);
        var refused = await svc.WaitAsync((await queued.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        Assert.Equal("failed", refused["state"]!.GetValue<string>());
        Assert.Contains("outside the allowed roots", refused["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task GlobsOutsideTheRootsAreRefusedBeforeTheyAreListed()
    {
        using var root = new TempRoot();
        using var outside = new TempRoot();
        File.WriteAllText(outside["in/private-name-7c1e.jsonl"], "{\"text\": \"x\"}\n");
        Directory.CreateSymbolicLink(root["escape"], outside["in"]);
        Directory.CreateSymbolicLink(root["in/nested-link"], outside["in"]);
        await using var svc = await LiveService.StartAsync(root);

        string Yaml(string glob) => TempRoot.Pipeline(root["out/g"], root["in"]).Replace($"\"{root["in"]}/datajuicer_redpajama_pile_samples.jsonl\"", $"\"{glob}\"");
        var errors = new Dictionary<string, string>();
        foreach (var glob in new[]
        {
            outside["in/*.jsonl"], outside["missing/*.jsonl"], outside["in/private-name-7c1e.jsonl"], outside["in/none.jsonl"],
            outside["in/**/*.jsonl"], outside["*/*.jsonl"], "/*", "/**/*.jsonl", "escape/*.jsonl", root["escape/*.jsonl"], root["in/../escape/*"],
        })
        {
            var (status, error) = await Submit(svc, new { yaml = Yaml(glob) });
            Assert.True(status == HttpStatusCode.BadRequest, $"{glob}: {status} {error}");
            if (!glob.Contains("private-name"))
                Assert.DoesNotContain("private-name", error); // only what the request wrote is named
            Assert.DoesNotContain("matches no files", error);
            errors[glob] = System.Text.RegularExpressions.Regex.Replace(error.Replace(glob, "GLOB").Replace(outside["in"], "DIR").Replace(outside["missing"], "DIR"), @"/r\d{5}/", "/r/");
        }
        // An existing and a missing folder outside get the same answer.
        Assert.Equal(errors[outside["in/*.jsonl"]], errors[outside["missing/*.jsonl"]]);
        Assert.Equal(errors[outside["in/private-name-7c1e.jsonl"]], errors[outside["in/none.jsonl"]]);

        // Inside the roots, a recursive glob does not follow a link out of its folder: the files behind it are neither
        // named nor read.
        var inside = await svc.Client.PostAsync("/api/validate", Json(new { yaml = Yaml(root["in/**/*.jsonl"]) }));
        string answer = await inside.Content.ReadAsStringAsync();
        Assert.True(inside.StatusCode == HttpStatusCode.OK, answer);
        Assert.DoesNotContain("private-name", answer);
        int real = Directory.GetFiles(root["in"], "*.jsonl").Length;
        Assert.Equal(real, JsonNode.Parse(answer)!["input_files"]!.GetValue<int>());
    }

    [Fact]
    public async Task FuzzedPathsAndEncodingsNeverReachOutsideTheRoots()
    {
        using var root = new TempRoot();
        string secretDir = Path.GetDirectoryName(root.Path)!;
        File.WriteAllText(Path.Combine(secretDir, "canary-" + Path.GetFileName(root.Path) + ".txt"), Canary);
        string canaryName = "canary-" + Path.GetFileName(root.Path) + ".txt";
        try
        {
            File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/f"], root["in"]));
            await using var svc = await LiveService.StartAsync(root);
            var ok = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "p.yaml" }));
            string id = (await ok.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            await svc.WaitAsync(id);
            string up = "../../../" + canaryName; // from out/f to the canary beside the root
            string[] variants =
            [
                up, "..%2F..%2F..%2F" + canaryName, "%2e%2e/%2e%2e/%2e%2e/" + canaryName, "%2E%2E%2F%2E%2E%2F%2E%2E%2F" + canaryName,
                "%252e%252e%252f%252e%252e%252f%252e%252e%252f" + canaryName, "..\\..\\..\\" + canaryName, "..%5c..%5c..%5c" + canaryName,
                "%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/" + canaryName, "..%c0%af..%c0%af..%c0%af" + canaryName,
                "%ef%bc%8e%ef%bc%8e/%ef%bc%8e%ef%bc%8e/%ef%bc%8e%ef%bc%8e/" + canaryName, "%e2%80%a4%e2%80%a4/%e2%80%a4%e2%80%a4/" + canaryName,
                "....//....//....//" + canaryName, ".../.../.../" + canaryName, "./../.././../" + canaryName, "stats.json%00/../../../" + canaryName,
                "%00", "stats.json%00.txt", "%2Fetc%2Fpasswd", "/etc/passwd", "//etc/passwd", Uri.EscapeDataString(Path.Combine(secretDir, canaryName)),
                "~", "~root/.bashrc", "%7e/" + canaryName, "file:%2F%2F%2Fetc%2Fpasswd", "\\\\localhost\\c$\\" + canaryName, "..;/..;/..;/" + canaryName,
            ];
            foreach (var v in variants)
            {
                foreach (var target in new[] { $"/api/runs/{id}/files/{v}", $"/api/runs/{id}/files?dir={v}", $"/api/runs/{id}/files/output/{v}" })
                {
                    var (status, response) = await RawHttp.SendAsync(svc.Client.BaseAddress!, "GET", target);
                    Assert.DoesNotContain(Canary, response);
                    Assert.DoesNotContain("root:x:0", response);
                    Assert.True(status is 400 or 404 || status == 200 && target.Contains("?dir=") && response.Contains("[]"), $"{target}: {status}\n{response}");
                }
            }
            // The same strings as request paths, decoded or not.
            foreach (var v in variants.Concat(variants.Select(Uri.UnescapeDataString)).Distinct())
            {
                foreach (var body in new object[] { new { pipeline = v }, new { pipeline = "p.yaml", output = v }, new { yaml = TempRoot.Pipeline(v, root["in"]) } })
                {
                    var response = await svc.Client.PostAsync("/api/validate", Json(body));
                    string text = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK or HttpStatusCode.Conflict,
                        $"{System.Text.Json.JsonSerializer.Serialize(body)}: {response.StatusCode} {text}");
                    Assert.DoesNotContain(Canary, text);
                    // Accepted only as a literal name inside the root (such as a folder called "..%2F..").
                    if (response.StatusCode == HttpStatusCode.OK)
                        Assert.StartsWith(root.Path + "/", JsonNode.Parse(text)!["output"]!.GetValue<string>());
                }
            }
            Assert.False(File.Exists(Path.Combine(secretDir, "report.html")));
            Assert.Single((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);
        }
        finally
        {
            File.Delete(Path.Combine(secretDir, canaryName));
        }
    }
}
