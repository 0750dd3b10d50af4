using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YuLanData.Filters.Dedup;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.Execution;
using YuLanData.Jobs.IO;

namespace YuLanData.Jobs.Dedup;

/// <summary>
/// Runs dedup stages 1-3 over a set of input files into a <see cref="DedupFolder"/>:
/// (1) per task (the same split as <c>run</c>): a docs file and one sorted bucket file per band;
/// (2) per band: a k-way merge of all tasks' bucket files into pairs;
/// (3) once: MinHash pairs verified by exact Jaccard of the shingle fingerprints stage 1 stored, then star clustering
/// on the verified edges in quality order (or datatrove's union-find), one survivor per cluster, the drop list.
/// The stages are the three unit sets of a <see cref="UnitJob"/>, run by <see cref="LocalUnitExecutor"/> (in parallel
/// over tasks and bands) or submitted by <see cref="SlurmJobSubmitter"/>; every output is fixed by the plan, not by
/// the worker count, so results are byte-identical for any number of workers. Finished units are reused on rerun.
/// </summary>
public sealed class DedupRunner
{
    private readonly DedupSettings _settings;
    private readonly IReadOnlyList<string> _inputs;
    private readonly int _workers;
    private readonly string _parameters;
    private readonly MinHasher? _hasher;
    private DedupSummary? _lastSummary;
    private ReferenceCorpus? _reference;

    /// <param name="settings">What to dedup and how.</param>
    /// <param name="inputs">Input files, in the stable order that decides "first".</param>
    /// <param name="output">The run folder.</param>
    /// <param name="workers">Units run at once (at least 1).</param>
    public DedupRunner(DedupSettings settings, IReadOnlyList<string> inputs, string output, int workers)
    {
        settings.Validate();
        _settings = settings;
        _inputs = inputs;
        _workers = Math.Max(1, workers);
        Folder = new DedupFolder(output);
        _parameters = settings.SignatureParameters;
        _hasher = settings.Mode == DedupMode.MinHash ? new MinHasher(settings.MinHash) : null;
        Plan = TaskPlanner.Plan(inputs, settings.SplitBytes);
    }

    public DedupFolder Folder { get; }

    public IReadOnlyList<InputSlice> Plan { get; }

    private int Bands => _settings.Mode == DedupMode.MinHash ? _settings.MinHash.Bands : 1;

    /// <summary>Units (tasks or bands) computed by the last call, per stage; reused units are not counted.</summary>
    public int[] UnitsRun { get; } = new int[3];

    /// <summary>Called after each finished stage-1 task or stage-2 band (stage, unit); for progress and tests.</summary>
    public Action<int, int>? UnitFinished { get; init; }

    /// <summary>The names of the job's unit sets, stage 1 to 3.</summary>
    private static readonly string[] Stages = ["signatures", "buckets", "clusters"];

    /// <summary>Runs (or resumes) all three stages.</summary>
    public DedupSummary Run(CancellationToken cancel = default)
    {
        var times = RunLocally(Job(3), cancel);
        var summary = _lastSummary ?? ReadSummary(Folder.Summary);
        summary.Stage1Seconds = times[0];
        summary.Stage2Seconds = times[1];
        summary.Stage3Seconds = times[2];
        return summary;
    }

    /// <summary>Stage 1 only (for benchmarks): signatures of every unfinished task.</summary>
    public void RunSignatures(CancellationToken cancel = default) => RunLocally(Job(1), cancel);

    /// <summary>
    /// The dedup as a job of three unit sets (or the first <paramref name="stages"/>): <c>signatures</c>, one unit per
    /// task; <c>buckets</c>, one unit per band, after all signatures; <c>clusters</c>, one unit, after all buckets.
    /// Its preparation (under the lock) removes stale temporaries and writes or checks <c>dedup.json</c>.
    /// </summary>
    private UnitJob Job(int stages)
    {
        UnitSet[] sets =
        [
            new UnitSet
            {
                Name = Stages[0],
                Count = Plan.Count,
                IsComplete = task => File.Exists(Folder.TaskMarker(task)),
                RunUnit = (task, _) => SignTask(task),
            },
            new UnitSet
            {
                Name = Stages[1],
                Count = Bands,
                DependsOn = [Stages[0]],
                IsComplete = band => File.Exists(Folder.PairsFile(band)),
                RunUnit = (band, _) => MergeBand(band, _reference),
                Discard = () => DeleteIfExists(Folder.PairsDir),
            },
            new UnitSet
            {
                Name = Stages[2],
                Count = 1,
                DependsOn = [Stages[1]],
                IsComplete = _ => File.Exists(Folder.Summary),
                RunUnit = (_, _) => _lastSummary = RunStage3(_reference),
                Discard = () => DeleteIfExists(Folder.ResultDir),
            },
        ];
        return new UnitJob(Folder.Root, "dedup run", sets[..stages])
        {
            Prepare = () =>
            {
                AtomicFile.RemoveStaleTemporaries(Folder.Root);
                CheckFolder(stages);
            },
        };
    }

