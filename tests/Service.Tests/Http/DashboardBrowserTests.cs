using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace YuLanData.Service.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's headless Chromium through ChromeDriver) against the real service:
/// a run submitted from the page's form shows up, runs, and ends as succeeded with its numbers, stage table and
/// file list; a slow run is cancelled with its button. The test command installs the browser and sets
/// YULANDATA_REQUIRE_BROWSER=1, so there a missing browser fails instead of skipping.
/// </summary>
public class DashboardBrowserTests(ITestOutputHelper output)
{
    private static readonly CultureInfo EnUs = CultureInfo.GetCultureInfo("en-US");

    // The page re-renders on every progress event, so elements are read and clicked inside one script call.
    private const string FindRow = "const tr = [...document.querySelectorAll('#runs tbody tr')].find(r => r.cells[0].textContent === arguments[0]);";

    /// <summary>The texts of the run's row cells when the row shows <paramref name="state"/>.</summary>
    private static string[]? RunRow(IWebDriver browser, string id, string state)
    {
        var cells = browser.Script(FindRow + " return tr ? [...tr.cells].map(c => c.textContent) : null;", id) as IReadOnlyCollection<object>;
        var texts = cells?.Select(c => c.ToString()!).ToArray();
        return texts is not null && texts[2] == state ? texts : null;
    }

