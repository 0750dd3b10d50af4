using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using YuLanData.Jobs.Pipelines;

namespace YuLanData.Service.Tests;

/// <summary>
/// Requests a hostile page or client sends, over real HTTP against the real service: parser bombs, cross-site
/// request forgery (form posts, other origins, another port of the same host), DNS rebinding, framing.
/// </summary>
public class HostileRequestTests
{
    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<string> Error(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>();

    private static async Task<int> RunCount(LiveService svc) => (await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!.Count;

    [Fact]
    public async Task DeeplyNestedYamlAndJsonBodiesAreRefusedAndTheServiceKeepsServing()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/ok"], root["in"]));
        await using var svc = await LiveService.StartAsync(root);
        string brackets = new('[', 50_000);

        var yaml = await svc.Client.PostAsync("/api/runs", new StringContent(brackets, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.BadRequest, yaml.StatusCode);
        string error = await Error(yaml);
        Assert.Contains($":1:{YamlNesting.MaxDepth + 1}:", error);
        Assert.Contains("nested deeper than", error);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.PostAsync("/api/runs", Json(new { yaml = brackets }))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.PostAsync("/api/validate", Json(new { yaml = "stages:\n" + string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', 2 * i) + "- a:\n")) }))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.PostAsync("/api/runs", new StringContent(brackets, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await svc.Client.PostAsync("/api/runs", new StringContent("{\"pipeline\": " + brackets, Encoding.UTF8, "application/json"))).StatusCode);

        // Still serving: a normal run is accepted and finishes.
        var ok = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "p.yaml" }));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal("succeeded", (await svc.WaitAsync((await ok.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>()))["state"]!.GetValue<string>());
        Assert.Equal(1, await RunCount(svc));
    }

    [Fact]
    public void CliRunRefusesADeeplyNestedPipelineWithFileLineAndColumn()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["deep.yaml"], "name: deep\nstages: " + new string('[', 50_000) + "\n");
        var thrown = Assert.Throws<PipelineConfigException>(() => PipelineLoader.Load(root["deep.yaml"]));
        Assert.Equal((2L, 8L + YamlNesting.MaxDepth), (thrown.Line, thrown.Column));

        // The real command line: a clear message, not a process killed by a stack overflow.
        var log = new StringBuilder();
        using var cli = RestartTests.Start(root.Path, log, "run", "deep.yaml");
        Assert.True(cli.WaitForExit(120_000));
        cli.WaitForExit();
        string output = RestartTests.LogText(log);
        Assert.Contains($"deep.yaml:2:{8 + YamlNesting.MaxDepth}: nested deeper than", output);
        Assert.NotEqual(0, cli.ExitCode);
        Assert.DoesNotContain("Stack overflow", output);
    }

    [Fact]
    public async Task CrossSiteRequestsAndFormPostsAreRefusedOnLoopback()
    {
        using var root = new TempRoot();
        root.LengthenInput();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/p"], root["in"]));
        File.WriteAllText(root["slow.yaml"], TempRoot.Pipeline(root["out/slow"], root["in"], splitBytes: 4_000, name: "slow"));
        await using var svc = await LiveService.StartAsync(root);
        using var page = svc.Bare();
        string body = """{"pipeline": "p.yaml"}""";
        string own = svc.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        string csrf = svc.Client.DefaultRequestHeaders.TryGetValues("X-CSRF-Token", out var held) ? held.Single() : "(none)";

        async Task<HttpStatusCode> Post(string url, HttpContent? content, params (string Name, string Value)[] headers)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            foreach (var (name, value) in headers)
                request.Headers.TryAddWithoutValidation(name, value);
            return (await page.SendAsync(request)).StatusCode;
        }
        StringContent Typed(string type) => new(body) { Headers = { ContentType = MediaTypeHeaderValue.Parse(type) } };

        // What a page elsewhere can send without a preflight: form encodings, and text/plain dressed up as JSON.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post("/api/runs", Typed("text/plain;x=json")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post("/api/runs", Typed("text/plain;x=json"), ("X-CSRF-Token", csrf)));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post("/api/runs", Typed("application/x-json-text"), ("X-CSRF-Token", csrf)));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post("/api/runs", new FormUrlEncodedContent([new("pipeline", "p.yaml")]), ("X-CSRF-Token", csrf)));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post("/api/runs", new MultipartFormDataContent { { new StringContent("p.yaml"), "pipeline" } }, ("X-CSRF-Token", csrf)));
        // The right type, but no token, or a page of another origin (Origin, Fetch Metadata).
        Assert.Equal(HttpStatusCode.Forbidden, await Post("/api/runs", Typed("application/json")));
        Assert.Equal(HttpStatusCode.Forbidden, await Post("/api/runs", Typed("application/json"), ("X-CSRF-Token", new string('0', 64))));
        Assert.Equal(HttpStatusCode.Forbidden, await Post("/api/runs", Typed("application/json"), ("X-CSRF-Token", csrf), ("Origin", "http://attacker.example")));
        Assert.Equal(HttpStatusCode.Forbidden, await Post("/api/runs", Typed("application/json"), ("X-CSRF-Token", csrf), ("Origin", "null")));
        Assert.Equal(HttpStatusCode.Forbidden, await Post("/api/runs", Typed("application/json"), ("X-CSRF-Token", csrf), ("Sec-Fetch-Site", "cross-site")));
        Assert.Equal(HttpStatusCode.Forbidden, await Post("/api/validate", Typed("application/json"), ("Origin", "http://attacker.example")));
        Assert.Equal(0, await RunCount(svc));
        // The token cannot be read by another site's script.
        var steal = new HttpRequestMessage(HttpMethod.Get, "/api/csrf");
        steal.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");
        steal.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "cors");
        Assert.Equal(HttpStatusCode.Forbidden, (await page.SendAsync(steal)).StatusCode);