    /// <summary>Loads the reference corpus the later stages need (stage 1 alone does not name it) and writes or
    /// checks <c>dedup.json</c>.</summary>
    private void CheckFolder(int stages)
    {
        _reference = stages > 1 ? LoadReference() : null;
        WriteOrCheckManifest(_reference);
    }

    /// <summary>Runs the job here; fills <see cref="UnitsRun"/> as units finish and returns the seconds per stage.</summary>
    private double[] RunLocally(UnitJob job, CancellationToken cancel)
    {
        Array.Clear(UnitsRun);
        _lastSummary = null;
        var executor = new LocalUnitExecutor(_workers)
        {
            UnitFinished = (set, unit) =>
            {
                int stage = Array.IndexOf(Stages, set.Name) + 1;
                Interlocked.Increment(ref UnitsRun[stage - 1]);
                if (stage < 3)
                    UnitFinished?.Invoke(stage, unit);
            },
        };
        try
        {
            var result = executor.Run(job, cancel);
            return [.. result.Select(r => r.Seconds), .. Enumerable.Repeat(0.0, 3 - result.Count)];
        }
        catch (AggregateException e)
        {
            throw RethrowFirst(e);
        }
    }

    public static DedupSummary ReadSummary(string path) =>
        JsonSerializer.Deserialize<DedupSummary>(File.ReadAllText(path), JsonOutput.Indented)
        ?? throw new DedupFormatException(path, "empty summary");

    // ---------------- stage 1 ----------------

    private void SignTask(int task)
    {
        var started = Stopwatch.GetTimestamp();
        int bands = Bands;
        var buckets = new List<BucketEntry>[bands];
        for (int b = 0; b < bands; b++)
            buckets[b] = [];
        var signature = new ulong[_hasher?.Parameters.HashCount ?? 0];
        long withoutKey = 0, quarantined = 0, buffered = 0;
        int position = 0, runs = 0;
        if (Directory.Exists(RunDir(task)))
            Directory.Delete(RunDir(task), recursive: true);
        bool keepFingerprints = _settings.EffectiveVerifyJaccard > 0, scoreCleanliness = _settings.Keep == SurvivorRule.Quality;
        using (var docs = new DedupFileWriter(Folder.DocsFile(task), DedupFileKind.Docs, DocEntry.Size, task, _parameters))
        using (var shingleSets = _settings.WritesShingleSets ? new ShingleSetWriter(Folder.ShingleSetFile(task), task, _parameters) : null)
        {
            foreach (var item in DocumentReader.Read(Plan[task], _settings.Reader))
            {
                if (item.Document is not { } doc)
                {
                    quarantined++;
                    continue;
                }
                if (position == int.MaxValue)
                    throw new InvalidOperationException($"{Plan[task].Path}: more than {int.MaxValue} documents in one task; lower the split size");
                var self = DocRef.Of(task, position);
                UInt128? exactKey = _hasher == null ? ExactKey(doc) : null;
                var idKey = _hasher == null ? ExactDocumentKey.DropKey(doc.Id, exactKey, _settings.ByContent) : DedupKeys.OfId(doc.Id);
                new DocEntry(idKey, Priority(doc)).Write(docs.Next);
                docs.Append();
                if (_hasher != null)
                {
                    var shingles = _hasher.Shingles(doc.Text);
                    if (shingles.Length > 0)
                    {
                        _hasher.SignatureOf(shingles, signature);
                        for (int b = 0; b < bands; b++)
                            buckets[b].Add(new BucketEntry(_hasher.BandKey(signature, b), self));
                        buffered += bands;
                    }
                    else
                        withoutKey++;
                    var fingerprints = keepFingerprints && shingles.Length > 0 ? ShingleSet.Fingerprints(shingles) : [];
                    int stored = _settings.StoredShingles > 0 ? Math.Min(fingerprints.Length, _settings.StoredShingles) : fingerprints.Length;
                    shingleSets?.Append(fingerprints.AsSpan(0, stored), fingerprints.Length, scoreCleanliness ? (float)TextCleanliness.Score(doc.Text) : 0);
                }
                else if (exactKey is { } key)
                {
                    buckets[0].Add(new BucketEntry(key, self));
                    buffered++;
                }
                else
                    withoutKey++;
                position++;
                if (buffered >= _settings.MaxBufferedEntries)
                {
                    SpillRuns(task, buckets, runs++);
                    buffered = 0;
                }
            }
            if (runs > 0)
                SpillRuns(task, buckets, runs++);
            for (int b = 0; b < bands; b++)
            {
                using var writer = new DedupFileWriter(Folder.BucketFile(b, task), DedupFileKind.Bucket, BucketEntry.Size, task, _parameters);
                if (runs == 0)
                {
                    var list = buckets[b];
                    list.Sort();
                    foreach (var entry in list)
                    {
                        entry.Write(writer.Next);
                        writer.Append();
                    }
                    buckets[b] = [];
                }
                else
                    SortedRunMerger.Merge(Enumerable.Range(0, runs).Select(r => RunFile(task, b, r)).ToList(), task, _parameters, writer);
                writer.Commit();
            }
            if (runs > 0)
                Directory.Delete(RunDir(task), recursive: true);
            shingleSets?.Commit();
            docs.Commit();
        }
        var marker = new JsonObject
        {
            ["input"] = Plan[task].Path,
            ["documents"] = position,
            ["without_key"] = withoutKey,
            ["unreadable_records"] = quarantined,
            ["seconds"] = Stopwatch.GetElapsedTime(started).TotalSeconds,
        };
        AtomicFile.WriteAllText(Folder.TaskMarker(task), marker.ToJsonString(JsonOutput.Indented));
    }

