using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenQA.Selenium;
using YuLanData.Service.Runs;
using Xunit.Abstractions;

namespace YuLanData.Service.Tests;

/// <summary>
/// The run page in a real browser (headless Chromium) against the real service: it renders the numbers the API
/// returns (read from the DOM), the drop reasons with percentages and a chart whose legend has one distinct colour
/// per reason, the per-task table and a task's log, and dropped documents whose markup shows as text, never runs.
/// A screenshot of the page is saved (<c>screenshots/run-page.png</c> beside the test assembly).
/// </summary>
public class RunPageBrowserTests(ITestOutputHelper output)
{
    private static readonly CultureInfo EnUs = CultureInfo.GetCultureInfo("en-US");

    private static string N0(JsonNode? n) => n!.GetValue<long>().ToString("N0", EnUs);

    private static string Text(IWebDriver b, string id) => Str(b, $"return document.getElementById('{id}').textContent");

    private static string Str(IWebDriver b, string code, params object[] args) => b.Script(code, args)?.ToString() ?? "";

    private static long Long(IWebDriver b, string code) => Convert.ToInt64(b.Script(code), CultureInfo.InvariantCulture);

    private static string[] Strings(IWebDriver b, string code, params object[] args) =>
        (b.Script(code, args) as IReadOnlyCollection<object> ?? []).Select(o => o?.ToString() ?? "").ToArray();

