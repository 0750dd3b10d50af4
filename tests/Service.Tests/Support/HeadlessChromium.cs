using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace YuLanData.Service.Tests;

/// <summary>
/// Debian's headless Chromium through ChromeDriver, for page tests. Without the browser a test is skipped, unless
/// YULANDATA_REQUIRE_BROWSER=1 (set by the test command, which installs it), where it fails.
/// </summary>
public static class HeadlessChromium
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriverPath = "/usr/bin/chromedriver";

    /// <summary>Starts a browser with a window of <paramref name="width"/> x <paramref name="height"/> pixels, or null when none is installed.</summary>
    public static ChromeDriver? Start(ITestOutputHelper output, int width = 1400, int height = 1800)
    {
        if (!File.Exists(Chromium) || !File.Exists(ChromeDriverPath))
        {
            Assert.False(Environment.GetEnvironmentVariable("YULANDATA_REQUIRE_BROWSER") == "1",
                "chromium and chromium-driver are not installed (infra/test.sh installs them)");
            output.WriteLine("skipped: chromium/chromium-driver not installed");
            return null;
        }
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--window-size={width},{height}", "--lang=en-US");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs script in the page and returns its result.</summary>
    public static object? Script(this IWebDriver browser, string code, params object[] args) => ((IJavaScriptExecutor)browser).ExecuteScript(code, args);

    /// <summary>Polls until <paramref name="find"/> gives a value; the timeout message quotes the page's text.</summary>
    public static T WaitFor<T>(this IWebDriver browser, Func<IWebDriver, T?> find, string what, double seconds = 60) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (find(browser) is { } found) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"gave up waiting for {what}; page: {browser.Script("return document.body.innerText")}");
            Thread.Sleep(100);
        }
    }
}