    private string RunDir(int task) => Path.Combine(Folder.SignaturesDir, ".runs", $"{task:D5}");

    private string RunFile(int task, int band, int run) => Path.Combine(RunDir(task), $"b{band:D3}-r{run:D5}.bin");

    /// <summary>Writes each band's buffered entries, sorted, as run number <paramref name="run"/> and empties the buffers.</summary>
    private void SpillRuns(int task, List<BucketEntry>[] buckets, int run)
    {
        for (int b = 0; b < buckets.Length; b++)
        {
            var list = buckets[b];
            list.Sort();
            using var writer = new DedupFileWriter(RunFile(task, b, run), DedupFileKind.Bucket, BucketEntry.Size, task, _parameters);
            foreach (var entry in list)
            {
                entry.Write(writer.Next);
                writer.Append();
            }
            writer.Commit();
            list.Clear();
        }
    }

    private double Priority(Document doc)
    {
        switch (_settings.Keep)
        {
            case SurvivorRule.Longest:
                return doc.Text.Length;
            case SurvivorRule.Quality when _settings.PriorityField == null:
                return 0;
            case SurvivorRule.Field or SurvivorRule.Quality:
                if (doc.Metadata[_settings.PriorityField!] is JsonValue v)
                {
                    if (v.TryGetValue<double>(out double d) && !double.IsNaN(d))
                        return d;
                    if (v.TryGetValue<long>(out long l))
                        return l;
                    if (v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number)
                        return e.GetDouble();
                }
                return double.NegativeInfinity;
            default:
                return 0;
        }
    }

    private UInt128? ExactKey(Document doc) => ExactDocumentKey.Of(doc, _settings.ExactKey, _settings.EffectiveKeyField, _settings.StripWww);

    // ---------------- stage 2 ----------------

    private void MergeBand(int band, ReferenceCorpus? reference)
    {
        var inputs = new List<BucketInput>();
        for (int t = 0; t < Plan.Count; t++)
            inputs.Add(new BucketInput(Folder.BucketFile(band, t), t, false));
        if (reference != null)
            for (int t = 0; t < reference.Tasks; t++)
                inputs.Add(new BucketInput(reference.Folder.BucketFile(band, t), t, true));
        using var writer = new DedupFileWriter(Folder.PairsFile(band), DedupFileKind.Pairs, PairEntry.Size, band, _parameters);
        BucketMerger.Merge(inputs, _parameters, writer);
        writer.Commit();
    }

    // ---------------- distributed (one unit per process, e.g. a Slurm array task) ----------------

    /// <summary>
    /// Runs one unit of the job: stage 1 task <paramref name="unit"/>, stage 2 band <paramref name="unit"/>, or
    /// stage 3 (unit 0); a finished unit is left as is. Units of one stage may run at once in separate processes
    /// (Slurm array tasks), after <see cref="SubmitToSlurm"/> prepared the folder.
    /// </summary>
    public void RunUnit(int stage, int unit)
    {
        if (!File.Exists(Folder.Manifest))
            throw new RunFolderException($"{Folder.Root}: not prepared (no dedup.json)");
        if (stage is < 1 or > 3)
            throw new ArgumentException($"stage must be 1, 2 or 3, not {stage}");
        // Without the lock or removing temporaries: other units of the stage run at once in other processes.
        CheckFolder(3);
        try
        {
            LocalUnitExecutor.RunOne(Job(3), Stages[stage - 1], unit);
        }
        catch (AggregateException e)
        {
            throw RethrowFirst(e);
        }
    }

