using System.CommandLine;
using System.Globalization;
using YuLanData.Filters.Dedup;
using YuLanData.Jobs.IO;
using YuLanData.Jobs.Pipelines;
using YuLanData.Jobs.Dedup;

namespace YuLanData.Cli.Commands;

/// <summary>
/// <c>dedup minhash|exact --input GLOB... --output DIR [--workers N] [options]</c>: runs dedup stages 1-3 and prints
/// the clusters found and the documents to drop; the <c>minhash_dedup_filter</c> / <c>exact_dedup_filter</c>
/// pipeline stages then drop them.
/// </summary>
public static class DedupCommand
{
    public static Command Create()
    {
        var command = new Command("dedup", "Find duplicate documents across all inputs (stages 1-3); drop them with the minhash_dedup_filter / exact_dedup_filter stage.");
        command.Subcommands.Add(CreateMinHash());
        command.Subcommands.Add(CreateExact());
        return command;
    }

    private sealed record Common(
        Option<string[]> Input, Option<string> Output, Option<int> Workers, Option<string?> Keep, Option<string?> PriorityField,
        Option<string> TextField, Option<string> IdField, Option<long> SplitMb, Option<string?> Reference, Option<int> MaxBuffered,
        Option<string> Executor, Option<string?> Partition, Option<string?> Memory, Option<string?> Time, Option<int> MaxConcurrent,
        Option<bool> Wait, Option<string?> Unit)
    {
        /// <summary>Options that choose how the run is executed; they are not repeated in the per-unit command lines.</summary>
        public Option[] ExecutionOptions => [Workers, Executor, Partition, Memory, Time, MaxConcurrent, Wait, Unit];
    }

    private static Common AddCommon(Command command)
    {
        var c = new Common(
            new Option<string[]>("--input", "-i") { Description = "Input files or globs (JSONL, JSONL.gz/.zst, Parquet); their order decides 'first'.", Required = true, AllowMultipleArgumentsPerToken = true },
            new Option<string>("--output", "-o") { Description = "The dedup folder (rerunning into it resumes).", Required = true },
            new Option<int>("--workers", "-w") { Description = "Tasks/bands processed in parallel (default: CPU cores); results do not depend on it.", DefaultValueFactory = _ => Environment.ProcessorCount },
            new Option<string?>("--keep") { Description = "Which copy survives: quality (largest --priority-field if given, then cleanest text, then input order; the default except for --clustering datatrove), first (input order), longest (text length), field (largest --priority-field); ties go to the first." },
            new Option<string?>("--priority-field") { Description = "Numeric metadata field for --keep field or quality (documents without it rank last)." },
            new Option<string>("--text-field") { Description = "Field holding the text.", DefaultValueFactory = _ => "text" },
            new Option<string>("--id-field") { Description = "Field holding the document id (absent: {file}/{line}).", DefaultValueFactory = _ => "id" },
            new Option<long>("--split-mb") { Description = "Split plain JSONL/Parquet files above this many MB into several tasks (as `run` does).", DefaultValueFactory = _ => YuLanData.Jobs.Pipelines.PipelineConfig.DefaultSplitBytes >> 20 },
            new Option<string?>("--reference") { Description = "An earlier dedup folder (same parameters): its documents are kept, new documents matching them are dropped." },
            new Option<int>("--max-buffered-entries") { Description = "Stage 1 memory bound per task: (key, document) entries held before sorted runs spill to disk (24 bytes each).", DefaultValueFactory = _ => 4 << 20 },
            new Option<string>("--executor") { Description = "local (default) or slurm: stage 1 and 2 as job arrays, stage 3 as a job, chained with afterok.", DefaultValueFactory = _ => "local" },
            new Option<string?>("--partition") { Description = "Slurm: partition." },
            new Option<string?>("--mem") { Description = "Slurm: memory per job (e.g. 4G)." },
            new Option<string?>("--time") { Description = "Slurm: time limit per job." },
            new Option<int>("--max-concurrent") { Description = "Slurm: most array tasks running at once (0: no limit)." },
            new Option<bool>("--wait") { Description = "Slurm: wait for stage 3 and print the result." },
            new Option<string?>("--run-unit") { Description = "Run one unit of a prepared run: STAGE:INDEX (what Slurm jobs run; not --unit, which minhash uses for the shingle unit).", Hidden = true });
        c.Executor.AcceptOnlyFromAmong("local", "slurm");
        foreach (var o in new Option[] { c.Input, c.Output, c.Workers, c.Keep, c.PriorityField, c.TextField, c.IdField, c.SplitMb, c.Reference, c.MaxBuffered,
                     c.Executor, c.Partition, c.Memory, c.Time, c.MaxConcurrent, c.Wait, c.Unit })
            command.Options.Add(o);
        return c;
    }

