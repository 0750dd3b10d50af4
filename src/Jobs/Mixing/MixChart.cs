using ScottPlot;

namespace YuLanData.Jobs.Mixing;

/// <summary>A stacked-area PNG of category shares across phases (like YuLan-Mini's data-distribution figure).</summary>
public static class MixChart
{
    /// <summary>Categories beyond this many (by mean share) are merged into "other".</summary>
    public const int MaxCategories = 19;

    /// <summary>A tick label: the phase name up to its first '_' (YuLan-Mini's <c>07_20241025_022032</c> → <c>07</c>),
    /// with a letter added when two phases share that prefix (their two phase-26 files → 26a, 26b).</summary>
    public static string ShortLabel(IReadOnlyList<string> phases, int i)
    {
        static string Prefix(string s) => s.IndexOf('_') is > 0 and var k ? s[..k] : s;
        string p = Prefix(phases[i]);
        var same = Enumerable.Range(0, phases.Count).Where(j => Prefix(phases[j]) == p).ToList();
        return same.Count == 1 ? p : p + (char)('a' + same.IndexOf(i));
    }

    /// <param name="path">PNG file to write.</param>
    /// <param name="data">Phases, categories and per-category shares per phase (each phase's shares sum to 1).</param>
    /// <param name="title">Chart title.</param>
    public static void Save(string path, (IReadOnlyList<string> Phases, IReadOnlyList<string> Categories, double[][] Shares) data, string title)
    {
        var (phases, categories, shares) = data;
        var order = Enumerable.Range(0, categories.Count).OrderByDescending(c => shares[c].Average()).ThenBy(c => c).ToList();
        var layers = new List<(string Name, double[] Values)>();
        foreach (int c in order.Take(MaxCategories))
            layers.Add((categories[c], shares[c]));
        if (order.Count > MaxCategories)
        {
            var other = new double[phases.Count];
            foreach (int c in order.Skip(MaxCategories))
                for (int p = 0; p < phases.Count; p++)
                    other[p] += shares[c][p];
            layers.Add(("other", other));
        }
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        double[] xs = Enumerable.Range(1, phases.Count).Select(i => (double)i).ToArray();
        var lower = new double[phases.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            var upper = lower.Zip(layers[l].Values, (a, b) => a + b * 100).ToArray();
            var coords = new List<Coordinates>();
            for (int p = 0; p < xs.Length; p++)
                coords.Add(new Coordinates(xs[p], upper[p]));
            for (int p = xs.Length - 1; p >= 0; p--)
                coords.Add(new Coordinates(xs[p], lower[p]));
            var poly = plot.Add.Polygon(coords.ToArray());
            poly.FillColor = palette.GetColor(l);
            poly.LineColor = palette.GetColor(l);
            poly.LegendText = layers[l].Name;
            lower = upper;
        }
        plot.Title(title);
        plot.XLabel("phase");
        plot.YLabel("share of phase tokens (%)");
        plot.Axes.SetLimits(1, Math.Max(2, phases.Count), 0, 100);
        plot.ShowLegend(Edge.Right);
        var ticks = xs.Select((x, i) => new Tick(x, ShortLabel(phases, i))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = path + ".tmp-" + Environment.ProcessId + ".png";
        plot.SavePng(temp, 1600, 800);
        File.Move(temp, path, overwrite: true);
    }
}
