using System.Runtime.InteropServices;

namespace YuLanData.Synthesis.Sandbox;

/// <summary>kill(2), for ending processes this process did not start itself (the rest of a sandboxed run's tree).</summary>
internal static class NativeSignals
{
    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; 0 on success, -1 on error (e.g. already gone).</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);
}
