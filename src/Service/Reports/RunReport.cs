using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;
using YuLanData.Service.Runs;

namespace YuLanData.Service.Reports;

/// <summary>
/// Writes <c>report.html</c> for a finished run with four PNG charts beside it: the stage funnel (documents kept
/// after each stage), drop reasons per stage, quarantine counts, and throughput per stage (from timings.json).
/// The page also lists every number the charts show, each cell tagged with <c>data-key</c> for machines.
/// </summary>
public static class RunReport
{
    public const string HtmlFile = "report.html";
    public const string FunnelPng = "report-funnel.png";
    public const string DropsPng = "report-drops.png";
    public const string QuarantinePng = "report-quarantine.png";
    public const string ThroughputPng = "report-throughput.png";

    private const int Width = 900;

    /// <summary>Writes the report of the finished run in <paramref name="runFolder"/> into <paramref name="outputDir"/>.</summary>
    /// <returns>The path of <c>report.html</c>.</returns>
    /// <exception cref="InvalidOperationException">The run has not finished (no stats.json).</exception>
    public static string Write(string runFolder, string outputDir)
    {
        var stats = RunStats.ReadFolder(runFolder)
            ?? throw new InvalidOperationException($"{runFolder} has no stats.json: the run has not finished (or it is not a run folder)");
        string name = ReadName(runFolder);
        Directory.CreateDirectory(outputDir);
        Funnel(stats).SavePng(Path.Combine(outputDir, FunnelPng), Width, HeightFor(stats.Stages.Count + 1));
        Drops(stats).SavePng(Path.Combine(outputDir, DropsPng), DropsWidth, DropsHeight(stats));
        var quarantine = QuarantineRows(stats);
        Quarantine(quarantine).SavePng(Path.Combine(outputDir, QuarantinePng), Width, HeightFor(quarantine.Count));
        Throughput(stats).SavePng(Path.Combine(outputDir, ThroughputPng), Width, HeightFor(stats.Stages.Count + 1));
        string html = Html(name, runFolder, stats, quarantine);
        string path = Path.Combine(outputDir, HtmlFile);
        File.WriteAllText(path, html, new UTF8Encoding(false));
        return path;
    }

