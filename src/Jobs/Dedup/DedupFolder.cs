namespace YuLanData.Jobs.Dedup;

/// <summary>
/// The layout of a dedup run folder:
/// <code>
/// dedup.json                        mode, parameters, inputs and task plan (a folder resumes only the same run)
/// signatures/docs/{task:00000}.bin  stage 1: id hash and priority per document, in input order
/// signatures/bucket_{band:000}/{task:00000}.bin   stage 1: (key, task, position) sorted by key
/// signatures/shingles/{task:00000}.bin  stage 1 (MinHash, verified or quality order): per document its shingle
///                                   fingerprints and cleanliness, in input order
/// signatures/done/{task:00000}.json stage 1 completion marker and counts, written after the task's files
/// pairs/{band:000}.bin              stage 2: pairs of documents sharing a key in that band
/// result/drop.bin                   stage 3: sorted id hashes of the documents to drop (what the filter stages load)
/// result/clusters.jsonl             stage 3: one line per cluster: members (task:position) and the survivor
/// result/nearest_survivor.json     stage 3 (verified MinHash): histogram of removed documents' Jaccard to their nearest survivor
/// result/summary.json               stage 3: counts; written last, so its presence means the run finished
/// </code>
/// Every .bin file has the <see cref="Filters.Dedup.DedupFile"/> layout (header with parameters, checksums) and is
/// written to <c>.partial</c> and renamed, so a killed run leaves only whole files and resumes where it stopped.
/// A saved <c>signatures/</c> folder is the index another corpus can be deduplicated against.
/// </summary>
public sealed class DedupFolder(string root)
{
    public string Root { get; } = root;

    public string Manifest => Path.Combine(Root, "dedup.json");

    public string LockFile => Path.Combine(Root, ".lock");

    public string SignaturesDir => Path.Combine(Root, "signatures");

    public string DocsFile(int task) => Path.Combine(SignaturesDir, "docs", $"{task:D5}.bin");

    public string BucketFile(int band, int task) => Path.Combine(SignaturesDir, $"bucket_{band:D3}", $"{task:D5}.bin");

    public string ShingleSetFile(int task) => Path.Combine(SignaturesDir, "shingles", $"{task:D5}.bin");

    public string TaskMarker(int task) => Path.Combine(SignaturesDir, "done", $"{task:D5}.json");

    public string PairsDir => Path.Combine(Root, "pairs");

    public string PairsFile(int band) => Path.Combine(PairsDir, $"{band:D3}.bin");

    public string ResultDir => Path.Combine(Root, "result");

    public string DropList => Path.Combine(ResultDir, "drop.bin");

    public string Clusters => Path.Combine(ResultDir, "clusters.jsonl");

    /// <summary>Exact dedup by content: drop keys shared by a survivor and its copies (same id and content); the
    /// filter keeps the first document of each task with such a key.</summary>
    public string SameCopies => Path.Combine(ResultDir, "same_copies.bin");
    public string NearestSurvivor => Path.Combine(ResultDir, "nearest_survivor.json");

    public string Summary => Path.Combine(ResultDir, "summary.json");
}
