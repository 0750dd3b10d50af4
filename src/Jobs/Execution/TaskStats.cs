namespace YuLanData.Jobs.Execution;

/// <summary>
/// The accounting of one task (or, merged, of a run). Invariant:
/// <c>Read = Kept + Dropped + Quarantined</c>, where Read counts every record read (readable or not) and
/// Quarantined counts unreadable records plus documents a stage failed on. File-level problems (an empty file,
/// a truncated stream) are counted apart in <see cref="FileErrors"/>.
/// </summary>
public sealed class TaskStats
{
    /// <summary>The task index, or -1 for merged stats.</summary>
    public int Task { get; set; } = -1;

    public int Tasks { get; set; } = 1;

    public long Read { get; set; }

    public long ReadBytes { get; set; }

    /// <summary>Records that could not be read (bad JSON, invalid UTF-8, no text, too long), by kind.</summary>
    public SortedDictionary<string, long> ReadQuarantined { get; set; } = new(StringComparer.Ordinal);

    /// <summary>File-level problems by kind (not records, so outside the invariant).</summary>
    public SortedDictionary<string, long> FileErrors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Merged stats only: paths the input globs matched that were not read, by reason (<c>directory</c>,
    /// <c>run_folder</c>, <c>output_folder</c>; the paths are listed in <c>run.json</c>). Not records, so outside the invariant.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, long>? SkippedInputs { get; set; }

    /// <summary>Reader counters, not records, so outside the invariant: <c>skipped:REASON</c> for WARC records that are
    /// not documents (<c>skipped:warc_request</c>, <c>skipped:http_404</c>, <c>skipped:not_html</c>, ...), <c>charset:NAME</c>
    /// and <c>charset_source:HOW</c> for decoded pages, <c>invalid_byte_sequences</c>. Absent when a reader counted nothing.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, long>? ReaderCounts { get; set; }

    public List<StageStats> Stages { get; set; } = [];

    public long Kept { get; set; }

    public long KeptChars { get; set; }

    public double Seconds { get; set; }

    public long Dropped => Stages.Sum(s => s.DroppedTotal);

    public long Quarantined => ReadQuarantined.Values.Sum() + Stages.Sum(s => s.Quarantined);

    /// <summary>True when every record read is accounted for.</summary>
    public bool Balanced => Read == Kept + Dropped + Quarantined;

    public string Balance => $"read {Read} = kept {Kept} + dropped {Dropped} + quarantined {Quarantined}";

    /// <summary>Adds another task's numbers (stages matched by position).</summary>
    public void Add(TaskStats other)
    {
        Read += other.Read;
        ReadBytes += other.ReadBytes;
        Kept += other.Kept;
        KeptChars += other.KeptChars;
        Seconds += other.Seconds;
        StageStats.AddCounts(ReadQuarantined, other.ReadQuarantined);
        StageStats.AddCounts(FileErrors, other.FileErrors);
        if (other.ReaderCounts != null)
            StageStats.AddCounts(ReaderCounts ??= new(StringComparer.Ordinal), other.ReaderCounts);
        for (int i = 0; i < other.Stages.Count; i++)
        {
            if (i == Stages.Count)
                Stages.Add(new StageStats { Stage = other.Stages[i].Stage });
            Stages[i].Add(other.Stages[i]);
        }
    }
}