        // An auto-submitted form cannot cancel a run.
        var slow = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "slow.yaml", workers = 1 }));
        string id = (await slow.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Forbidden, await Post($"/api/runs/{id}/cancel", new FormUrlEncodedContent([]), ("Origin", "http://attacker.example"), ("Sec-Fetch-Site", "cross-site")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post($"/api/runs/{id}/cancel", new FormUrlEncodedContent([new("x", "y")])));
        Assert.Equal(HttpStatusCode.Forbidden, await Post($"/api/runs/{id}/cancel", null));
        Assert.Equal(HttpStatusCode.Forbidden, await Post($"/api/runs/{id}/report", null));
        Assert.Contains((await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!["state"]!.GetValue<string>(), new[] { "queued", "running" });

        // The service's own page (same origin, with the token) may.
        Assert.Equal(HttpStatusCode.Accepted, await Post($"/api/runs/{id}/cancel", null, ("X-CSRF-Token", csrf), ("Origin", own), ("Sec-Fetch-Site", "same-origin")));
        Assert.Equal("cancelled", (await svc.WaitAsync(id))["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, await Post("/api/runs", Typed("application/json; charset=utf-8"), ("X-CSRF-Token", csrf), ("Origin", own), ("Sec-Fetch-Site", "same-origin")));
    }

    [Fact]
    public async Task WithATokenAPageOnAnotherPortOfTheSameHostCannotUseTheCookie()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/p"], root["in"]));
        await using var svc = await LiveService.StartAsync(root, url: "http://0.0.0.0:0");
        string token = File.ReadAllText(root[".yulandata-service/token"]).Trim();
        // A browser sends the SameSite=Strict cookie to every port of the host; here it is sent by hand.
        using var browser = svc.Bare(new HttpClientHandler { UseCookies = false });
        int port = svc.Client.BaseAddress!.Port;
        string own = $"http://127.0.0.1:{port}";

        async Task<HttpResponseMessage> Post(string url, params (string Name, string Value)[] headers)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(new { pipeline = "p.yaml" }) };
            request.Headers.TryAddWithoutValidation("Cookie", $"yulandata_token={token}");
            foreach (var (name, value) in headers)
                request.Headers.TryAddWithoutValidation(name, value);
            return await browser.SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await Post("/api/runs", ("Origin", $"http://127.0.0.1:{port + 1}"), ("Sec-Fetch-Site", "same-site"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post("/api/runs", ("Origin", $"http://localhost:{port + 1}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post("/api/runs")).StatusCode); // the cookie alone is not enough

        // The dashboard (own origin) reads the CSRF token with its cookie and sends it.
        var read = new HttpRequestMessage(HttpMethod.Get, "/api/csrf");
        read.Headers.TryAddWithoutValidation("Cookie", $"yulandata_token={token}");
        string csrf = (await (await browser.SendAsync(read)).Content.ReadFromJsonAsync<JsonObject>())!["csrf_token"]!.GetValue<string>();
        var accepted = await Post("/api/runs", ("Origin", own), ("Sec-Fetch-Site", "same-origin"), ("X-CSRF-Token", csrf));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await Post($"/api/runs/{(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["id"]}/cancel", ("X-CSRF-Token", csrf));

        // A script with the bearer header is no browser riding on a cookie: no CSRF token needed.
        var api = new HttpRequestMessage(HttpMethod.Post, "/api/validate") { Content = Json(new { pipeline = "p.yaml", output = "out/other" }) };
        api.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await svc.Client.SendAsync(api)).StatusCode);
    }

    [Fact]
    public async Task OnlyOurOwnHostNamesAreServed()
    {
        using var root = new TempRoot();
        await using (var svc = await LiveService.StartAsync(root))
        {
            var address = svc.Client.BaseAddress!;
            int port = address.Port;
            foreach (var host in new[] { "attacker.example", $"attacker.example:{port}", "localhost.attacker.example", "127.0.0.1.nip.io", "0x7f.example", "localhost.", "" })
            {
                var (status, response) = await RawHttp.SendAsync(address, "GET", "/api/runs", [$"Host: {host}"]);
                Assert.True(status == 400, $"Host '{host}' got {status}: {response}");
                Assert.DoesNotContain("\"id\"", response);
            }
            foreach (var host in new[] { $"localhost:{port}", $"127.0.0.1:{port}", $"[::1]:{port}", "LOCALHOST", "127.0.0.1" })
                Assert.Equal(200, (await RawHttp.SendAsync(address, "GET", "/api/runs", [$"Host: {host}"])).Status);
            // Rebinding to a state-changing request too.
            var (post, _) = await RawHttp.SendAsync(address, "POST", "/api/runs", ["Host: attacker.example", "Content-Type: application/json"], """{"pipeline": "p.yaml"}""");
            Assert.Equal(400, post);
        }
        await using (var token = await LiveService.StartAsync(root, url: "http://0.0.0.0:0"))
        {
            string bearer = File.ReadAllText(root[".yulandata-service/token"]).Trim();
            var address = token.Client.BaseAddress!;
            Assert.Equal(400, (await RawHttp.SendAsync(address, "GET", "/api/runs", ["Host: attacker.example", $"Authorization: Bearer {bearer}"])).Status);
            Assert.Equal(200, (await RawHttp.SendAsync(address, "GET", "/api/runs", [$"Host: 10.1.2.3:{address.Port}", $"Authorization: Bearer {bearer}"])).Status);
        }
        await using (var named = await LiveService.StartAsync(root, allowedHosts: ["pipelines.lab.example"]))
            Assert.Equal(200, (await RawHttp.SendAsync(named.Client.BaseAddress!, "GET", "/api/runs", ["Host: pipelines.lab.example"])).Status);
    }

    [Fact]
    public async Task TheDashboardCannotBeFramedAndRunsNoInjectedScript()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root);
        var page = await svc.Client.GetAsync("/");
        string csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'sha256-", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        var api = await svc.Client.GetAsync("/api/runs");
        Assert.Contains("frame-ancestors 'none'", api.Headers.GetValues("Content-Security-Policy").Single());
    }
}
