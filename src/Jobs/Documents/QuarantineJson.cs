using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Documents;

/// <summary>The JSON line written to <c>quarantine/</c> for each quarantine record.</summary>
public static class QuarantineJson
{
    public static string Serialize(QuarantineRecord q)
    {
        var obj = new JsonObject
        {
            ["file"] = q.Location.File,
            ["line"] = q.Location.Line,
            ["row"] = q.Location.Row,
            ["kind"] = q.Kind,
            ["error"] = q.Error,
            ["file_level"] = q.IsFileLevel,
        };
        if (q.Stage != null)
            obj["stage"] = q.Stage;
        if (q.Excerpt != null)
            obj["excerpt"] = q.Excerpt;
        if (q.ByteStart != null)
        {
            obj["byte_start"] = q.ByteStart;
            obj["byte_end"] = q.ByteEnd;
        }
        if (q.RecordsLost != null)
            obj["records_lost"] = q.RecordsLost;
        return obj.ToJsonString(JsonOutput.Compact);
    }
}
