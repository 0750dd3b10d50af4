using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace YuLanData.Jobs.Mixing;

/// <summary>Planned vs actual tokens of one source in one phase.</summary>
/// <param name="Phase">Phase name.</param>
/// <param name="Source">Source name (path without leading relative segments).</param>
/// <param name="Target">Planned tokens.</param>
/// <param name="Actual">Tokens selected (epochs included).</param>
/// <param name="Documents">Document occurrences selected.</param>
/// <param name="UniqueDocuments">Distinct documents.</param>
/// <param name="Epochs">Passes over the source's available documents (above 1 = upsampled).</param>
/// <param name="Reason">Why the actual is more than 1% off the target, or null.</param>
public sealed record MixReportRow(string Phase, string Source, long Target, long Actual, long Documents, long UniqueDocuments, int Epochs, string? Reason)
{
    public string Category => YulanRecipe.CategoryOf(Source);

    /// <summary>(actual − target) / target.</summary>
    public double Deviation => Target == 0 ? 0 : (double)(Actual - Target) / Target;
}

/// <summary>The mix report: per phase and source, planned vs actual tokens, within 1% or with the reason.</summary>
public sealed class MixReport
{
    public MixReport(IReadOnlyList<string> phases, IReadOnlyList<MixReportRow> rows, IReadOnlyDictionary<string, long> padding)
    {
        Phases = phases;
        Rows = rows;
        Padding = padding;
    }

    public IReadOnlyList<string> Phases { get; }

    public IReadOnlyList<MixReportRow> Rows { get; }

    /// <summary>Padding tokens per phase (packed phases only).</summary>
    public IReadOnlyDictionary<string, long> Padding { get; }

