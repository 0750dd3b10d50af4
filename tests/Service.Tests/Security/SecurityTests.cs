using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace YuLanData.Service.Tests;

/// <summary>Bearer token beyond loopback, and confinement of every path a request names, over real HTTP.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SecurityTests
{
    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Fact]
    public async Task NonLoopbackBindingRequiresTheGeneratedTokenOnEveryRequest()
    {
        using var root = new TempRoot();
        string tokenFile = root[".yulandata-service/token"];
        string token;
        await using (var svc = await LiveService.StartAsync(root, url: "http://0.0.0.0:0"))
        {
            Assert.True(File.Exists(tokenFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
            token = File.ReadAllText(tokenFile).Trim();
            Assert.Equal(64, token.Length);
            Assert.Contains(token, svc.Log.ToString()); // printed once, at creation

            foreach (var path in new[] { "/", "/api/runs", "/api/runs/r00001", "/api/events", "/no/such/page" })
                Assert.Equal(HttpStatusCode.Unauthorized, (await svc.Client.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "p.yaml" }))).StatusCode);
            var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", new string('0', 64));
            Assert.Equal(HttpStatusCode.Unauthorized, (await svc.Client.SendAsync(wrong)).StatusCode);

            var right = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
            right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await svc.Client.SendAsync(right)).StatusCode);
            var page = await svc.Client.GetAsync("/?token=" + token);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        }
        // A second start keeps the token and does not print it.
        await using (var again = await LiveService.StartAsync(root, url: "http://0.0.0.0:0"))
        {
            Assert.Equal(token, File.ReadAllText(tokenFile).Trim());
            Assert.DoesNotContain(token, again.Log.ToString());
            Assert.Equal(HttpStatusCode.Unauthorized, (await again.Client.GetAsync("/api/runs")).StatusCode);
        }
        // A token file others can read is refused.
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await LiveService.StartAsync(root, url: "http://0.0.0.0:0"));
    }

    [Fact]
    public async Task LoopbackNeedsNoToken()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root);
        Assert.Equal(HttpStatusCode.OK, (await svc.Client.GetAsync("/api/runs")).StatusCode);
        Assert.False(File.Exists(root[".yulandata-service/token"]));
    }

    [Fact]
    public async Task PathsOutsideTheRootsAreRefused()
    {
        using var root = new TempRoot();
        using var outside = new TempRoot();
        File.WriteAllText(outside["p.yaml"], TempRoot.Pipeline(root["out/x"], root["in"]));
        File.WriteAllText(root["ok.yaml"], TempRoot.Pipeline(root["out/ok"], root["in"]));
        File.CreateSymbolicLink(root["linked.yaml"], outside["p.yaml"]);
        Directory.CreateSymbolicLink(root["escape"], outside.Path);
        await using var svc = await LiveService.StartAsync(root);

        async Task Refused(object body, string expect)
        {
            var r = await svc.Client.PostAsync("/api/runs", Json(body));
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains(expect, (await r.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
        }
        await Refused(new { pipeline = outside["p.yaml"] }, "outside the allowed roots");
        await Refused(new { pipeline = "../" + Path.GetFileName(outside.Path) + "/p.yaml" }, "'..'");
        await Refused(new { pipeline = "linked.yaml" }, "outside the allowed roots");
        await Refused(new { pipeline = "escape/p.yaml" }, "outside the allowed roots");
        await Refused(new { pipeline = "ok.yaml", output = outside["out"] }, "outside the allowed roots");
        await Refused(new { pipeline = "ok.yaml", output = "escape/out" }, "outside the allowed roots");
        await Refused(new { pipeline = "ok.yaml", output = "a/../../b" }, "'..'");
        await Refused(new { yaml = TempRoot.Pipeline(root["out/y"], outside["in"]) }, "outside the allowed roots");
        await Refused(new { yaml = TempRoot.Pipeline(root["out/y"], root["escape/in"]) }, "outside the allowed roots");
        await Refused(new { yaml = TempRoot.Pipeline(outside["out/y"], root["in"]) }, "outside the allowed roots");
        await Refused(new { yaml = TempRoot.Pipeline(root["escape/y"], root["in"]) }, "outside the allowed roots");
        await Refused(new { pipeline = "ok.yaml", output = "." }, "service state");
        await Refused(new { pipeline = "ok.yaml", output = ".yulandata-service/runs" }, "service state");
        File.WriteAllText(root[".yulandata-service/x.jsonl"], "{\"text\": \"x\"}\n");
        await Refused(new { yaml = TempRoot.Pipeline(root["out/z"], root[".yulandata-service"]).Replace("datajuicer_redpajama_pile_samples", "x") }, "service state");
        await Refused(new { pipeline = ".yulandata-service/runs/r00001/pipeline.yaml" }, "service state");
        Assert.False(Directory.Exists(outside["out"]));
        Assert.Empty((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);

        // Files of a run: only inside its run folder, links out of it refused.
        var ok = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "ok.yaml" }));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        string id = (await ok.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await svc.WaitAsync(id);
        File.CreateSymbolicLink(root["out/ok/leak.yaml"], outside["p.yaml"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.GetAsync($"/api/runs/{id}/files/leak.yaml")).StatusCode);
        Directory.CreateSymbolicLink(root["out/ok/sub"], outside.Path);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.GetAsync($"/api/runs/{id}/files/sub/p.yaml")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.GetAsync($"/api/runs/{id}/files?dir=sub")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.GetAsync($"/api/runs/{id}/files?dir=" + Uri.EscapeDataString(outside.Path))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.GetAsync($"/api/runs/{id}/files?dir=..")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.GetAsync($"/api/runs/{id}/files?dir=/etc")).StatusCode);
        var listing = (await svc.Client.GetFromJsonAsync<JsonArray>($"/api/runs/{id}/files"))!.Select(f => f!["path"]!.GetValue<string>());
        Assert.DoesNotContain("leak.yaml", listing);
        Assert.Equal(HttpStatusCode.OK, (await svc.Client.GetAsync($"/api/runs/{id}/files/stats.json")).StatusCode);
    }
}