    private static Command CreateMinHash()
    {
        var command = new Command("minhash", "MinHash-LSH near-duplicate detection (datatrove defaults: word 5-grams, 14 bands x 8 rows).");
        var c = AddCommon(command);
        var ngram = new Option<int>("--ngram") { Description = "Shingle length (words; characters with --unit char; words and CJK characters with --unit cjk_char).", DefaultValueFactory = _ => 5 };
        var bands = new Option<int>("--bands") { Description = "LSH bands.", DefaultValueFactory = _ => 14 };
        var rows = new Option<int>("--rows") { Description = "Hashes per band.", DefaultValueFactory = _ => 8 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the hash permutations.", DefaultValueFactory = _ => 1 };
        var unit = new Option<string>("--unit") { Description = "word (text), char (code) or cjk_char (Chinese/Japanese: each CJK character a unit, other words as words).", DefaultValueFactory = _ => "word" };
        var raw = new Option<bool>("--no-normalize") { Description = "Do not simplify text before shingling (only collapse whitespace)." };
        var verify = new Option<double?>("--verify-jaccard") { Description = "Keep only candidate pairs whose exact shingle Jaccard is at least this (default 0.8 with center clustering, 0 = off with datatrove's; stage 1 then stores shingle fingerprints)." };
        var clustering = new Option<string>("--clustering") { Description = "center (star clustering on verified edges: every removed document is within --verify-jaccard of a kept one) or datatrove (union-find over unverified candidate pairs, keep first: datatrove's decisions).", DefaultValueFactory = _ => "center" };
        var scheme = new Option<string>("--hash-scheme") { Description = "fast (XXH3 shingles) or datatrove (SHA-1 shingles and NumPy-drawn parameters: signatures equal datatrove's).", DefaultValueFactory = _ => "fast" };
        var storedShingles = new Option<int>("--stored-shingles") { Description = "Verification: shingle fingerprints stored per document, its smallest (a bottom-k sketch; longer documents' Jaccard is estimated, error ~0.025 at 0.8 for 256); 0: all, exact.", DefaultValueFactory = _ => 256 };
        foreach (var o in new Option[] { ngram, bands, rows, seed, unit, raw, verify, clustering, storedShingles, scheme })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var mode = ParseEnum<DedupClustering>(parse.GetValue(clustering)!, "--clustering");
            var settings = Settings(parse, c, mode == DedupClustering.Datatrove ? SurvivorRule.First : SurvivorRule.Quality) with
            {
                Mode = DedupMode.MinHash,
                Clustering = mode,
                VerifyJaccard = parse.GetValue(verify),
                StoredShingles = parse.GetValue(storedShingles),
                MinHash = new MinHashParameters
                {
                    NGram = parse.GetValue(ngram),
                    Bands = parse.GetValue(bands),
                    Rows = parse.GetValue(rows),
                    Seed = parse.GetValue(seed),
                    Unit = ParseEnum<ShingleUnit>(parse.GetValue(unit)!, "--unit"),
                    Normalize = !parse.GetValue(raw),
                    Scheme = ParseEnum<HashScheme>(parse.GetValue(scheme)!, "--hash-scheme"),
                },
            };
            return Execute(settings, parse, c, command);
        });
        return command;
    }

    private static Command CreateExact()
    {
        var command = new Command("exact", "Exact dedup on a content hash (XXH3-128) or a normalized URL.");
        var c = AddCommon(command);
        var key = new Option<string>("--key") { Description = "normalized_text (datatrove simplify_text), text (as is), field (--field's value) or url (--field, default url, normalized).", DefaultValueFactory = _ => "normalized_text" };
        var field = new Option<string?>("--field") { Description = "Metadata field for --key field/url." };
        var stripWww = new Option<bool>("--strip-www") { Description = "URL key: treat www.host and host as the same." };
        var byId = new Option<bool>("--by-id") { Description = "Name dropped documents by id alone (before 2026-12): a duplicate sharing its id with a survivor is kept. Default: by id and content, so duplicates are dropped whatever their ids." };
        foreach (var o in new Option[] { key, field, stripWww, byId })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var settings = Settings(parse, c, SurvivorRule.Quality) with
            {
                Mode = DedupMode.Exact,
                ExactKey = ParseEnum<ExactKeyKind>(parse.GetValue(key)!, "--key"),
                KeyField = parse.GetValue(field),
                StripWww = parse.GetValue(stripWww),
                ByContent = !parse.GetValue(byId),
            };
            return Execute(settings, parse, c, command);
        });
        return command;
    }

    private static DedupSettings Settings(ParseResult parse, Common c, SurvivorRule defaultKeep) => new()
    {
        Keep = parse.GetValue(c.Keep) is { } keep ? ParseEnum<SurvivorRule>(keep, "--keep") : defaultKeep,
        PriorityField = parse.GetValue(c.PriorityField),
        Reader = new ReaderOptions { TextField = parse.GetValue(c.TextField)!, IdField = parse.GetValue(c.IdField)! },
        SplitBytes = parse.GetValue(c.SplitMb) << 20,
        Reference = parse.GetValue(c.Reference),
        MaxBufferedEntries = parse.GetValue(c.MaxBuffered),
    };

    private static int Execute(DedupSettings settings, ParseResult parse, Common c, Command command)
    {
        var patterns = parse.GetValue(c.Input)!;
        var files = patterns.SelectMany(p =>
        {
            var matched = Glob.Expand(p);
            return matched.Count > 0 ? matched : throw new ArgumentException($"--input {p}: no file matches");
        }).Distinct().ToList();
        foreach (var f in files)
            if (FileFormats.FromPath(f) == null)
                throw new ArgumentException($"{f}: unsupported file type (supported: {FileFormats.SupportedList})");
        int workers = parse.GetValue(c.Workers);
        try
        {
            var runner = new DedupRunner(settings, files, parse.GetValue(c.Output)!, workers);
            if (parse.GetValue(c.Unit) is { } unit)
            {
                var parts = unit.Split(':');
                if (parts.Length != 2 || !int.TryParse(parts[0], out int stage) || !int.TryParse(parts[1], out int index))
                    throw new ArgumentException($"--run-unit {unit}: expected STAGE:INDEX");
                runner.RunUnit(stage, index);
                Console.WriteLine($"dedup unit {stage}:{index} done");
                return ExitCodes.Ok;
            }
            if (parse.GetValue(c.Executor) == "slurm")
                return ExecuteSlurm(runner, parse, c, command);
            Console.Error.WriteLine($"dedup {settings.Mode.ToString().ToLowerInvariant()}: {files.Count} files, {runner.Plan.Count} tasks, {workers} workers -> {runner.Folder.Root}");
            Console.Error.WriteLine($"parameters: {settings.SignatureParameters}");
            var s = runner.Run();
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"documents: {s.Documents} ({s.DocumentsWithoutKey} without a key, never deduplicated{(s.UnreadableRecords > 0 ? $"; {s.UnreadableRecords} unreadable records skipped" : "")})"));
            if (s.VerifiedPairs > 0)
                Console.WriteLine(string.Create(inv, $"verified {s.VerifiedPairs} distinct candidate pairs by exact Jaccard: {s.RejectedPairs} below {settings.EffectiveVerifyJaccard} rejected"));
            Console.WriteLine(string.Create(inv, $"pairs: {s.Pairs}; clusters: {s.Clusters} ({s.DocumentsInClusters} documents{(s.ReferenceClusters > 0 ? $", {s.ReferenceClusters} matching the reference" : "")})"));
            Console.WriteLine(string.Create(inv, $"documents to drop: {s.DocumentsToDrop} ({100.0 * s.DocumentsToDrop / Math.Max(1, s.Documents):F2}%){(s.KeptForSharedId > 0 ? $"; kept because a survivor has the same id: {s.KeptForSharedId}" : "")}"));
            if (s.DroppedWithSharedId > 0)
                Console.WriteLine(string.Create(inv, $"warning: {s.DroppedWithSharedId} of them have the same id as the document kept for them (duplicate ids in the input)"));
            if (File.Exists(runner.Folder.NearestSurvivor))
                Console.WriteLine(System.Text.Json.JsonSerializer.Deserialize<NearestSurvivorReport>(File.ReadAllText(runner.Folder.NearestSurvivor), JsonOutput.Indented));
            Console.WriteLine(string.Create(inv, $"time: stage 1 {s.Stage1Seconds:F1} s ({runner.UnitsRun[0]} tasks run), stage 2 {s.Stage2Seconds:F1} s ({runner.UnitsRun[1]} bands run), stage 3 {s.Stage3Seconds:F1} s"));
            Console.WriteLine($"drop them with stage {(settings.Mode == DedupMode.MinHash ? "minhash_dedup_filter" : "exact_dedup_filter")} {{folder: {runner.Folder.Root}}}");
            return ExitCodes.Ok;
        }
        catch (DedupFormatException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return ExitCodes.Failed;
        }
    }

    private static int ExecuteSlurm(DedupRunner runner, ParseResult parse, Common c, Command command)
    {
        // The per-unit command line: this command with every option the user gave, except the execution ones; paths
        // stay as written because the jobs run in this working directory (the plan records them as written).
        var words = new List<string> { "dedup", command.Name };
        foreach (var option in command.Options.Except(c.ExecutionOptions))
        {
            if (parse.GetResult(option) is not { Implicit: false } result)
                continue;
            if (option is Option<string[]>)
            {
                foreach (var token in result.Tokens)
                    words.AddRange([option.Name, token.Value]);
                continue;
            }
            words.Add(option.Name);
            foreach (var token in result.Tokens)
                words.Add(token.Value);
        }
        var jobs = runner.SubmitToSlurm(new Jobs.Execution.SlurmOptions
        {
            Partition = parse.GetValue(c.Partition),
            Memory = parse.GetValue(c.Memory),
            Time = parse.GetValue(c.Time),
            MaxConcurrent = parse.GetValue(c.MaxConcurrent),
        }, words, Environment.CurrentDirectory);
        Console.Error.WriteLine($"dedup submitted to Slurm: jobs {string.Join(", ", jobs)}; logs in {Path.Combine(runner.Folder.Root, "slurm", "logs")}");
        if (!parse.GetValue(c.Wait))
            return ExitCodes.Ok;
        if (!Jobs.Execution.SlurmJobSubmitter.WaitForJobs(jobs, TimeSpan.FromHours(24)) || !File.Exists(runner.Folder.Summary))
        {
            Console.Error.WriteLine($"dedup did not finish on Slurm; see {Path.Combine(runner.Folder.Root, "slurm", "logs")} and rerun to resume");
            return ExitCodes.Failed;
        }
        var s = DedupRunner.ReadSummary(runner.Folder.Summary);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"documents: {s.Documents}; pairs: {s.Pairs}; clusters: {s.Clusters}; documents to drop: {s.DocumentsToDrop}"));
        return ExitCodes.Ok;
    }

    private static T ParseEnum<T>(string value, string option) where T : struct, Enum
    {
        string compact = value.Replace("_", "").Replace("-", "");
        if (Enum.TryParse<T>(compact, ignoreCase: true, out var result) && !int.TryParse(compact, out _))
            return result;
        throw new ArgumentException($"{option} {value}: expected one of {string.Join(", ", Enum.GetNames<T>().Select(n => string.Concat(n.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()))))}");
    }
}