    public static MixReport FromSelection(CurriculumConfig config, MixSelection selection, IReadOnlyList<ShardPlan> shards, string shardDir)
    {
        var rows = new List<MixReportRow>();
        var padding = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var phase in selection.Phases)
        {
            foreach (var s in phase.Sources)
            {
                var index = selection.Sources[s.Source];
                string name = config.SourceName(index.Source);
                double dev = s.Target == 0 ? 0 : Math.Abs((double)(s.Actual - s.Target) / s.Target);
                string? reason = null;
                if (dev > 0.01)
                {
                    double avg = s.UniqueDocuments == 0 ? 0 : (double)index.TotalTokens / index.Documents.Count;
                    reason = $"document granularity: documents average {avg:F0} tokens and are never split, the target is {s.Target / Math.Max(avg, 1):F1} documents";
                }
                rows.Add(new MixReportRow(phase.Phase.Name, name, s.Target, s.Actual, s.Documents, s.UniqueDocuments, s.Epochs, reason));
            }
        }
        foreach (var shard in shards)
        {
            string meta = Path.Combine(shardDir, shard.BaseName + ".json");
            if (File.Exists(meta))
            {
                string phase = selection.Phases[shard.Phase].Phase.Name;
                long pad = JsonNode.Parse(File.ReadAllText(meta))!["padding_tokens"]!.GetValue<long>();
                padding[phase] = padding.GetValueOrDefault(phase) + pad;
            }
        }
        return new MixReport(selection.Phases.Select(p => p.Phase.Name).ToList(), rows, padding);
    }

    /// <summary>A report of YuLan-Mini recipes: one phase per recipe, target = manual tokens, actual = selected tokens.</summary>
    /// <param name="recipes">(phase name, recipe) in phase order.</param>
    public static MixReport FromRecipes(IReadOnlyList<(string Name, YulanRecipe Recipe)> recipes)
    {
        var rows = new List<MixReportRow>();
        foreach (var (name, recipe) in recipes)
        {
            var manual = recipe.Manual.ToDictionary(kv => kv.Key, kv => kv.Value.TokensB, StringComparer.Ordinal);
            foreach (var (source, b) in recipe.Selected)
            {
                long actual = (long)Math.Round(b * 1e9);
                long target = manual.TryGetValue(source, out double m) ? (long)Math.Round(m * 1e9) : 0;
                string? reason = target == 0 ? "no manual target" : Math.Abs((double)(actual - target) / target) > 0.01 ? "as released (recipe's selected vs manual)" : null;
                rows.Add(new MixReportRow(name, source, target, actual, 0, 0, 0, reason));
            }
            foreach (var (source, t) in recipe.Manual.Where(kv => !recipe.Selected.Any(s => s.Key == kv.Key)))
                rows.Add(new MixReportRow(name, source, (long)Math.Round(t.TokensB * 1e9), 0, 0, 0, 0, "manual target with no selected tokens in the recipe"));
        }
        return new MixReport(recipes.Select(r => r.Name).ToList(), rows, new Dictionary<string, long>());
    }

    /// <summary>Per phase, each category's share of the phase's actual tokens; categories in order of first appearance.</summary>
    public (IReadOnlyList<string> Phases, IReadOnlyList<string> Categories, double[][] Shares) CategorySharesByPhase()
    {
        var categories = Rows.Select(r => r.Category).Distinct(StringComparer.Ordinal).ToList();
        var shares = new double[categories.Count][];
        for (int c = 0; c < categories.Count; c++)
            shares[c] = new double[Phases.Count];
        for (int p = 0; p < Phases.Count; p++)
        {
            var rows = Rows.Where(r => r.Phase == Phases[p]).ToList();
            double total = rows.Sum(r => (double)r.Actual);
            if (total == 0)
                continue;
            for (int c = 0; c < categories.Count; c++)
                shares[c][p] = rows.Where(r => r.Category == categories[c]).Sum(r => (double)r.Actual) / total;
        }
        return (Phases, categories, shares);
    }

    public string ToTable()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(string.Format(inv, "{0,-16} {1,-44} {2,16} {3,16} {4,8} {5,10} {6,6}  {7}", "phase", "source", "target", "actual", "diff%", "docs", "epochs", "note"));
        foreach (var phase in Phases)
        {
            foreach (var r in Rows.Where(r => r.Phase == phase))
                sb.AppendLine(string.Format(inv, "{0,-16} {1,-44} {2,16:N0} {3,16:N0} {4,8:+0.00;-0.00;0.00} {5,10:N0} {6,6}  {7}",
                    phase, Trim(r.Source, 44), r.Target, r.Actual, r.Deviation * 100, r.Documents, r.Epochs, r.Reason ?? ""));
            long target = Rows.Where(r => r.Phase == phase).Sum(r => r.Target);
            long actual = Rows.Where(r => r.Phase == phase).Sum(r => r.Actual);
            string pad = Padding.TryGetValue(phase, out long p) && p > 0 ? $"padding {p:N0} tokens" : "";
            sb.AppendLine(string.Format(inv, "{0,-16} {1,-44} {2,16:N0} {3,16:N0} {4,8:+0.00;-0.00;0.00} {5,10} {6,6}  {7}",
                phase, "= phase total", target, actual, target == 0 ? 0 : (actual - target) * 100.0 / target, "", "", pad));
        }
        return sb.ToString();
    }

    public JsonObject ToJson() => new()
    {
        ["phases"] = new JsonArray(Phases.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p,
            ["target"] = Rows.Where(r => r.Phase == p).Sum(r => r.Target),
            ["actual"] = Rows.Where(r => r.Phase == p).Sum(r => r.Actual),
            ["padding"] = Padding.GetValueOrDefault(p),
            ["sources"] = new JsonArray(Rows.Where(r => r.Phase == p).Select(r => (JsonNode)new JsonObject
            {
                ["source"] = r.Source,
                ["category"] = r.Category,
                ["target"] = r.Target,
                ["actual"] = r.Actual,
                ["deviation"] = Math.Round(r.Deviation, 6),
                ["documents"] = r.Documents,
                ["unique_documents"] = r.UniqueDocuments,
                ["epochs"] = r.Epochs,
                ["reason"] = r.Reason,
            }).ToArray()),
        }).ToArray()),
    };

    private static string Trim(string s, int n) => s.Length <= n ? s : "…" + s[^(n - 1)..];
}