    /// <summary>
    /// Prepares the folder under its lock (manifest, stale results of unfinished stages discarded) and submits what is
    /// left as chained job arrays, one per stage, each array task running <paramref name="commandWords"/> with
    /// <c>--run-unit STAGE:$SLURM_ARRAY_TASK_ID</c>; returns the job ids. Recorded in <c>slurm/submissions.jsonl</c>.
    /// </summary>
    /// <param name="options">Partition, memory, time and concurrency of the arrays.</param>
    /// <param name="commandWords">The dedup command line to repeat per unit (without <c>--unit</c>), as words.</param>
    /// <param name="workDir">The working directory of the jobs (relative inputs resolve against it).</param>
    public IReadOnlyList<string> SubmitToSlurm(SlurmOptions options, IReadOnlyList<string> commandWords, string workDir)
    {
        var job = Job(3);
        using (job.AcquireLock())
        {
            CheckFolder(3);
            job.DiscardStale();
        }
        string slurmDir = Path.Combine(Folder.Root, "slurm");
        string command = SlurmExecutor.SelfCommand() + " " + string.Join(" ", commandWords.Select(SlurmExecutor.Quote));
        var submitted = new SlurmJobSubmitter(slurmDir, options).Submit(job, set =>
        {
            int stage = Array.IndexOf(Stages, set.Name) + 1;
            return new SlurmJobSubmitter.ArrayCommand($"stage{stage}.sh", $"{command} --run-unit {stage}:\"$SLURM_ARRAY_TASK_ID\"", $"yulandata-dedup-{stage}", $"stage{stage}-%a.out");
        }, workDir);
        var jobs = submitted.SelectMany(s => s.Jobs).ToList();
        var record = new JsonObject
        {
            ["submitted_at"] = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["jobs"] = new JsonArray(jobs.Select(j => (JsonNode)j).ToArray()),
            ["tasks"] = submitted[0].Units.Count,
            ["bands"] = submitted[1].Units.Count,
        };
        File.AppendAllText(Path.Combine(slurmDir, "submissions.jsonl"), record.ToJsonString(JsonOutput.Compact) + "\n");
        return jobs;
    }

    // ---------------- stage 3 ----------------

    /// <summary>Fingerprint set and cleanliness of one document, as stage 1 stored them.</summary>
    private readonly record struct StoredShingles(uint[] Set, bool Whole, float Cleanliness);

    /// <summary>The stored shingle sets of <paramref name="needed"/> documents, read from the tasks' shingle set
    /// files in parallel over tasks; a reference corpus whose run stored none is re-read and re-shingled instead.</summary>
    private Dictionary<ulong, StoredShingles> LoadShingleSets(HashSet<ulong> needed, ReferenceCorpus? reference)
    {
        var result = new Dictionary<ulong, StoredShingles>(needed.Count);
        var groups = needed.Select(p => new DocRef(p)).GroupBy(d => (d.IsReference, d.Task)).ToList();
        var units = Enumerable.Range(0, groups.Count).ToList();
        ForEach(units, g =>
        {
            var (isReference, task) = groups[g].Key;
            var positions = groups[g].Select(d => d.Position).ToHashSet();
            var folder = isReference ? reference!.Folder : Folder;
            var local = new List<(ulong, StoredShingles)>();
            if (File.Exists(folder.ShingleSetFile(task)))
                ShingleSetReader.Read(folder.ShingleSetFile(task), task, _parameters, positions,
                    (position, set, whole, cleanliness) => local.Add((DocRef.Of(task, position, isReference).Packed, new StoredShingles(set, whole, cleanliness))));
            else if (isReference)
            {
                int position = 0;
                foreach (var item in DocumentReader.Read(reference!.Plan[task], reference.Reader))
                {
                    if (item.Document is not { } doc)
                        continue;
                    if (positions.Contains(position))
                    {
                        var set = ShingleSet.Fingerprints(_hasher!.Shingles(doc.Text));
                        bool whole = _settings.StoredShingles <= 0 || set.Length <= _settings.StoredShingles;
                        local.Add((DocRef.Of(task, position, true).Packed, new StoredShingles(whole ? set : set[.._settings.StoredShingles], whole, 0)));
                    }
                    position++;
                }
            }
            else
                throw new DedupFormatException(folder.ShingleSetFile(task), "missing (stage 1 stores it for verified or quality-ordered MinHash runs)");
            lock (result)
                foreach (var (k, v) in local)
                    result[k] = v;
        });
        foreach (var p in needed)
            if (!result.ContainsKey(p))
                throw new RunFolderException($"document {new DocRef(p)} of a candidate pair is not in its task's shingle sets: were the inputs changed since stage 1?");
        return result;
    }