    private static string ReadName(string runFolder)
    {
        string runJson = Path.Combine(runFolder, "run.json");
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(runJson))?["name"]?.GetValue<string>() ?? Path.GetFileName(runFolder);
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return Path.GetFileName(Path.TrimEndingDirectorySeparator(runFolder));
        }
    }

    private static int HeightFor(int bars) => 140 + Math.Max(1, bars) * 42;

    /// <summary>Quarantine counts by where they happened: reading (per kind), each stage, whole files (per kind).</summary>
    internal static List<KeyValuePair<string, long>> QuarantineRows(RunStats stats)
    {
        var rows = new List<KeyValuePair<string, long>>();
        rows.AddRange(stats.ReadQuarantined.Select(q => KeyValuePair.Create("read: " + q.Key, q.Value)));
        rows.AddRange(stats.Stages.Select(s => KeyValuePair.Create(s.Stage, s.Quarantined)));
        rows.AddRange(stats.FileErrors.Select(q => KeyValuePair.Create("file: " + q.Key, q.Value)));
        return rows;
    }

    private static Plot Funnel(RunStats stats)
    {
        var labels = new List<string> { "read" };
        var values = new List<double> { stats.Read };
        foreach (var s in stats.Stages)
        {
            labels.Add(s.Stage);
            values.Add(s.Out);
        }
        return HorizontalBars("Documents kept after each stage", "documents", labels, values, Colors.SteelBlue, v => v.ToString("N0", CultureInfo.InvariantCulture));
    }

    private static Plot Throughput(RunStats stats)
    {
        var labels = new List<string> { "whole task" };
        var values = new List<double> { stats.Seconds > 0 ? stats.Read / stats.Seconds : 0 };
        foreach (var s in stats.Stages)
        {
            labels.Add(s.Stage);
            values.Add(s.DocsPerSecond ?? 0);
        }
        return HorizontalBars("Throughput per stage (documents per second of stage time)", "documents / s", labels, values, Colors.SeaGreen, v => v.ToString("N0", CultureInfo.InvariantCulture));
    }

    private static Plot Quarantine(List<KeyValuePair<string, long>> rows)
    {
        var labels = rows.Count == 0 ? ["(nothing)"] : rows.Select(r => r.Key).ToList();
        var values = rows.Count == 0 ? [0d] : rows.Select(r => (double)r.Value).ToList();
        string title = values.Sum() == 0 ? "Quarantined records (none)" : "Quarantined records";
        var plot = HorizontalBars(title, "records", labels, values, Colors.DarkOrange, v => v.ToString("N0", CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        return plot;
    }

    /// <summary>The drop chart's width, as the others' (its legend takes room from the bars).</summary>
    internal const int DropsWidth = Width;

    /// <summary>Room for the stages' bars, and for one legend line per reason.</summary>
    internal static int DropsHeight(RunStats stats) =>
        Math.Max(HeightFor(stats.Stages.Count) + 60, 90 + 22 * stats.Stages.SelectMany(s => s.Dropped.Select(d => d.Key)).Distinct().Count());

    /// <summary>Stacked bars of drops per stage, one distinct colour per reason, the legend outside the data area (right).</summary>
    internal static Plot Drops(RunStats stats)
    {
        var plot = new Plot();
        var reasons = stats.Stages.SelectMany(s => s.Dropped.Select(d => d.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        Color ColourOf(int index) => Color.FromHex(ReasonPalette.Hex(index));
        var bars = new List<Bar>();
        int n = stats.Stages.Count;
        for (int i = 0; i < n; i++)
        {
            double position = n - 1 - i, bottom = 0;
            foreach (var (reason, count) in stats.Stages[i].Dropped)
            {
                bars.Add(new Bar
                {
                    Position = position,
                    ValueBase = bottom,
                    Value = bottom + count,
                    FillColor = ColourOf(reasons.IndexOf(reason)),
                    Orientation = Orientation.Horizontal,
                });
                bottom += count;
            }
        }
        if (bars.Count > 0)
            plot.Add.Bars(bars);
        foreach (var (reason, i) in reasons.Select((r, i) => (r, i)))
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = reason, FillColor = ColourOf(i) });
        if (reasons.Count > 0)
            plot.ShowLegend(Edge.Right);
        StageTicks(plot, stats.Stages.Select(s => s.Stage).ToList());
        plot.Title(reasons.Count == 0 ? "Dropped documents per stage (none dropped)" : "Dropped documents per stage, by reason");
        plot.XLabel("documents");
        plot.Axes.Margins(left: 0, right: 0.1);
        if (bars.Count == 0)
            plot.Axes.SetLimitsX(0, 1);
        plot.Axes.SetLimitsY(-0.6, Math.Max(0.6, n - 0.4));
        return plot;
    }

    private static Plot HorizontalBars(string title, string axis, List<string> labels, List<double> values, Color color, Func<double, string> format)
    {
        var plot = new Plot();
        int n = labels.Count;
        var bars = values.Select((v, i) => new Bar
        {
            Position = n - 1 - i,
            Value = v,
            FillColor = color,
            Label = format(v),
            Orientation = Orientation.Horizontal,
        }).ToList();
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 13;
        StageTicks(plot, labels);
        plot.Title(title);
        plot.XLabel(axis);
        plot.Axes.Margins(left: 0, right: 0.15);
        if (values.All(v => v <= 0))
            plot.Axes.SetLimitsX(0, 1);
        plot.Axes.SetLimitsY(-0.6, n - 0.4);
        return plot;
    }

    private static void StageTicks(Plot plot, List<string> labels)
    {
        int n = labels.Count;
        plot.Axes.Left.SetTicks(labels.Select((_, i) => (double)(n - 1 - i)).ToArray(), labels.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
    }

    private static string Html(string name, string runFolder, RunStats stats, List<KeyValuePair<string, long>> quarantine)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
        static string Cell(string key, long v) => $"<td data-key=\"{E(key)}\" data-value=\"{v.ToString(CultureInfo.InvariantCulture)}\">{N(v)}</td>";
        static string Rate(double? v) => v is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) : "–";
        var sb = new StringBuilder();
        sb.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{E(name)}: run report</title>
            <style>
            body {"{"} font-family: sans-serif; margin: 2em; color: #222; {"}"}
            table {"{"} border-collapse: collapse; margin: 1em 0; {"}"}
            td, th {"{"} border: 1px solid #ccc; padding: 4px 10px; text-align: right; {"}"}
            th:first-child, td:first-child {"{"} text-align: left; {"}"}
            img {"{"} max-width: 100%; display: block; margin: 1em 0; {"}"}
            </style></head><body>
            <h1>{E(name)}: run report</h1>
            <p>Run folder: <code>{E(Path.GetFullPath(runFolder))}</code>; {stats.Tasks} tasks.</p>
            <table><tr><th>documents</th><th>count</th></tr>
            <tr><td>read</td>{Cell("read", stats.Read)}</tr>
            <tr><td>kept</td>{Cell("kept", stats.Kept)}</tr>
            <tr><td>dropped</td>{Cell("dropped", stats.Dropped)}</tr>
            <tr><td>quarantined</td>{Cell("quarantined", stats.Quarantined)}</tr>
            </table>
            <h2>Stage funnel</h2>
            <img src="{FunnelPng}" alt="documents kept after each stage">
            <table><tr><th>stage</th><th>in</th><th>kept</th><th>dropped</th><th>quarantined</th><th>drop reasons</th><th>seconds</th><th>docs/s</th></tr>

            """);
        foreach (var s in stats.Stages)
        {
            string reasons = string.Join(", ", s.Dropped.Select(d => $"<span data-key=\"{E(s.Stage)}/dropped/{E(d.Key)}\" data-value=\"{d.Value.ToString(CultureInfo.InvariantCulture)}\">{E(d.Key)} {N(d.Value)}</span>"));
            sb.Append($"<tr><td>{E(s.Stage)}</td>{Cell(s.Stage + "/in", s.In)}{Cell(s.Stage + "/kept", s.Out)}{Cell(s.Stage + "/dropped", s.Dropped.Sum(d => d.Value))}{Cell(s.Stage + "/quarantined", s.Quarantined)}<td>{reasons}</td><td>{s.Seconds.ToString("F2", CultureInfo.InvariantCulture)}</td><td>{Rate(s.DocsPerSecond)}</td></tr>\n");
        }
        sb.Append($"""
            </table>
            <h2>Drop reasons per stage</h2>
            <img src="{DropsPng}" alt="dropped documents per stage by reason">
            <h2>Quarantine</h2>
            <img src="{QuarantinePng}" alt="quarantined records">
            <table><tr><th>where</th><th>records</th></tr>

            """);
        foreach (var (where, count) in quarantine)
            sb.Append($"<tr><td>{E(where)}</td>{Cell("quarantine/" + where, count)}</tr>\n");
        sb.Append($"""
            </table>
            <h2>Throughput per stage</h2>
            <img src="{ThroughputPng}" alt="throughput per stage">
            <p>Stage time is summed over tasks (so over workers); the whole task includes reading and writing: {stats.Seconds.ToString("F2", CultureInfo.InvariantCulture)} s in all.</p>
            </body></html>

            """);
        return sb.ToString();
    }
}
