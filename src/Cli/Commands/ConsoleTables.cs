using System.Globalization;
using Spectre.Console;
using YuLanData.Jobs.Execution;

namespace YuLanData.Cli.Commands;

/// <summary>Renders run stats as a Spectre.Console table (terminal) or aligned plain text (pipes, logs).</summary>
internal static class ConsoleTables
{
    public static Table StageTable(TaskStats stats, string? title = null)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (title != null)
            table.Title(title);
        table.AddColumns("stage", "in", "out", "dropped", "quarantined", "top reasons", "seconds");
        table.AddRow("read", N(stats.Read), N(stats.Read - stats.ReadQuarantined.Values.Sum()), "", N(stats.ReadQuarantined.Values.Sum()),
            Markup.Escape(Reasons(stats.ReadQuarantined)), "");
        foreach (var s in stats.Stages)
            table.AddRow(Markup.Escape(s.Stage), N(s.In), N(s.Out), N(s.DroppedTotal), N(s.Quarantined), Markup.Escape(Reasons(s.Dropped)),
                s.Seconds.ToString("F2", CultureInfo.InvariantCulture));
        table.AddRow("[bold]kept[/]", "", N(stats.Kept), "", "", "", "");
        return table;
    }

    public static void WritePlain(TextWriter w, TaskStats stats)
    {
        w.WriteLine($"{"stage",-28} {"in",12} {"out",12} {"dropped",10} {"quarantined",11}  reasons");
        w.WriteLine($"{"read",-28} {stats.Read,12} {stats.Read - stats.ReadQuarantined.Values.Sum(),12} {"",10} {stats.ReadQuarantined.Values.Sum(),11}  {Reasons(stats.ReadQuarantined)}");
        foreach (var s in stats.Stages)
            w.WriteLine($"{s.Stage,-28} {s.In,12} {s.Out,12} {s.DroppedTotal,10} {s.Quarantined,11}  {Reasons(s.Dropped)}");
        w.WriteLine($"{"kept",-28} {"",12} {stats.Kept,12}");
    }

    public static string Reasons(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(4).Select(kv => $"{kv.Key}={kv.Value}"));

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
