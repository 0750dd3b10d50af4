using System.Diagnostics;

namespace YuLanData.Jobs.Tests;

/// <summary>The CLI in a real child process (for tests that kill it), its output drained and discarded.</summary>
public static class CliProcess
{
    /// <param name="workDir">Working directory of the child, or null for this process's.</param>
    /// <param name="args">CLI arguments, e.g. <c>run p.yaml --workers 2</c>.</param>
    public static Process Start(string? workDir, params string[] args)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "yulandata.dll");
        var psi = new ProcessStartInfo("dotnet", ["exec", cli, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDir ?? Environment.CurrentDirectory,
        };
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
