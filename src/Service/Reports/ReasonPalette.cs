using System.Globalization;

namespace YuLanData.Service.Reports;

/// <summary>
/// Colours for drop reasons in charts: twenty that are easy to tell apart (the first ten are the common
/// Category10, then ten of Kelly's contrasting colours), then further hues spaced by the golden angle, so no two
/// reasons of a run share a colour. The run page's script uses the same list.
/// </summary>
public static class ReasonPalette
{
    /// <summary>The twenty fixed colours as <c>#rrggbb</c>.</summary>
    public static IReadOnlyList<string> Fixed { get; } =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#f3c300", "#875692", "#a1caf1", "#be0032", "#c2b280", "#008856", "#e68fac", "#0067a5", "#f99379", "#604e97",
    ];

    /// <summary>The colour of the reason at <paramref name="index"/> (0-based) as <c>#rrggbb</c>.</summary>
    public static string Hex(int index)
    {
        if (index < Fixed.Count)
            return Fixed[index];
        double hue = index * 137.508 % 360;
        var (r, g, b) = FromHsl(hue, 0.65, 0.45);
        return string.Create(CultureInfo.InvariantCulture, $"#{r:x2}{g:x2}{b:x2}");
    }

    private static (int, int, int) FromHsl(double h, double s, double l)
    {
        double c = (1 - Math.Abs(2 * l - 1)) * s, x = c * (1 - Math.Abs(h / 60 % 2 - 1)), m = l - c / 2;
        var (r, g, b) = h switch
        {
            < 60 => (c, x, 0.0),
            < 120 => (x, c, 0.0),
            < 180 => (0.0, c, x),
            < 240 => (0.0, x, c),
            < 300 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        return ((int)Math.Round((r + m) * 255), (int)Math.Round((g + m) * 255), (int)Math.Round((b + m) * 255));
    }
}