    [Fact]
    public async Task RunPageShowsTheApiNumbersTasksDropsAndDocumentsAsText()
    {
        using var root = new TempRoot();
        RunDetailsApiTests.AddHostileDocument(root);
        // A run that failed before this start: the list shows its error, markup in it as text.
        const string failure = "input <b>gone</b>: no file matches in/missing.jsonl";
        var store = new RunStore(root[".yulandata-service"]);
        store.Save(new RunRecord(store.NewId(), "broken", root["p.yaml"], root["out/broken"], 1,
            DateTimeOffset.UtcNow.AddMinutes(-5), RunState.Failed, DateTimeOffset.UtcNow.AddMinutes(-4), DateTimeOffset.UtcNow.AddMinutes(-4), failure, 1));
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/a"], root["in"], splitBytes: 100_000, name: "web"));
        await using var svc = await LiveService.StartAsync(root);
        string id = await RunDetailsApiTests.SubmitAsync(svc, "p.yaml");
        var view = await svc.WaitAsync(id);
        Assert.Equal("succeeded", view["state"]!.GetValue<string>());
        var drops = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/drops"))!;
        var tasks = (await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/tasks"))!;

        using var browser = HeadlessChromium.Start(output);
        if (browser is null) return;

        // The runs list: the failed run's error is in its row, and each id links to its run page.
        browser.Navigate().GoToUrl(svc.Client.BaseAddress!);
        string failedRow = browser.WaitFor(b => b.Script("const tr = [...document.querySelectorAll('#runs tbody tr')].find(r => r.cells[0].textContent === 'r00001'); return tr ? tr.textContent : null;") as string, "the failed run's row");
        Assert.Contains("error: " + failure, failedRow);
        Assert.Equal(0L, browser.Script("return document.querySelectorAll('#runs b').length"));
        Assert.EndsWith($"/runs/{id}", Str(browser, $"return [...document.querySelectorAll('#runs a')].find(a => a.textContent === '{id}').href"));

        browser.Navigate().GoToUrl(new Uri(svc.Client.BaseAddress!, $"/runs/{id}"));
        browser.WaitFor(b => Text(b, "state") == "succeeded" && Long(b, "return document.querySelectorAll('#drops tbody tr[data-reason]').length") > 0
            && Long(b, "return document.querySelectorAll('#tasks tbody tr').length") == tasks["tasks_total"]!.GetValue<int>() ? "ready" : null, "the run page to load");

        // Timeline and counts: the API's numbers, formatted.
        Assert.Equal($"run {id} · web", Text(browser, "title"));
        Assert.Equal(view["submitted"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", EnUs) + " UTC", Text(browser, "submitted"));
        Assert.Equal(view["finished"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", EnUs) + " UTC", Text(browser, "ended"));
        Assert.Equal(N0(view["read"]), Text(browser, "read"));
        Assert.Equal(N0(view["kept"]), Text(browser, "kept"));
        Assert.Equal(N0(view["dropped"]), Text(browser, "dropped"));
        Assert.Equal(N0(view["quarantined"]), Text(browser, "quarantined"));
        Assert.StartsWith("✓ read " + N0(view["read"]), Text(browser, "balance"));
        Assert.Equal($"{view["tasks_done"]} / {view["tasks_total"]} tasks (100 %) · succeeded", Text(browser, "progress-text"));
        Assert.Equal(1.0, Convert.ToDouble(browser.Script("return document.getElementById('bar').value"), CultureInfo.InvariantCulture));
        Assert.Equal("", Text(browser, "error"));

        // Drop reasons: counts and percentages as the API gives them; one distinct colour per reason in a legend beside the chart.
        var reasons = new List<string>();
        foreach (var stage in drops["stages"]!.AsArray())
            foreach (var r in stage!["reasons"]!.AsArray())
            {
                string reason = r!["reason"]!.GetValue<string>();
                reasons.Add(reason);
                var cells = Strings(browser,
                    "const tr = [...document.querySelectorAll('#drops tbody tr')].find(t => t.dataset.stage === arguments[0] && t.dataset.reason === arguments[1]); return [...tr.cells].map(c => c.textContent);",
                    stage["stage"]!.GetValue<string>(), reason);
                Assert.Equal(reason, cells[1]);
                Assert.Equal(N0(r["count"]), cells[2]);
                Assert.Equal(r["percent_of_stage"]!.GetValue<double>().ToString("F2", EnUs) + " %", cells[3]);
                Assert.Equal(r["percent_of_read"]!.GetValue<double>().ToString("F2", EnUs) + " %", cells[4]);
            }
        Assert.Equal(reasons, Strings(browser, "return [...document.querySelectorAll('#legend li')].map(l => l.textContent)"));
        var colours = Strings(browser, "return [...document.querySelectorAll('#legend .swatch')].map(s => s.dataset.colour)");
        Assert.Equal(colours.Length, colours.Distinct().Count());
        // The legend lies outside the plotted bars.
        Assert.True(true.Equals(browser.Script("const c = document.getElementById('drop-chart').getBoundingClientRect(), l = document.getElementById('legend').getBoundingClientRect(); return l.left >= c.right || l.top >= c.bottom;")));
        Assert.Equal((long)drops["stages"]!.AsArray().Sum(s => s!["reasons"]!.AsArray().Count), browser.Script("return document.querySelectorAll('#drop-chart rect').length"));

        string folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        string shot = Path.Combine(folder, "run-page.png");
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(shot);
        byte[] png = File.ReadAllBytes(shot);
        Assert.True(png.Length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "the screenshot is a PNG of the page");
        output.WriteLine($"screenshot: {shot}");

        // Tasks: each row's documents as the API counts them.
        foreach (var t in tasks["tasks"]!.AsArray())
        {
            var row = Strings(browser, "return [...document.querySelector('#tasks tbody tr[data-task=\"' + arguments[0] + '\"]').cells].map(c => c.textContent)", t!["task"]!.GetValue<int>().ToString(EnUs));
            Assert.Equal("done", row[3]);
            Assert.Equal(N0(t["read"]), row[4]);
            Assert.Equal(N0(t["kept"]), row[5]);
            Assert.Equal("1", row[9]);
            Assert.Equal("local", row[11]);
        }
        browser.Script("document.querySelector('#tasks tbody tr[data-task=\"0\"] button').click()");
        string log = browser.WaitFor(b => b.Script("const p = document.querySelector('#log pre'); return p ? p.textContent : null;") as string, "task 0's log");
        Assert.Contains("task 0 (run attempt 1) finished: read " + tasks["tasks"]![0]!["read"], log);

        // Dropped documents of a reason: the hostile one shows its markup as text; nothing in it runs or renders.
        browser.Script("document.querySelector('#drops tbody tr[data-reason=\"too_few_words\"] button').click()");
        browser.WaitFor(b => Str(b, "return document.getElementById('samples').textContent") is { } s && s.Contains("hostile-1") ? s : null, "the dropped documents");
        var texts = Strings(browser, "return [...document.querySelectorAll('#samples pre')].map(p => p.textContent)");
        Assert.Contains(RunDetailsApiTests.HostileText, texts);
        Assert.Equal(0L, browser.Script("return document.querySelectorAll('#samples img, #samples script, #samples b').length"));
        Assert.Equal(1L, browser.Script("return document.scripts.length"));
        Assert.Null(browser.Script("return window.pwned === undefined ? null : window.pwned"));

        // The failed run's page shows its error.
        browser.Navigate().GoToUrl(new Uri(svc.Client.BaseAddress!, "/runs/r00001"));
        browser.WaitFor(b => Text(b, "error") is { Length: > 0 } e ? e : null, "the failed run's error");
        Assert.Equal("error: " + failure, Text(browser, "error"));
        Assert.Equal("failed", Text(browser, "state"));
    }
}
