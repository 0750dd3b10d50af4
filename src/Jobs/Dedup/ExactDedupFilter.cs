using System.Text.Json.Nodes;
using YuLanData.Filters;
using YuLanData.Jobs.Documents;
using YuLanData.Jobs.Stages;

namespace YuLanData.Jobs.Dedup;

/// <summary>
/// Last stage of exact (content or URL) dedup: drops the documents that <c>yulandata dedup exact</c> chose to drop
/// (reason <c>exact_duplicate</c>). By content (the default): a document is named by its id and its key together, so
/// duplicates are dropped whatever their ids; of several documents with the same id and content, the first in the
/// survivor's task is kept (this needs the run's tasks to be the dedup run's: checked). Run it over the same inputs
/// and split with the same id field, before stages that change the text (its key is computed from the text or field
/// as it reaches the stage).
/// </summary>
[Stage("exact_dedup_filter", "drop exact (content/URL) duplicates found by `yulandata dedup exact` (option: folder)")]
public sealed class ExactDedupFilter : IPipelineStage, ITaskAwareStage
{
    private readonly DropList _drop;
    private readonly ExactKeyKind _kind;
    private readonly string _field;
    private readonly bool _stripWww, _byContent;
    private readonly HashSet<UInt128> _seenSameCopies = [];
    private int _task = -1;

    /// <param name="options">The dedup folder.</param>
    public ExactDedupFilter(DedupFilterOptions options)
    {
        _drop = DropList.Load(options.Folder, DedupMode.Exact);
        var exact = _drop.Exact;
        _kind = exact?["key"]?.GetValue<string>() switch
        {
            "text" => ExactKeyKind.Text,
            "field" => ExactKeyKind.Field,
            "url" => ExactKeyKind.Url,
            _ => ExactKeyKind.NormalizedText,
        };
        _field = exact?["field"]?.GetValue<string>() ?? "";
        _stripWww = exact?["strip_www"]?.GetValue<bool>() ?? false;
        _byContent = exact?["by_content"]?.GetValue<bool>() ?? false; // folders written before the option: by id
    }

    /// <summary>Checks that task <paramref name="task"/> reads what the dedup run's task of that index read (only
    /// needed, and only checked, when the run found same-id copies, whose survivor is named by its task).</summary>
    public void BeginTask(int task, IO.InputSlice slice)
    {
        var plan = _drop.Plan;
        if (_byContent && _drop.HasSameCopies && (task >= plan.Count || Path.GetFullPath(plan[task].Path) != Path.GetFullPath(slice.Path)
            || plan[task].Start != slice.Start || plan[task].End != slice.End))
            throw new InvalidOperationException($"exact_dedup_filter: task {task} reads {Describe(slice)}, but the dedup run's task {task} read " +
                (task < plan.Count ? Describe(plan[task]) : "nothing (it had " + plan.Count + " tasks)") +
                "; run the pipeline over the same inputs, in the same order, with the same split size as `yulandata dedup exact`");
        _task = task;
    }

    private static string Describe(IO.InputSlice s) => s.IsWholeFile ? s.Path : $"{s.Path} bytes {s.Start}..{s.End}";

    public FilterOutcome Process(Document doc)
    {
        UInt128? key = _byContent ? ExactDocumentKey.Of(doc, _kind, _field, _stripWww) : null;
        var dropKey = ExactDocumentKey.DropKey(doc.Id, key, _byContent);
        if (_drop.Contains(dropKey))
            return FilterOutcome.Drop("exact_duplicate");
        if (_byContent && _drop.IsSameCopy(dropKey, out int survivorTask))
        {
            if (_task < 0)
                throw new InvalidOperationException("exact_dedup_filter: BeginTask was not called");
            if (survivorTask != _task || !_seenSameCopies.Add(dropKey))
                return FilterOutcome.Drop("exact_duplicate");
        }
        return FilterOutcome.Kept;
    }
}
