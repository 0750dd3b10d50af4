namespace YuLanData.Filters.Heuristics;

/// <summary>Threshold helpers with datatrove's truthiness: a null or zero threshold disables its rule.</summary>
internal static class Ratio
{
    public static bool Enabled(double? threshold) => threshold is { } t && t != 0;

    public static bool Enabled(int? threshold) => threshold is { } t && t != 0;

    /// <summary><paramref name="a"/> / <paramref name="b"/>, or 0 when <paramref name="b"/> is 0 (datatrove would raise).</summary>
    public static double Of(double a, double b) => b == 0 ? 0 : a / b;
}
