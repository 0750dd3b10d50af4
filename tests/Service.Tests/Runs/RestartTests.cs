using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace YuLanData.Service.Tests;

/// <summary>
/// The service runs as a real child process (<c>yulandata serve</c>); it is killed with SIGKILL in the middle of a
/// run, started again, and the run completes with output byte-identical to a direct <c>yulandata run</c>.
/// </summary>
public class RestartTests
{
    private static string Cli => Path.Combine(AppContext.BaseDirectory, "yulandata.dll");

    internal static string LogText(StringBuilder log)
    {
        lock (log)
            return log.ToString();
    }

    internal static Process Start(string workDir, StringBuilder log, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", ["exec", Cli, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDir,
        };
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static async Task WaitUp(HttpClient client, Process p, StringBuilder log)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(p.HasExited, "service exited: " + log);
            try
            {
                if ((await client.GetAsync("/api/runs")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("service did not start: " + log);
    }

    [Fact]
    public async Task RunInterruptedByKillingTheServiceResumesToIdenticalOutput()
    {
        using var root = new TempRoot();
        root.LengthenInput(); // ~280 small tasks: the kill lands mid-run even on a fast, idle machine
        File.WriteAllText(root["p.yaml"], TempRoot.Pipeline("out/svc", "in", splitBytes: 20_000));
        var reference = Start(root.Path, new StringBuilder(), "run", "p.yaml", "--output", "out/ref", "--workers", "2");
        Assert.True(reference.WaitForExit(120_000));
        Assert.Equal(0, reference.ExitCode);

        int port = FreePort();
        string[] serve = ["serve", "--urls", $"http://127.0.0.1:{port}", "--root", root.Path, "--workers", "2"];
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var log = new StringBuilder();
        string id;
        int total, doneAtKill;
        using (var first = Start(root.Path, log, serve))
        {
            await WaitUp(client, first, log);
            client.DefaultRequestHeaders.Add("X-CSRF-Token", (await client.GetFromJsonAsync<JsonObject>("/api/csrf"))!["csrf_token"]!.GetValue<string>());
            var submitted = await client.PostAsync("/api/runs", new StringContent("""{"pipeline": "p.yaml"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
            id = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            int Done() => Directory.Exists(root["out/svc/completed"]) ? Directory.GetFiles(root["out/svc/completed"]).Length : 0;
            var clock = Stopwatch.StartNew();
            while (Done() < 3 && clock.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(2);
            first.Kill(); // SIGKILL
            first.WaitForExit();
            doneAtKill = Done();
            total = JsonNode.Parse(File.ReadAllText(root["out/svc/run.json"]))!["tasks"]!.GetValue<int>();
        }
        if (!(doneAtKill > 0 && doneAtKill < total))
            Assert.Fail($"kill did not land mid-run: {doneAtKill}/{total} tasks done\nservice log:\n{LogText(log)}");
        Assert.False(File.Exists(root["out/svc/stats.json"]));

        using (var second = Start(root.Path, log, serve))
        {
            await WaitUp(client, second, log);
            JsonObject view;
            var clock = Stopwatch.StartNew();
            do
            {
                await Task.Delay(50);
                view = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!;
            }
            while (view["state"]!.GetValue<string>() is "queued" or "running" && clock.Elapsed < TimeSpan.FromSeconds(90));
            // The service's log in the messages: this test failed once in ~100 runs without saying why.
            if (view["state"]!.GetValue<string>() != "succeeded" || view["attempts"]!.GetValue<int>() != 2)
                Assert.Fail($"after restart: {view.ToJsonString()}\nservice log:\n{LogText(log)}");
            second.Kill();
            second.WaitForExit();
        }

        var expected = TempRoot.OutputBytes(root["out/ref"]);
        var actual = TempRoot.OutputBytes(root["out/svc"]);
        Assert.True(expected.Count > 10);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var key in expected.Keys)
            Assert.True(expected[key].AsSpan().SequenceEqual(actual[key]), $"{key} differs after kill and restart");
        Assert.Equal(File.ReadAllText(root["out/ref/stats.json"]), File.ReadAllText(root["out/svc/stats.json"]));
    }
}
