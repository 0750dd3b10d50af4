using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Execution;

/// <summary>
/// Runs a prepared pipeline on Slurm: its one unit set, the unfinished tasks, goes to <see cref="SlurmJobSubmitter"/> as
/// job arrays (one array task per pipeline task, each running <c>yulandata run-task</c>), followed by a <c>merge-stats</c> job chained with <c>afterok</c>.
/// Array tasks write the same files as local tasks (shared storage assumed), so output and stats are
/// byte-identical to the local executor. Each submission is recorded in <c>slurm/submissions.jsonl</c>.
/// </summary>
public sealed class SlurmExecutor
{
    private readonly RunFolder _folder;
    private readonly SlurmOptions _options;

    public SlurmExecutor(RunFolder folder, SlurmOptions options)
    {
        _folder = folder;
        _options = options;
    }

    /// <summary>The command that runs the <c>yulandata</c> CLI: this process's apphost, or <c>dotnet exec</c> with the CLI's dll.</summary>
    public static string SelfCommand()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        // The CLI is deployed next to the engine library; under a test host the entry assembly is not the CLI.
        string dll = Path.Combine(Path.GetDirectoryName(typeof(SlurmExecutor).Assembly.Location)!, "yulandata.dll");
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? $"{Quote(process)} exec {Quote(dll)}" : Quote(process);
    }

    /// <summary>Submits every unfinished task plus the merge job; returns the job ids (arrays first, merge last).</summary>
    /// <param name="pipelineFile">The pipeline file the array tasks load (resolved against <paramref name="workDir"/>).</param>
    /// <param name="workDir">The working directory of the array tasks (relative input globs resolve against it).</param>
    /// <param name="skip">Tasks not to submit (already queued or running).</param>
    public IReadOnlyList<string> Submit(string pipelineFile, string workDir, IReadOnlySet<int>? skip = null)
    {
        string root = Path.GetFullPath(_folder.Root);
        string self = SelfCommand();
        string pipeline = Path.GetFullPath(pipelineFile, workDir);
        Directory.CreateDirectory(_folder.SlurmDir);
        AtomicFile.WriteAllText(Path.Combine(_folder.SlurmDir, "options.json"), System.Text.Json.JsonSerializer.Serialize(_options, JsonOutput.Indented));
        var submitter = new SlurmJobSubmitter(_folder.SlurmDir, _options);
        var (_, pending, jobs) = submitter.Submit(PipelineJob.Of(_folder, _folder.TaskCount()), _ => new SlurmJobSubmitter.ArrayCommand("task.sh",
            $"{self} run-task {Quote(pipeline)} --output {Quote(root)} --task \"$SLURM_ARRAY_TASK_ID\"", "yulandata-tasks", "task-%a.out", skip), workDir)[0];
        var mergeArgs = new List<string> { "--parsable", "--job-name", "yulandata-merge", "--chdir", workDir, "--kill-on-invalid-dep=yes",
            "--output", Path.Combine(root, "slurm", "logs", "merge-%j.out") };
        if (jobs.Count > 0)
            mergeArgs.Add("--dependency=afterok:" + string.Join(":", jobs));
        if (_options.Partition != null)
            mergeArgs.AddRange(["--partition", _options.Partition]);
        mergeArgs.AddRange(["--wrap", $"exec {self} merge-stats {Quote(root)}"]);
        string merge = Sbatch(mergeArgs);

        var record = new JsonObject
        {
            ["submitted_at"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["pipeline"] = pipeline,
            ["workdir"] = workDir,
            ["array_jobs"] = new JsonArray(jobs.Select(j => (JsonNode)j).ToArray()),
            ["merge_job"] = merge,
            ["tasks"] = new JsonArray(pending.Select(i => (JsonNode)i).ToArray()),
        };
        File.AppendAllText(Path.Combine(_folder.SlurmDir, "submissions.jsonl"), record.ToJsonString(JsonOutput.Compact) + "\n");
        return [.. jobs, merge];
    }

    /// <summary>Compresses sorted task indices into sbatch's array syntax: <c>0-4,7,9-10</c>.</summary>
    public static string ArraySpec(IReadOnlyList<int> sorted)
    {
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
                j++;
            parts.Add(i == j ? sorted[i].ToString(CultureInfo.InvariantCulture) : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }

    /// <summary>This run's jobs in the queue with their state (PD, R, CG...), keyed by <c>jobid</c> or <c>arrayjobid_task</c>.</summary>
    public IReadOnlyDictionary<string, string> QueueStates()
    {
        var ids = SubmittedJobs().ToHashSet(StringComparer.Ordinal);
        return ids.Count == 0 ? new Dictionary<string, string>() : Queue(ids);
    }

    /// <summary>
    /// The queue's jobs (array tasks one by one) whose job id is in <paramref name="jobIds"/>. The whole queue is read and
    /// filtered here, because <c>squeue -j</c> fails outright once one of the ids has been purged; a failing
    /// <c>squeue</c> (a busy controller) is retried, then reported, never taken for an empty queue.
    /// </summary>
    public static Dictionary<string, string> Queue(IReadOnlySet<string> jobIds)
    {
        for (int attempt = 1; ; attempt++)
        {
            var (rc, stdout, stderr) = RunTool("squeue", ["-h", "-r", "-o", "%i %t"]);
            if (rc == 0)
            {
                var states = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var parts = line.Split(' ', 2);
                    if (parts.Length == 2 && jobIds.Contains(parts[0].Split('_')[0]))
                        states[parts[0]] = parts[1];
                }
                return states;
            }
            if (attempt == 5)
                throw new InvalidOperationException($"squeue failed {attempt} times: {stderr.Trim()}");
            Thread.Sleep(1000 * attempt);
        }
    }

    /// <summary>Every job id recorded in <c>slurm/submissions.jsonl</c>.</summary>
    public IReadOnlyList<string> SubmittedJobs()
    {
        string path = Path.Combine(_folder.SlurmDir, "submissions.jsonl");
        if (!File.Exists(path))
            return [];
        var ids = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            if (JsonNode.Parse(line) is not JsonObject o || o["array_jobs"] is not JsonArray || o["merge_job"] is null)
                continue; // not a pipeline-run submission (e.g. a dedup folder's)
            ids.AddRange(o["array_jobs"]!.AsArray().Select(n => n!.GetValue<string>()));
            ids.Add(o["merge_job"]!.GetValue<string>());
        }
        return ids;
    }

    /// <summary>The Slurm options of the latest submission into <paramref name="folder"/> (defaults when none).</summary>
    public static SlurmOptions SavedOptions(RunFolder folder)
    {
        string path = Path.Combine(folder.SlurmDir, "options.json");
        return File.Exists(path)
            ? System.Text.Json.JsonSerializer.Deserialize<SlurmOptions>(File.ReadAllText(path), JsonOutput.Indented) ?? new SlurmOptions()
            : new SlurmOptions();
    }

    /// <summary>The pipeline file and working directory of the latest submission.</summary>
    public (string Pipeline, string WorkDir)? LastSubmission()
    {
        string path = Path.Combine(_folder.SlurmDir, "submissions.jsonl");
        if (!File.Exists(path))
            return null;
        var last = File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!).LastOrDefault();
        return last == null ? null : (last["pipeline"]!.GetValue<string>(), last["workdir"]!.GetValue<string>());
    }

    /// <summary>Array-task ids (<c>job_task</c>) of a pipeline task in the queue, latest submission last.</summary>
    public static string? QueueKeyOfTask(IReadOnlyDictionary<string, string> states, int task) =>
        states.Keys.LastOrDefault(k => k.EndsWith("_" + task.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

    internal static string Sbatch(List<string> args)
    {
        var (rc, stdout, stderr) = RunTool("sbatch", args);
        if (rc != 0)
            throw new InvalidOperationException($"sbatch failed ({rc}): {stderr.Trim()}");
        return stdout.Trim().Split(';')[0];
    }

    internal static (int Rc, string Stdout, string Stderr) RunTool(string tool, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output, err.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not available: {e.Message} (is Slurm installed and SLURM_CONF set?)");
        }
    }

    internal static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
