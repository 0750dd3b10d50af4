using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace YuLanData.Service.Tests;

/// <summary>
/// The launch page in a real browser (headless Chromium through ChromeDriver) against the real service: a YAML
/// error is shown inline at the line and column the server gives, the fixed pipeline validates and is submitted,
/// and the run is deleted with its button. A missing browser skips, unless YULANDATA_REQUIRE_BROWSER=1 (the test command).
/// </summary>
public class LaunchPageBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EditValidateSubmitAndDeleteFromTheLaunchPage()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root);
        using var browser = HeadlessChromium.Start(output);
        if (browser is null) return;
        browser.Navigate().GoToUrl(new Uri(svc.Client.BaseAddress!, "/launch"));
        Assert.Equal("YuLanData: launch a run", browser.Title);

        // An unknown stage on line 6: the server's line and column are shown inline.
        string good = TempRoot.Pipeline(root["out/edited"], root["in"], splitBytes: 200_000, name: "edited");
        string bad = good.Replace("- sampler:", "- no_such_stage:");
        var verdict = await svc.Client.PostAsync("/api/validate", JsonContent.Create(new { yaml = bad }));
        string error = (await verdict.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>();
        var where = System.Text.RegularExpressions.Regex.Match(error, @":(\d+):(\d+):");
        Assert.True(where.Success, error);
        browser.Script("document.getElementById('yaml').value = arguments[0];", bad);
        browser.FindElement(By.Id("validate")).Click();
        var shown = browser.WaitFor(b => b.Script("const e = document.querySelector('#errors .error'); return e ? [e.dataset.line, e.dataset.column, e.textContent] : null;") as IReadOnlyCollection<object>,
            "the inline error").Select(o => o.ToString()!).ToArray();
        Assert.Equal(where.Groups[1].Value, shown[0]);
        Assert.Equal(where.Groups[2].Value, shown[1]);
        Assert.Contains("no_such_stage", shown[2]);
        Assert.Empty((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);

        // Fixed, it validates, then is submitted and runs.
        browser.Script("document.getElementById('yaml').value = arguments[0];", good);
        browser.FindElement(By.Id("validate")).Click();
        browser.WaitFor(b => b.Script("const v = document.getElementById('verdict').textContent; return v.startsWith('valid') ? v : null;") as string, "the valid verdict");
        Assert.Equal("", browser.Script("return document.getElementById('errors').textContent"));
        browser.FindElement(By.Id("submit")).Click();
        string id = browser.WaitFor(b => b.Script("const m = /submitted as (r\\d+)/.exec(document.getElementById('verdict').textContent); return m ? m[1] : null;") as string, "the submission");
        Assert.Equal("succeeded", (await svc.WaitAsync(id))["state"]!.GetValue<string>());
        Assert.True(File.Exists(root["out/edited/stats.json"]));

        // Delete from the runs table (the confirmation is accepted).
        browser.WaitFor(b => b.Script("const tr = document.querySelector(`#runs tr[data-id='${arguments[0]}']`); return tr && tr.cells[2].textContent === 'succeeded' ? 'ok' : null;", id) as string, "the run to show as succeeded");
        browser.Script("window.confirm = () => true; document.querySelector(`#runs tr[data-id='${arguments[0]}'] button[data-action='delete']`).click();", id);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.Exists(root["out/edited"]) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.False(Directory.Exists(root["out/edited"]));
        Assert.Empty((await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!);
        browser.WaitFor(b => b.Script("return document.querySelector(`#runs tr[data-id='${arguments[0]}']`) ? null : 'gone';", id) as string, "the row to go");
    }
}
