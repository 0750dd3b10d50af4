using System.Text.Json.Nodes;

namespace YuLanData.Jobs.Mixing;

/// <summary>Reads a <c>mix_report.json</c> written by a mix run back into a <see cref="MixReport"/>.</summary>
public static class MixReportJson
{
    public static MixReport Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty report");
        var phases = new List<string>();
        var rows = new List<MixReportRow>();
        var padding = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var p in root["phases"]!.AsArray())
        {
            string name = p!["name"]!.GetValue<string>();
            phases.Add(name);
            padding[name] = p["padding"]!.GetValue<long>();
            foreach (var s in p["sources"]!.AsArray())
                rows.Add(new MixReportRow(name, s!["source"]!.GetValue<string>(), s["target"]!.GetValue<long>(), s["actual"]!.GetValue<long>(),
                    s["documents"]!.GetValue<long>(), s["unique_documents"]!.GetValue<long>(), s["epochs"]!.GetValue<int>(), s["reason"]?.GetValue<string>()));
        }
        return new MixReport(phases, rows, padding);
    }
}
