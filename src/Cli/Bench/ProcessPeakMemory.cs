namespace YuLanData.Cli.Bench;

/// <summary>The process's peak resident set size (Linux <c>VmHWM</c>), resettable between measured phases by writing
/// 5 to <c>/proc/self/clear_refs</c>, so that each phase of a benchmark gets its own peak.</summary>
public static class ProcessPeakMemory
{
    /// <summary>Resets the peak to the current resident size; false where the system does not allow it.</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The peak resident set size in bytes since start or the last <see cref="Reset"/>; the process's peak
    /// working set where /proc is not available.</summary>
    public static long Read()
    {
        if (File.Exists("/proc/self/status"))
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
