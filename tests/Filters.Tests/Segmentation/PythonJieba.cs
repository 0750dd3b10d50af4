using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace YuLanData.Filters.Tests.Segmentation;

/// <summary>Runs Debian's <c>python3-jieba</c> (0.42.1; infra/test.sh installs it) over texts: the reference our
/// segmenter is checked against.</summary>
internal static class PythonJieba
{
    private const string Script =
        "import sys, json, logging\n" +
        "import jieba\n" +
        "jieba.setLogLevel(logging.WARNING)\n" +
        "out = sys.stdout\n" +
        "for line in sys.stdin.buffer:\n" +
        "    text = json.loads(line)\n" +
        "    out.write(json.dumps(jieba.lcut(text), ensure_ascii=True) + '\\n')\n";

    /// <summary>An interpreter that can import jieba, or a message saying how to get one.</summary>
    public static string Interpreter()
    {
        foreach (var exe in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo(exe, ["-c", "import jieba"]) { RedirectStandardError = true })!;
                p.WaitForExit();
                if (p.ExitCode == 0) return exe;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        throw new InvalidOperationException("no python3 with jieba found: apt-get install python3-jieba (infra/test.sh installs it)");
    }

    /// <summary><c>jieba.lcut(text)</c> for every text, in order.</summary>
    public static List<List<string>> Lcut(IReadOnlyList<string> texts)
    {
        var psi = new ProcessStartInfo(Interpreter(), ["-c", Script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false), StandardOutputEncoding = Encoding.UTF8,
        };
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var writer = Task.Run(() =>
        {
            foreach (var t in texts) p.StandardInput.WriteLine(JsonSerializer.Serialize(t));
            p.StandardInput.Close();
        });
        var result = new List<List<string>>(texts.Count);
        string? line;
        while ((line = p.StandardOutput.ReadLine()) != null) result.Add(JsonSerializer.Deserialize<List<string>>(line)!);
        writer.Wait();
        p.WaitForExit();
        if (p.ExitCode != 0 || result.Count != texts.Count)
            throw new InvalidOperationException($"python jieba failed (exit {p.ExitCode}, {result.Count}/{texts.Count} lines): {stderr.Result}");
        return result;
    }
}