    /// <summary>All candidate pairs of all bands, each once, as (smaller, larger) packed refs in ascending order.</summary>
    private (ulong A, ulong B)[] DistinctPairs(out long pairs)
    {
        var all = new List<(ulong, ulong)>();
        pairs = 0;
        for (int band = 0; band < Bands; band++)
        {
            using var reader = new DedupFileReader(Folder.PairsFile(band), DedupFileKind.Pairs, PairEntry.Size, _parameters, band);
            while (reader.TryRead(out var bytes))
            {
                var pair = PairEntry.Read(bytes);
                ulong a = pair.First.Packed, b = pair.Second.Packed;
                all.Add(a < b ? (a, b) : (b, a));
                pairs++;
            }
        }
        all.Sort();
        int n = 0;
        for (int i = 0; i < all.Count; i++)
            if (n == 0 || all[i] != all[n - 1])
                all[n++] = all[i];
        all.RemoveRange(n, all.Count - n);
        return all.ToArray();
    }

    private DedupSummary RunStage3(ReferenceCorpus? reference)
    {
        var index = new Dictionary<ulong, int>();
        var docs = new List<DocRef>();
        var sets = _settings.Mode == DedupMode.Exact || _settings.Clustering == DedupClustering.Datatrove ? new UnionFind() : null;
        var edges = new List<(int A, int B, float Similarity)>();
        long pairs = 0;
        int Node(DocRef d)
        {
            if (!index.TryGetValue(d.Packed, out int i))
            {
                i = docs.Count;
                sets?.Add();
                index.Add(d.Packed, i);
                docs.Add(d);
            }
            return i;
        }
        void Edge(DocRef a, DocRef b, double similarity)
        {
            int x = Node(a), y = Node(b);
            if (sets != null)
                sets.Union(x, y);
            else
                edges.Add((x, y, (float)similarity));
        }
        double threshold = _settings.EffectiveVerifyJaccard;
        (ulong A, ulong B)[] distinct = [];
        double[] jaccard = [];
        long rejected = 0;
        Dictionary<ulong, StoredShingles>? stored = null;
        if (threshold > 0)
        {
            // Verified edges: exact Jaccard of the stored fingerprint sets of every distinct candidate pair.
            distinct = DistinctPairs(out pairs);
            stored = LoadShingleSets(distinct.SelectMany(p => new[] { p.A, p.B }).ToHashSet(), reference);
            jaccard = new double[distinct.Length];
            var lookup = stored;
            var candidates = distinct;
            Parallel.For(0, candidates.Length, new ParallelOptions { MaxDegreeOfParallelism = _workers },
                k =>
                {
                    var (a, b) = (lookup[candidates[k].A], lookup[candidates[k].B]);
                    jaccard[k] = ShingleSet.SketchJaccard(a.Set, a.Whole, b.Set, b.Whole);
                });
            for (int k = 0; k < distinct.Length; k++)
            {
                if (jaccard[k] >= threshold)
                    Edge(new DocRef(distinct[k].A), new DocRef(distinct[k].B), jaccard[k]);
                else
                    rejected++;
            }
        }
        else
        {
            for (int band = 0; band < Bands; band++)
            {
                using var reader = new DedupFileReader(Folder.PairsFile(band), DedupFileKind.Pairs, PairEntry.Size, _parameters, band);
                while (reader.TryRead(out var bytes))
                {
                    var pair = PairEntry.Read(bytes);
                    Edge(pair.First, pair.Second, 1);
                    pairs++;
                }
            }
        }

        // Priorities and id hashes of the clustered new-corpus documents, one sequential pass per task's docs file.
        int n = docs.Count;
        var priority = new double[n];
        var idHash = new UInt128[n];
        var needed = new SortedDictionary<int, List<(int Position, int Node)>>();
        for (int i = 0; i < n; i++)
            if (!docs[i].IsReference)
            {
                if (!needed.TryGetValue(docs[i].Task, out var list))
                    needed[docs[i].Task] = list = [];
                list.Add((docs[i].Position, i));
            }
        foreach (var (task, list) in needed)
        {
            if (task >= Plan.Count)
                throw new DedupFormatException(Folder.PairsDir, $"a pair names task {task}, the plan has {Plan.Count} tasks");
            list.Sort();
            using var reader = new DedupFileReader(Folder.DocsFile(task), DedupFileKind.Docs, DocEntry.Size, _parameters, task);
            int position = 0, k = 0;
            while (reader.TryRead(out var bytes))
            {
                while (k < list.Count && list[k].Position == position)
                {
                    var entry = DocEntry.Read(bytes);
                    priority[list[k].Node] = entry.Priority;
                    idHash[list[k].Node] = entry.IdHash;
                    k++;
                }
                position++;
            }
            if (k < list.Count)
                throw new DedupFormatException(Folder.DocsFile(task), $"a pair names position {list[k].Position}, the task has {position} documents");
        }

        // Cleanliness breaks priority ties in the quality order (MinHash); stored by stage 1.
        var cleanliness = new float[n];
        if (_settings.Mode == DedupMode.MinHash && _settings.Keep == SurvivorRule.Quality)
        {
            stored ??= LoadShingleSets(docs.Where(d => !d.IsReference).Select(d => d.Packed).ToHashSet(), reference);
            for (int i = 0; i < n; i++)
                if (!docs[i].IsReference)
                    cleanliness[i] = stored[docs[i].Packed].Cleanliness;
        }
        stored = null;
        // Better first: higher priority, then cleaner, then earlier in input order.
        int Better(int x, int y)
        {
            int c = priority[y].CompareTo(priority[x]);
            if (c == 0)
                c = cleanliness[y].CompareTo(cleanliness[x]);
            return c != 0 ? c : docs[x].CompareTo(docs[y]);
        }

        // Clusters in order of their first member (in input order), each with its survivor (-1: a reference
        // document is in it, so every new member goes).
        var clusters = new List<(List<int> Members, int Survivor)>();
        if (sets != null)
        {
            var members = new Dictionary<int, List<int>>();
            for (int i = 0; i < n; i++)
            {
                int root = sets.Find(i);
                if (!members.TryGetValue(root, out var list))
                    members[root] = list = [];
                list.Add(i);
            }
            foreach (var m in members.Values)
            {
                int survivor = -1;
                if (!m.Any(i => docs[i].IsReference))
                    foreach (int i in m)
                        if (survivor < 0 || Better(i, survivor) < 0)
                            survivor = i;
                clusters.Add((m, survivor));
            }
        }
        else
        {
            var order = Enumerable.Range(0, n).Where(i => docs[i].IsReference).Order()
                .Concat(Enumerable.Range(0, n).Where(i => !docs[i].IsReference).Order(Comparer<int>.Create(Better))).ToList();
            var center = CenterClustering.Assign(n, edges, order, i => docs[i].IsReference);
            var members = new Dictionary<int, List<int>>();
            for (int i = 0; i < n; i++)
                if (center[i] != i)
                {
                    if (!members.TryGetValue(center[i], out var list))
                        members[center[i]] = list = [center[i]];
                    list.Add(i);
                }
            foreach (var (c, m) in members)
                clusters.Add((m, docs[c].IsReference ? -1 : c));
        }
        foreach (var c in clusters)
            c.Members.Sort((x, y) => docs[x].CompareTo(docs[y]));
        clusters.Sort((x, y) => docs[x.Members[0]].CompareTo(docs[y.Members[0]]));
        var memberIds = _settings.Mode == DedupMode.Exact
            ? ClusterMemberIds.Read(docs, Plan, _settings.Reader, reference?.Plan, reference?.Reader, _workers) : null;
        var survivorTask = new Dictionary<UInt128, int>();
        var dropped = new HashSet<ulong>();
        var dropIds = new HashSet<UInt128>();
        long referenceClusters = 0, inClusters = 0;
        Directory.CreateDirectory(Folder.ResultDir);
        string clustersPartial = Folder.Clusters + ".partial";
        using (var w = new StreamWriter(clustersPartial, false, new UTF8Encoding(false)))
        {
            for (int c = 0; c < clusters.Count; c++)
            {
                var (m, survivor) = clusters[c];
                if (survivor < 0)
                    referenceClusters++;
                var line = new JsonObject
                {
                    ["cluster"] = c,
                    ["keep"] = survivor < 0 ? null : docs[survivor].ToString(),
                    ["members"] = new JsonArray(m.Select(i => (JsonNode)JsonValue.Create(docs[i].ToString())).ToArray()),
                };
                if (memberIds != null)
                {
                    line["keep_id"] = survivor < 0 ? null : memberIds[docs[survivor].Packed];
                    line["member_ids"] = new JsonArray(m.Select(i => (JsonNode)JsonValue.Create(memberIds[docs[i].Packed])).ToArray());
                }
                if (survivor >= 0)
                    survivorTask.TryAdd(idHash[survivor], docs[survivor].Task);
                w.WriteLine(line.ToJsonString());
                foreach (int i in m)
                {
                    if (docs[i].IsReference)
                        continue;
                    inClusters++;
                    if (i == survivor)
                        continue;
                    dropped.Add(docs[i].Packed);
                    dropIds.Add(idHash[i]);
                }
            }
        }

        // Each removed document's most similar surviving candidate, over all verified candidate pairs.
        NearestSurvivorReport? nearest = null;
        if (threshold > 0)
        {
            var best = dropped.ToDictionary(p => p, _ => -1.0);
            for (int k = 0; k < distinct.Length; k++)
            {
                var (a, b) = distinct[k];
                bool da = dropped.Contains(a), db = dropped.Contains(b);
                if (da && !db)
                    best[a] = Math.Max(best[a], jaccard[k]);
                else if (db && !da)
                    best[b] = Math.Max(best[b], jaccard[k]);
            }
            nearest = NearestSurvivorReport.Of(best.Values);
            AtomicFile.WriteAllText(Folder.NearestSurvivor, JsonSerializer.Serialize(nearest, JsonOutput.Indented));
        }

        // A document that survives must not share its id with a dropped one: the filter drops by id.
        long documents = 0, withoutKey = 0, unreadable = 0, sameCopyDrops = 0;
        var conflicts = new HashSet<UInt128>();
        for (int task = 0; task < Plan.Count; task++)
        {
            using var reader = new DedupFileReader(Folder.DocsFile(task), DedupFileKind.Docs, DocEntry.Size, _parameters, task);
            int position = 0;
            while (reader.TryRead(out var bytes))
            {
                var entry = DocEntry.Read(bytes);
                if (!dropped.Contains(DocRef.Of(task, position).Packed) && dropIds.Contains(entry.IdHash))
                    conflicts.Add(entry.IdHash);
                position++;
            }
            documents += position;
            var marker = JsonNode.Parse(File.ReadAllText(Folder.TaskMarker(task)));
            withoutKey += marker?["without_key"]?.GetValue<long>() ?? 0;
            unreadable += marker?["unreadable_records"]?.GetValue<long>() ?? 0;
        }
        bool byContent = _settings.Mode == DedupMode.Exact && _settings.ByContent;
        long keptForSharedId = byContent ? 0 : CountSharedIdDrops(dropped, conflicts);
        if (byContent)
            sameCopyDrops = SameCopies.CountCopies(Folder, _parameters, dropped, conflicts);
        dropIds.ExceptWith(conflicts);
        SameCopies.Write(Folder, _parameters, byContent ? conflicts : [], survivorTask);
        var sorted = dropIds.ToArray();
        Array.Sort(sorted);
        using (var writer = new DedupFileWriter(Folder.DropList, DedupFileKind.DropList, 16, -1, _parameters))
        {
            foreach (var h in sorted)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(writer.Next, h);
                writer.Append();
            }
            writer.Commit();
        }
        File.Move(clustersPartial, Folder.Clusters, overwrite: true);
        var summary = new DedupSummary
        {
            Documents = documents,
            DocumentsWithoutKey = withoutKey,
            UnreadableRecords = unreadable,
            Pairs = pairs,
            VerifiedPairs = distinct.Length,
            RejectedPairs = rejected,
            Clusters = clusters.Count,
            ReferenceClusters = referenceClusters,
            DocumentsInClusters = inClusters,
            DocumentsToDrop = dropped.Count - keptForSharedId,
            KeptForSharedId = keptForSharedId,
            DroppedWithSharedId = sameCopyDrops,
            RemovedWithoutCloseSurvivor = nearest?.WithoutCloseSurvivor,
        };
        AtomicFile.WriteAllText(Folder.Summary, JsonSerializer.Serialize(summary, JsonOutput.Indented));
        return summary;
    }

    private long CountSharedIdDrops(HashSet<ulong> dropped, HashSet<UInt128> conflicts)
    {
        if (conflicts.Count == 0)
            return 0;
        long count = 0;
        foreach (var group in dropped.GroupBy(p => new DocRef(p).Task))
        {
            var positions = group.Select(p => new DocRef(p).Position).ToHashSet();
            using var reader = new DedupFileReader(Folder.DocsFile(group.Key), DedupFileKind.Docs, DocEntry.Size, _parameters, group.Key);
            int position = 0;
            while (reader.TryRead(out var bytes))
            {
                if (positions.Contains(position) && conflicts.Contains(DocEntry.Read(bytes).IdHash))
                    count++;
                position++;
            }
        }
        return count;
    }

    /// <summary>Runs <paramref name="body"/> over the items in parallel (within one unit); the first failure is
    /// rethrown as itself (not wrapped), so errors name their file.</summary>
    private void ForEach(List<int> items, Action<int> body)
    {
        try
        {
            Parallel.ForEach(Partitioner.Create(items, EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = _workers }, body);
        }
        catch (AggregateException e)
        {
            throw RethrowFirst(e);
        }
    }

    /// <summary>Rethrows the first failure of <paramref name="e"/> (a corrupt file's first), keeping its stack trace.</summary>
    private static Exception RethrowFirst(AggregateException e)
    {
        var first = e.Flatten().InnerExceptions.OrderBy(x => x is DedupFormatException ? 0 : 1).First();
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        return first;
    }

    // ---------------- folder ----------------

    private sealed record ReferenceCorpus(DedupFolder Folder, int Tasks, string ManifestHash, IReadOnlyList<InputSlice> Plan, ReaderOptions Reader);

    private ReferenceCorpus? LoadReference()
    {
        if (_settings.Reference is not { } path)
            return null;
        var folder = new DedupFolder(path);
        if (!File.Exists(folder.Manifest))
            throw new RunFolderException($"reference {path}: no dedup.json (not a dedup folder)");
        var manifest = JsonNode.Parse(File.ReadAllText(folder.Manifest))!;
        string? parameters = manifest["signature_parameters"]?.GetValue<string>();
        if (parameters != _parameters)
            throw new RunFolderException($"reference {path} was built with other parameters:\n  reference: {parameters}\n  now:       {_parameters}");
        int tasks = manifest["plan"]!.AsArray().Count;
        for (int t = 0; t < tasks; t++)
            if (!File.Exists(folder.TaskMarker(t)))
                throw new RunFolderException($"reference {path}: stage 1 did not finish (task {t} has no {folder.TaskMarker(t)})");
        var plan = manifest["plan"].Deserialize<List<InputSlice>>(JsonOutput.Indented)!;
        var reader = new ReaderOptions
        {
            TextField = manifest["text_field"]?.GetValue<string>() ?? "text",
            IdField = manifest["id_field"]?.GetValue<string>() ?? "id",
        };
        return new ReferenceCorpus(folder, tasks, DedupKeys.Hash(manifest.ToJsonString()).ToString("x32"), plan, reader);
    }

    private void WriteOrCheckManifest(ReferenceCorpus? reference)
    {
        var manifest = new JsonObject
        {
            ["format"] = "yulandata-dedup/1",
            ["mode"] = _settings.Mode.ToString().ToLowerInvariant(),
            ["signature_parameters"] = _parameters,
            ["keep"] = _settings.Keep.ToString().ToLowerInvariant(),
            ["priority_field"] = _settings.PriorityField,
            ["verify_jaccard"] = _settings.EffectiveVerifyJaccard,
            ["stored_shingles"] = _settings.WritesShingleSets ? _settings.StoredShingles : null,
            ["clustering"] = _settings.Mode == DedupMode.MinHash ? _settings.Clustering.ToString().ToLowerInvariant() : null,
            ["exact"] = _settings.Mode != DedupMode.Exact ? null : new JsonObject
            {
                ["key"] = DedupSettings.SnakeCase(_settings.ExactKey.ToString()),
                ["field"] = _settings.EffectiveKeyField,
                ["strip_www"] = _settings.StripWww,
                ["by_content"] = _settings.ByContent,
            },
            ["text_field"] = _settings.Reader.TextField,
            ["id_field"] = _settings.Reader.IdField,
            ["reference"] = reference == null ? null : new JsonObject { ["path"] = Path.GetFullPath(reference.Folder.Root), ["manifest_hash"] = reference.ManifestHash },
            ["plan"] = JsonSerializer.SerializeToNode(Plan, JsonOutput.Indented),
        };
        string text = manifest.ToJsonString(JsonOutput.Indented);
        if (!File.Exists(Folder.Manifest))
        {
            AtomicFile.WriteAllText(Folder.Manifest, text);
            return;
        }
        var previous = JsonNode.Parse(File.ReadAllText(Folder.Manifest))!.AsObject();
        var changed = manifest.Select(p => p.Key).Where(k => !JsonNode.DeepEquals(previous[k], manifest[k])).ToList();
        if (reference == null && _settings.Reference == null && changed.SequenceEqual(["reference"]) && previous["reference"] != null)
            changed.Clear(); // stage-1-only calls do not name the reference
        if (changed.Count > 0)
            throw new RunFolderException($"{Folder.Root} holds a dedup run with other settings or inputs ({string.Join(", ", changed)} differ); use another output folder or delete it");
    }

    private static void DeleteIfExists(string dir)
    {
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }
}
