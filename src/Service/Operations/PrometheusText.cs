using System.Globalization;
using System.Text;
using YuLanData.Service.Runs;

namespace YuLanData.Service.Operations;

/// <summary>
/// The service's numbers in the Prometheus text exposition format (version 0.0.4), computed from the run queue at
/// each scrape. Written here rather than with prometheus-net: every value is a gauge read from the queue's current
/// state (nothing is counted between scrapes), so a process-wide metrics registry would only add a copy to keep in step.
/// </summary>
public static class PrometheusText
{
    /// <summary>The media type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Writes the metrics of <paramref name="runs"/>.</summary>
    /// <param name="runs">The status of every run the service knows.</param>
    public static string Write(IReadOnlyList<RunView> runs)
    {
        var text = new StringBuilder();
        Family(text, "yulandata_runs", "Runs the service knows, by state.");
        foreach (var state in Enum.GetValues<RunState>())
            Sample(text, "yulandata_runs", runs.Count(r => r.State == state), ("state", state.ToString().ToLowerInvariant()));
        Family(text, "yulandata_queue_length", "Runs waiting to start.");
        Sample(text, "yulandata_queue_length", runs.Count(r => r.State == RunState.Queued));

        var running = runs.Where(r => r.State == RunState.Running).ToArray();
        Family(text, "yulandata_documents_per_second", "Documents read per second, summed over running runs.");
        Sample(text, "yulandata_documents_per_second", running.Sum(r => r.DocsPerSecond ?? 0));
        Family(text, "yulandata_run_documents_per_second", "Documents read per second by each running run.");
        foreach (var r in running)
            Sample(text, "yulandata_run_documents_per_second", r.DocsPerSecond ?? 0, ("run", r.Id), ("name", r.Name));

        Family(text, "yulandata_documents", "Documents of the runs the service knows, by outcome (read = kept + dropped + quarantined).");
        Sample(text, "yulandata_documents", runs.Sum(r => r.Read), ("outcome", "read"));
        Sample(text, "yulandata_documents", runs.Sum(r => r.Kept), ("outcome", "kept"));
        Sample(text, "yulandata_documents", runs.Sum(r => r.Dropped), ("outcome", "dropped"));
        Sample(text, "yulandata_documents", runs.Sum(r => r.Quarantined), ("outcome", "quarantined"));

        Family(text, "yulandata_dropped_documents", "Documents dropped by the runs the service knows, by stage and reason.");
        var drops = new SortedDictionary<(string Stage, string Reason), long>();
        foreach (var stage in runs.SelectMany(r => r.Stages))
            foreach (var (reason, count) in stage.Dropped)
                drops[(stage.Stage, reason)] = drops.GetValueOrDefault((stage.Stage, reason)) + count;
        foreach (var ((stage, reason), count) in drops)
            Sample(text, "yulandata_dropped_documents", count, ("stage", stage), ("reason", reason));
        return text.ToString();
    }

    private static void Family(StringBuilder text, string name, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\").Replace("\n", "\\n"))
            .Append("\n# TYPE ").Append(name).Append(" gauge\n");

    private static void Sample(StringBuilder text, string name, double value, params (string Name, string Value)[] labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                    text.Append(',');
                text.Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }
            text.Append('}');
        }
        text.Append(' ').Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "NaN").Append('\n');
    }

    /// <summary>Label values escape backslash, double quote and line feed (the only characters the format reserves there).</summary>
    internal static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
