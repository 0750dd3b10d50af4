using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace YuLanData.Service.Tests;

/// <summary>Retry of a failed run's tasks, resubmit, delete and the pipeline text, over real HTTP with the real engine.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class LaunchRouteTests
{
    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<string> Submit(LiveService svc, object body)
    {
        var r = await svc.Client.PostAsync("/api/runs", Json(body));
        var json = (await r.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(r.StatusCode == HttpStatusCode.Created, json.ToJsonString());
        return json["id"]!.GetValue<string>();
    }

    private static string State(JsonObject view) => view["state"]!.GetValue<string>();

    [Fact]
    public async Task RetryRunsOnlyTheTasksThatFailed()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/p"], root["in"], splitBytes: 20_000));
        await using var svc = await LiveService.StartAsync(root);
        Assert.Equal("succeeded", State(await svc.WaitAsync(await Submit(svc, new { pipeline = "p.yaml" }))));
        var reference = TempRoot.OutputBytes(root["out/p"]);
        int tasks = Directory.GetFiles(root["out/p/completed"]).Length;
        Assert.True(tasks >= 3, $"{tasks} tasks; the test needs several");

        // Task 1 is undone, and a folder sits where its output goes: that task (only) fails when run again.
        string failing = "00001";
        foreach (var f in Directory.GetFiles(root["out/p"], failing + "*", SearchOption.AllDirectories))
            File.Delete(f);
        File.Delete(root["out/p/stats.json"]);
        Directory.CreateDirectory(root[$"out/p/output/{failing}.parquet"]);
        var before = Directory.GetFiles(root["out/p/output"]).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        string second = await Submit(svc, new { pipeline = "p.yaml" });
        var failed = await svc.WaitAsync(second);
        Assert.Equal("failed", State(failed));
        Assert.False(string.IsNullOrEmpty(failed["error"]?.GetValue<string>()));
        Assert.Equal(tasks - 1, Directory.GetFiles(root["out/p/completed"]).Length);

        // A succeeded run has nothing to retry; an unknown one is 404.
        Assert.Equal(HttpStatusCode.Conflict, (await svc.Client.PostAsync("/api/runs/r00001/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await svc.Client.PostAsync("/api/runs/r09999/retry", null)).StatusCode);

        Directory.Delete(root[$"out/p/output/{failing}.parquet"]);
        var retry = await svc.Client.PostAsync($"/api/runs/{second}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var done = await svc.WaitAsync(second);
        Assert.Equal("succeeded", State(done));
        Assert.Equal(2, done["attempts"]!.GetValue<int>());
        Assert.Null(done["error"]?.GetValue<string>());

        var after = TempRoot.OutputBytes(root["out/p"]);
        Assert.Equal(reference.Keys, after.Keys);
        foreach (var key in reference.Keys)
            Assert.True(reference[key].AsSpan().SequenceEqual(after[key]), $"{key} differs after retry");
        // The tasks that had finished were not run again: their files were not rewritten.
        foreach (var (file, time) in before)
            Assert.Equal(time, File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public async Task ResubmitMakesANewRunOfTheSamePipelineThroughEveryCheck()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root);
        string first = await Submit(svc, new { yaml = TempRoot.Pipeline(root["out/a"], root["in"]) });
        Assert.Equal("succeeded", State(await svc.WaitAsync(first)));

        var text = await svc.Client.GetAsync($"/api/runs/{first}/pipeline");
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal(TempRoot.Pipeline(root["out/a"], root["in"]), await text.Content.ReadAsStringAsync());

        var resubmitted = await svc.Client.PostAsync($"/api/runs/{first}/resubmit", Json(new { output = "out/b", workers = 1 }));
        var view = (await resubmitted.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.Created, resubmitted.StatusCode);
        string second = view["id"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        Assert.Equal(1, view["workers"]!.GetValue<int>());
        Assert.Equal("succeeded", State(await svc.WaitAsync(second)));
        var a = TempRoot.OutputBytes(root["out/a"]);
        var b = TempRoot.OutputBytes(root["out/b"]);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys)
            Assert.True(a[key].AsSpan().SequenceEqual(b[key]), $"{key} differs between the run and its resubmission");

        // The new output is checked like a submission's: outside the roots, through '..', or the state folder.
        foreach (var output in new[] { "/tmp", "out/../../x", ".yulandata-service/runs" })
        {
            var refused = await svc.Client.PostAsync($"/api/runs/{first}/resubmit", Json(new { output }));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        // Without a body the earlier folder is reused (the same pipeline resumes there).
        var again = await svc.Client.PostAsync($"/api/runs/{first}/resubmit", null);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(root["out/a"], (await again.Content.ReadFromJsonAsync<JsonObject>())!["output"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await svc.Client.PostAsync("/api/runs/r09999/resubmit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType,
            (await svc.Client.PostAsync($"/api/runs/{first}/resubmit", new StringContent("output=/tmp", Encoding.UTF8, "text/plain"))).StatusCode);
    }

    [Fact]
    public async Task APipelineFileSwappedForALinkIsNeitherShownNorResubmitted()
    {
        using var root = new TempRoot();
        string outside = Path.Combine(Path.GetTempPath(), "yulandata-outside-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(outside, "name: secret-pipeline-text\n");
        try
        {
            File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/p"], root["in"]));
            await using var svc = await LiveService.StartAsync(root);
            string id = await Submit(svc, new { pipeline = "p.yaml" });
            Assert.Equal("succeeded", State(await svc.WaitAsync(id)));
            Assert.Contains("length_filter", await svc.Client.GetStringAsync($"/api/runs/{id}/pipeline"));

            File.Delete(root["p.yaml"]);
            File.CreateSymbolicLink(root["p.yaml"], outside);
            var shown = await svc.Client.GetAsync($"/api/runs/{id}/pipeline");
            Assert.Equal(HttpStatusCode.BadRequest, shown.StatusCode);
            Assert.DoesNotContain("secret-pipeline-text", await shown.Content.ReadAsStringAsync());
            var resubmitted = await svc.Client.PostAsync($"/api/runs/{id}/resubmit", Json(new { output = "out/q" }));
            Assert.Equal(HttpStatusCode.BadRequest, resubmitted.StatusCode);
            Assert.DoesNotContain("secret-pipeline-text", await resubmitted.Content.ReadAsStringAsync());
            Assert.Single((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public async Task DeleteRemovesAnEndedRunAndItsFolderButNotWhatLinksLeadTo()
    {
        using var root = new TempRoot();
        string outside = Path.Combine(Path.GetTempPath(), "yulandata-outside-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "precious.txt"), "keep me");
        try
        {
            root.LengthenInput();
            File.WriteAllText(root["slow.yaml"], TempRoot.Pipeline(root["out/slow"], root["in"], splitBytes: 4_000, name: "slow"));
            await using var svc = await LiveService.StartAsync(root);
            string id = await Submit(svc, new { yaml = TempRoot.Pipeline(root["out/a"], root["in"]) });
            Assert.Equal("succeeded", State(await svc.WaitAsync(id)));
            // A link inside the run folder to a folder elsewhere: removed, not followed.
            Directory.CreateSymbolicLink(root["out/a/link"], outside);

            var deleted = await svc.Client.DeleteAsync($"/api/runs/{id}");
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            Assert.False(Directory.Exists(root["out/a"]));
            Assert.False(Directory.Exists(root[$".yulandata-service/runs/{id}"]));
            Assert.Equal(HttpStatusCode.NotFound, (await svc.Client.GetAsync($"/api/runs/{id}")).StatusCode);
            Assert.Equal("keep me", File.ReadAllText(Path.Combine(outside, "precious.txt")));
            Assert.Equal(HttpStatusCode.NotFound, (await svc.Client.DeleteAsync($"/api/runs/{id}")).StatusCode);

            // A run folder swapped for a link to elsewhere afterwards is refused, and what it leads to stays.
            string other = await Submit(svc, new { yaml = TempRoot.Pipeline(root["out/b"], root["in"]) });
            Assert.Equal("succeeded", State(await svc.WaitAsync(other)));
            Directory.Move(root["out/b"], root["out/b-moved"]);
            File.WriteAllText(Path.Combine(outside, "run.json"), "{}");
            Directory.CreateSymbolicLink(root["out/b"], outside);
            var refused = await svc.Client.DeleteAsync($"/api/runs/{other}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True(File.Exists(Path.Combine(outside, "precious.txt")));
            Assert.Equal(HttpStatusCode.OK, (await svc.Client.GetAsync($"/api/runs/{other}")).StatusCode); // kept
            // A link to another folder inside the roots is refused too: the run's folder is the one it was given.
            File.Delete(root["out/b"]);
            Directory.CreateSymbolicLink(root["out/b"], root["in"]);
            Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.DeleteAsync($"/api/runs/{other}")).StatusCode);
            Assert.True(File.Exists(root["in/datajuicer_redpajama_pile_samples.jsonl"]));
            // keep_files forgets the run and leaves its folder.
            File.Delete(root["out/b"]);
            Directory.Move(root["out/b-moved"], root["out/b"]);
            Assert.Equal(HttpStatusCode.OK, (await svc.Client.DeleteAsync($"/api/runs/{other}?keep_files=true")).StatusCode);
            Assert.True(File.Exists(root["out/b/stats.json"]));

            // A running run cannot be deleted.
            string slow = await Submit(svc, new { pipeline = "slow.yaml", workers = 1 });
            Assert.Equal(HttpStatusCode.Conflict, (await svc.Client.DeleteAsync($"/api/runs/{slow}")).StatusCode);
            Assert.True(Directory.Exists(root[$".yulandata-service/runs/{slow}"]));
            await svc.Client.PostAsync($"/api/runs/{slow}/cancel", null);
            await svc.WaitAsync(slow);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task NewRoutesRefuseCrossSiteAndTokenlessRequests()
    {
        using var root = new TempRoot();
        string id;
        await using (var svc = await LiveService.StartAsync(root))
        {
            id = await Submit(svc, new { yaml = TempRoot.Pipeline(root["out/a"], root["in"]) });
            Assert.Equal("succeeded", State(await svc.WaitAsync(id)));
            using var bare = svc.Bare();
            string csrf = svc.Client.DefaultRequestHeaders.GetValues("X-CSRF-Token").Single();
            foreach (var (method, path) in new[] { ("POST", $"/api/runs/{id}/retry"), ("POST", $"/api/runs/{id}/resubmit"), ("DELETE", $"/api/runs/{id}") })
            {
                // No CSRF token: refused.
                Assert.Equal(HttpStatusCode.Forbidden, (await bare.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
                // A form-style body: refused before anything runs.
                var form = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("a=b", Encoding.UTF8, "application/x-www-form-urlencoded") };
                form.Headers.Add("X-CSRF-Token", csrf);
                Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await bare.SendAsync(form)).StatusCode);
                // Another site's page, even with the token: refused.
                var crossSite = new HttpRequestMessage(new HttpMethod(method), path);
                crossSite.Headers.Add("X-CSRF-Token", csrf);
                crossSite.Headers.Add("Origin", "http://evil.example");
                crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
                Assert.Equal(HttpStatusCode.Forbidden, (await bare.SendAsync(crossSite)).StatusCode);
            }
            // Nothing was done by the refused requests.
            Assert.Single((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);
            Assert.True(Directory.Exists(root["out/a"]));
        }

        // Beyond loopback every new route needs the bearer token.
        await using var open = await LiveService.StartAsync(root, url: "http://0.0.0.0:0");
        foreach (var (method, path) in new[] { ("GET", "/launch"), ("GET", $"/api/runs/{id}/pipeline"), ("POST", $"/api/runs/{id}/retry"), ("POST", $"/api/runs/{id}/resubmit"),
            ("DELETE", $"/api/runs/{id}"), ("GET", "/metrics"), ("GET", "/openapi.json") })
            Assert.Equal(HttpStatusCode.Unauthorized, (await open.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
        Assert.True(Directory.Exists(root["out/a"]));
    }
}
