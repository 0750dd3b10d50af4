using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YuLanData.Service.Operations;
using YuLanData.Service.Runs;

namespace YuLanData.Service.Tests;

/// <summary><c>/metrics</c> parsed as the Prometheus text format (0.0.4), against the numbers the API returns.</summary>
public class MetricsTests
{
    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static readonly Regex Name = new("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
    private static readonly Regex SampleLine = new("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (\S+)$""");
    private static readonly Regex Label = new(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\\n]|\\[\\""n])*)""");

    /// <summary>One sample: metric name, labels (unescaped), value.</summary>
    internal sealed record Sample(string Metric, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>Parses the text format strictly: HELP and TYPE before a family's samples, valid names, escaped label values, numeric values.</summary>
    internal static List<Sample> Parse(string text)
    {
        Assert.EndsWith("\n", text);
        var typed = new HashSet<string>();
        var samples = new List<Sample>();
        foreach (var line in text[..^1].Split('\n'))
        {
            if (line.StartsWith("# HELP "))
            {
                Assert.Matches(Name, line.Split(' ')[2]);
                continue;
            }
            if (line.StartsWith("# TYPE "))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.Contains(parts[3], new[] { "gauge", "counter", "untyped", "summary", "histogram" });
                Assert.True(typed.Add(parts[2]), $"TYPE of {parts[2]} given twice");
                continue;
            }
            var m = SampleLine.Match(line);
            Assert.True(m.Success, $"not a sample line: {line}");
            Assert.Contains(m.Groups[1].Value, typed);
            var labels = Label.Matches(m.Groups[2].Value).ToDictionary(l => l.Groups[1].Value,
                l => Regex.Replace(l.Groups[2].Value, """\\([\\"n])""", e => e.Groups[1].Value == "n" ? "\n" : e.Groups[1].Value));
            Assert.True(double.TryParse(m.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || m.Groups[3].Value is "NaN" or "+Inf" or "-Inf",
                $"bad value in {line}");
            samples.Add(new Sample(m.Groups[1].Value, labels, value));
        }
        return samples;
    }

    private static double Value(List<Sample> samples, string metric, params (string, string)[] labels) =>
        samples.Single(s => s.Metric == metric && labels.All(l => s.Labels.GetValueOrDefault(l.Item1) == l.Item2)).Value;

    [Fact]
    public async Task MetricsMatchTheApiForFinishedQueuedAndRunningRuns()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline(root["out/p"], root["in"]));
        await using var svc = await LiveService.StartAsync(root);
        var r = await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "p.yaml" }));
        string id = (await r.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var view = await svc.WaitAsync(id);
        Assert.Equal("succeeded", view["state"]!.GetValue<string>());

        var response = await svc.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var samples = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, Value(samples, "yulandata_runs", ("state", "succeeded")));
        Assert.Equal(0, Value(samples, "yulandata_runs", ("state", "failed")));
        Assert.Equal(0, Value(samples, "yulandata_queue_length"));
        Assert.Equal(view["read"]!.GetValue<long>(), Value(samples, "yulandata_documents", ("outcome", "read")));
        Assert.Equal(view["kept"]!.GetValue<long>(), Value(samples, "yulandata_documents", ("outcome", "kept")));
        Assert.Equal(view["dropped"]!.GetValue<long>(), Value(samples, "yulandata_documents", ("outcome", "dropped")));
        long drops = 0;
        foreach (var stage in view["stages"]!.AsArray())
            foreach (var (reason, count) in stage!["dropped"]!.AsObject())
            {
                Assert.Equal(count!.GetValue<long>(), Value(samples, "yulandata_dropped_documents", ("stage", stage["stage"]!.GetValue<string>()), ("reason", reason)));
                drops += count.GetValue<long>();
            }
        Assert.True(drops > 0, "the sample run drops documents; the test needs some");
        Assert.Equal(drops, samples.Where(s => s.Metric == "yulandata_dropped_documents").Sum(s => s.Value));
    }

    [Fact]
    public async Task QueueLengthAndThroughputOfARunningRun()
    {
        using var root = new TempRoot();
        root.LengthenInput();
        File.WriteAllText(root["slow.yaml"], TempRoot.Pipeline(root["out/slow"], root["in"], splitBytes: 4_000, name: "slow"));
        File.WriteAllText(root["a.yaml"], TempRoot.Pipeline(root["out/a"], root["in"], name: "a"));
        File.WriteAllText(root["b.yaml"], TempRoot.Pipeline(root["out/b"], root["in"], name: "b"));
        await using var svc = await LiveService.StartAsync(root);
        var slow = (await (await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "slow.yaml", workers = 1 }))).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "a.yaml" }));
        await svc.Client.PostAsync("/api/runs", Json(new { pipeline = "b.yaml" }));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await svc.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{slow}"))!["tasks_done"]!.GetValue<int>() == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        var samples = Parse(await svc.Client.GetStringAsync("/metrics"));
        Assert.Equal(1, Value(samples, "yulandata_runs", ("state", "running")));
        Assert.Equal(2, Value(samples, "yulandata_runs", ("state", "queued")));
        Assert.Equal(2, Value(samples, "yulandata_queue_length"));
        double rate = Value(samples, "yulandata_run_documents_per_second", ("run", slow), ("name", "slow"));
        Assert.True(rate > 0, $"running run reads {rate} docs/s");
        Assert.Equal(rate, Value(samples, "yulandata_documents_per_second"));
        await svc.Client.PostAsync($"/api/runs/{slow}/cancel", null);
        foreach (var run in (await svc.Client.GetFromJsonAsync<JsonArray>("/api/runs"))!)
            await svc.WaitAsync(run!["id"]!.GetValue<string>());
    }

    [Fact]
    public void LabelValuesAreEscaped()
    {
        var stage = new StageView("we\"ird\\stage\nname", 10, 5, new SortedDictionary<string, long>(StringComparer.Ordinal) { ["a \"quoted\" reason"] = 5 }, 0, null);
        var view = new RunView("r00001", "n", RunState.Succeeded, "p", "o", 1, DateTimeOffset.UnixEpoch, null, null, null, 1, 1, 1, 10, 5, 5, 0, 1, null, null, [stage], null);
        var samples = Parse(PrometheusText.Write([view]));
        Assert.Equal(5, Value(samples, "yulandata_dropped_documents", ("stage", "we\"ird\\stage\nname"), ("reason", "a \"quoted\" reason")));
    }
}
