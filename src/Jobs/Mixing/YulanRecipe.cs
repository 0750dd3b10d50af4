namespace YuLanData.Jobs.Mixing;

/// <summary>
/// One phase of a YuLan-Mini mix recipe (their <c>pretrain/datasets/data_mix/*.json</c>): the tokens selected per source,
/// the manual targets, and the token-id shard files each source's tokens came from. Keys keep the file's order.
/// </summary>
/// <param name="TotalTokensB">"Total Tokens(B)": the phase's total in billions of tokens, as the file states it.</param>
/// <param name="DatasetsDirectory">"Total Huggingface Datasets Directory": the folder the phase was materialized into.</param>
/// <param name="Selected">"Number of Selected Tokens(B)": tokens actually selected per source, in billions.</param>
/// <param name="Manual">"Manual Selected Tokens(B)": the target per source (a number, or <c>[tokens, is_sft]</c> in later phases).</param>
/// <param name="Files">"Token ID Files Information": per source, the groups of shard files with their token counts.</param>
public sealed record YulanRecipe(
    double TotalTokensB,
    string DatasetsDirectory,
    IReadOnlyList<KeyValuePair<string, double>> Selected,
    IReadOnlyList<KeyValuePair<string, ManualTarget>> Manual,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<RecipeFileGroup>>> Files)
{
    /// <summary>The category of a source path: the part before the first '/', or the whole path when it has none.</summary>
    public static string CategoryOf(string source)
    {
        int slash = source.IndexOf('/');
        return slash < 0 ? source : source[..slash];
    }

    /// <summary>Sum of <see cref="Selected"/> in billions.</summary>
    public double SelectedSumB => Selected.Sum(kv => kv.Value);

    /// <summary>Selected tokens per category (billions), categories in order of first appearance.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> SelectedByCategory()
    {
        var order = new List<string>();
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (source, tokens) in Selected)
        {
            string c = CategoryOf(source);
            if (!sums.ContainsKey(c))
                order.Add(c);
            sums[c] = sums.GetValueOrDefault(c) + tokens;
        }
        return order.Select(c => KeyValuePair.Create(c, sums[c])).ToList();
    }
}

/// <summary>A manual token target of a recipe source.</summary>
/// <param name="TokensB">Target in billions of tokens.</param>
/// <param name="IsSft">The <c>is_sft</c> flag as written (<c>""</c> or <c>"1"</c>) when the target was a list; null for a plain number.</param>
public readonly record struct ManualTarget(double TokensB, string? IsSft);

/// <summary>One group of token-id files of a source in a recipe.</summary>
/// <param name="GroupIndex">"group index".</param>
/// <param name="Directory">"huggingface datasets directory": where the group was materialized.</param>
/// <param name="TokensB">"token num(B)": tokens in the group, billions.</param>
/// <param name="IsSft">"is_sft" when present (phases 26-27), else null.</param>
/// <param name="Paths">"token id file paths": the tokenized Parquet shards of the group.</param>
public sealed record RecipeFileGroup(long GroupIndex, string Directory, double TokensB, string? IsSft, IReadOnlyList<string> Paths);
