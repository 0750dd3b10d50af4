using System.Diagnostics;

namespace YuLanData.Cli.Bench;

/// <summary>Timing shared by the benchmarks.</summary>
public static class BenchTiming
{
    /// <summary>The best wall time, in seconds, of <paramref name="repeat"/> runs of <paramref name="action"/>.</summary>
    public static double Best(int repeat, Action action)
    {
        double best = double.MaxValue;
        for (int i = 0; i < Math.Max(1, repeat); i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }
}
