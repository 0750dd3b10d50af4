using System.Text.Json;

namespace YuLanData.Service.Runs;

/// <summary>
/// The service's state folder: <c>runs/{id}/run.json</c> per run (rewritten atomically at every change of state),
/// <c>runs/{id}/pipeline.yaml</c> for runs submitted as a YAML body, and the access token.
/// </summary>
public sealed class RunStore
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private readonly object _gate = new();
    private int _lastNumber;

    /// <param name="folder">The state folder (created if missing).</param>
    public RunStore(string folder)
    {
        Folder = folder;
        Directory.CreateDirectory(RunsDir);
        _lastNumber = Directory.EnumerateDirectories(RunsDir)
            .Select(d => Path.GetFileName(d))
            .Where(n => n.Length > 1 && n[0] == 'r' && int.TryParse(n.AsSpan(1), out _))
            .Select(n => int.Parse(n.AsSpan(1)))
            .DefaultIfEmpty(0).Max();
    }

    public string Folder { get; }

    public string RunsDir => Path.Combine(Folder, "runs");

    public string TokenFile => Path.Combine(Folder, "token");

    /// <summary>Reserves a new run id and creates its folder.</summary>
    public string NewId()
    {
        lock (_gate)
        {
            string id = $"r{++_lastNumber:D5}";
            Directory.CreateDirectory(RunDir(id));
            return id;
        }
    }

    public string RunDir(string id) => Path.Combine(RunsDir, id);

    /// <summary>Where a submitted YAML body is kept.</summary>
    public string SubmittedPipeline(string id) => Path.Combine(RunDir(id), "pipeline.yaml");

    /// <summary>A fresh file for a YAML body that is only validated (<c>POST /api/validate</c>); the caller deletes it.</summary>
    public string ValidationPipeline()
    {
        string folder = Path.Combine(Folder, "validate");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N") + ".yaml");
    }

    public void Save(RunRecord record)
    {
        string path = Path.Combine(RunDir(record.Id), "run.json");
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, record, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Deletes a run's state folder (its record and submitted YAML); the run folder is not touched.</summary>
    public void Delete(string id)
    {
        string dir = RunDir(id);
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }

    /// <summary>Every saved run in id order; a run folder without a readable record (a crash during submission) is skipped.</summary>
    public IReadOnlyList<RunRecord> LoadAll()
    {
        var records = new List<RunRecord>();
        foreach (var dir in Directory.EnumerateDirectories(RunsDir).Order(StringComparer.Ordinal))
        {
            string path = Path.Combine(dir, "run.json");
            if (!File.Exists(path))
                continue;
            try
            {
                if (JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), Json) is { } r)
                    records.Add(r);
            }
            catch (JsonException)
            {
            }
        }
        return records;
    }
}