    [Fact]
    public async Task SubmitWatchDetailsAndCancelFromTheDashboard()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["quick.yaml"], TempRoot.Pipeline(root["out/quick"], root["in"], splitBytes: 200_000, name: "quick"));
        await using var svc = await LiveService.StartAsync(root);
        // Declared after the service so that it closes first: an open event stream would hold the service's shutdown.
        using var browser = HeadlessChromium.Start(output);
        if (browser is null) return;
        browser.Navigate().GoToUrl(svc.Client.BaseAddress!);
        Assert.Equal("YuLanData runs", browser.Title);

        // Submit from the form: the row appears and ends as succeeded with the numbers the API reports.
        browser.FindElement(By.Id("pipeline")).SendKeys("quick.yaml");
        browser.FindElement(By.Id("workers")).SendKeys("2");
        browser.FindElement(By.CssSelector("#submit button")).Click();
        var runs = await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (runs!.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            runs = await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs");
        }
        Assert.True(runs.Count == 1, $"the form submitted no run; page says: {browser.Script("return document.body.innerText")}");
        var id = runs.Single()!["id"]!.GetValue<string>();
        var view = await svc.WaitAsync(id);
        Assert.Equal("succeeded", view["state"]!.GetValue<string>());
        var cells = browser.WaitFor(b => RunRow(b, id, "succeeded"), $"{id} to show as succeeded");
        Assert.Equal("quick", cells[1]);
        Assert.Equal($"{view["tasks_done"]}/{view["tasks_total"]}", cells[3]);
        Assert.Equal(view["read"]!.GetValue<long>().ToString("N0", EnUs), cells[4]);
        Assert.Equal(view["kept"]!.GetValue<long>().ToString("N0", EnUs), cells[5]);

        // The submitted run is selected: its detail shows the stage table; the file list loads when opened.
        var detail = browser.WaitFor(b => b.Script("return document.getElementById('detail').innerText") is string d && d.Contains("length_filter") ? d : null, "the stage table");
        Assert.Contains($"{id} quick (succeeded)", detail);
        Assert.Contains("too_few_words", detail);
        browser.Script("document.querySelector('#detail summary').click()");
        browser.WaitFor(b => b.Script("return [...document.querySelectorAll('#detail details li a')].map(a => a.textContent).find(t => t.startsWith('stats.json')) || null") as string,
            "stats.json in the file list");

        // A slow run (many tiny tasks, one worker) is cancelled with its row's button.
        root.LengthenInput();
        File.WriteAllText(root["slow.yaml"], TempRoot.Pipeline(root["out/slow"], root["in"], splitBytes: 4_000, name: "slow"));
        var submitted = await svc.Client.PostAsync("/api/runs", JsonContent.Create(new { pipeline = "slow.yaml", workers = 1 }));
        var slowId = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        browser.WaitFor(b => RunRow(b, slowId, "running"), $"{slowId} to show as running");
        browser.Script(FindRow + " tr.querySelector('button').click();", slowId);
        browser.WaitFor(b => RunRow(b, slowId, "cancelled"), $"{slowId} to show as cancelled");
        Assert.Equal("cancelled", (await svc.WaitAsync(slowId))["state"]!.GetValue<string>());

        // The state filter and the search box narrow the list; the pager counts the matches.
        string RowIds() => (string)browser.Script("return [...document.querySelectorAll('#runs tbody tr')].map(tr => tr.cells[0].textContent).join(',')")!;
        browser.Script("const s = document.getElementById('state'); s.value = 'cancelled'; s.dispatchEvent(new Event('change'));");
        browser.WaitFor(b => RowIds() == slowId ? "" : null, "only the cancelled run");
        Assert.Equal("1–1 of 1 (of 2)", browser.Script("return document.getElementById('page').textContent"));
        browser.Script("const s = document.getElementById('state'); s.value = ''; s.dispatchEvent(new Event('change'));" +
            "const q = document.getElementById('search'); q.value = 'QUICK'; q.dispatchEvent(new Event('input'));");
        browser.WaitFor(b => RowIds() == id ? "" : null, "only the run named quick");
    }

    /// <summary>
    /// A hostile page on another port of the same host (another origin, but the same site: the browser sends the
    /// service's cookie along) tries what a page can do without asking: a no-cors POST dressed up as JSON and an
    /// auto-submitted form. In a real browser nothing is created or cancelled, on loopback and with a token.
    /// </summary>
    [Fact]
    public async Task APageOnAnotherPortCannotSubmitOrCancelRuns()
    {
        foreach (bool tokenMode in new[] { false, true })
        {
            using var root = new TempRoot();
            root.LengthenInput();
            File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/p"], root["in"], name: "p"));
            File.WriteAllText(root["slow.yaml"], TempRoot.Pipeline(root["out/slow"], root["in"], splitBytes: 4_000, name: "slow"));
            await using var svc = await LiveService.StartAsync(root, url: tokenMode ? "http://0.0.0.0:0" : "http://127.0.0.1:0");
            string? token = tokenMode ? File.ReadAllText(root[".yulandata-service/token"]).Trim() : null;
            if (token != null)
                svc.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var slow = await svc.Client.PostAsync("/api/runs", JsonContent.Create(new { pipeline = "slow.yaml", workers = 1 }));
            Assert.Equal(HttpStatusCode.Created, slow.StatusCode);
            string id = (await slow.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

            string service = svc.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
            string page = $$"""
                <!DOCTYPE html><html><head><title>waiting</title></head><body>
                <form id="cancel" method="POST" action="{{service}}/api/runs/{{id}}/cancel" target="sink"><input name="a" value="b"></form>
                <form id="submit" method="POST" enctype="text/plain" action="{{service}}/api/runs" target="sink2"><input name='{"pipeline": "p.yaml", "x": "' value='"}'></form>
                <iframe name="sink"></iframe><iframe name="sink2"></iframe>
                <script>
                fetch("{{service}}/api/runs", { method: "POST", mode: "no-cors", credentials: "include",
                  headers: { "Content-Type": "text/plain;x=json" }, body: JSON.stringify({ pipeline: "p.yaml" }) })
                  .catch(() => {}).finally(() => {
                    document.getElementById("cancel").submit();
                    document.getElementById("submit").submit();
                    setTimeout(() => { document.title = "sent"; }, 1500);
                  });
                </script></body></html>
                """;
            using var attacker = AttackerSite.Serve(page);
            using var browser = HeadlessChromium.Start(output);
            if (browser is null) return;
            if (token != null)
                browser.Navigate().GoToUrl($"{service}/?token={token}"); // the browser now holds the service's cookie
            browser.Navigate().GoToUrl(attacker.Address);
            browser.WaitFor(b => b.Title == "sent" ? "sent" : null, "the hostile page to send its requests");

            var runs = (await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!;
            Assert.True(runs.Count == 1, $"{(tokenMode ? "token" : "loopback")}: a page elsewhere created a run: {runs.ToJsonString()}");
            Assert.Contains(runs[0]!["state"]!.GetValue<string>(), new[] { "queued", "running" });
            await svc.Client.PostAsync($"/api/runs/{id}/cancel", null);
            await svc.WaitAsync(id);
        }
    }

    /// <summary>A page served from another port of 127.0.0.1 (plain sockets: one fixed page for every request).</summary>
    private sealed class AttackerSite : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        private AttackerSite(string html)
        {
            _listener.Start();
            Address = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
            byte[] body = Encoding.UTF8.GetBytes(html);
            byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                        var stream = client.GetStream();
                        var buffer = new byte[8192];
                        _ = await stream.ReadAsync(buffer, _stop.Token); // the request (ignored; one read is enough for a GET)
                        await stream.WriteAsync(head, _stop.Token);
                        await stream.WriteAsync(body, _stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
                    {
                    }
                }
            });
        }

        public string Address { get; }

        public static AttackerSite Serve(string html) => new(html);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
