using System.Globalization;
using System.Text;

namespace YuLanData.Jobs.Dedup;

/// <summary>
/// For the documents a MinHash run removes, the exact shingle Jaccard to the most similar surviving document among
/// their verified candidate pairs, as a histogram (<c>result/nearest_survivor.json</c>). A removal whose nearest
/// survivor is far (or that has no surviving candidate at all) lost content that no kept document carries.
/// </summary>
public sealed record NearestSurvivorReport
{
    /// <summary>Jaccard below which a survivor does not count as close.</summary>
    public const double CloseJaccard = 0.5;

    /// <summary>Removed documents measured.</summary>
    public long Removed { get; init; }

    /// <summary>Removed documents per tenth of Jaccard: bin i counts nearest-survivor Jaccard in [i/10, (i+1)/10)
    /// (bin 9 includes 1.0).</summary>
    public long[] Bins { get; init; } = new long[10];

    /// <summary>Removed documents none of whose candidate pairs is a surviving document.</summary>
    public long WithoutCandidateSurvivor { get; init; }

    /// <summary>Removed documents whose nearest survivor has Jaccard below <see cref="CloseJaccard"/>, or that have none.</summary>
    public long WithoutCloseSurvivor { get; init; }

    /// <summary>The smallest nearest-survivor Jaccard (1 when nothing was removed).</summary>
    public double MinimumJaccard { get; init; } = 1;

    /// <summary>Builds the report from each removed document's nearest-survivor Jaccard (negative: no surviving candidate).</summary>
    public static NearestSurvivorReport Of(IEnumerable<double> nearest)
    {
        var bins = new long[10];
        long removed = 0, none = 0, far = 0;
        double minimum = 1;
        foreach (double j in nearest)
        {
            removed++;
            if (j < 0)
            {
                none++;
                far++;
                minimum = 0;
                continue;
            }
            bins[Math.Clamp((int)(j * 10), 0, 9)]++;
            if (j < CloseJaccard)
                far++;
            minimum = Math.Min(minimum, j);
        }
        return new NearestSurvivorReport { Removed = removed, Bins = bins, WithoutCandidateSurvivor = none, WithoutCloseSurvivor = far, MinimumJaccard = minimum };
    }

    /// <summary>Two lines for the console: the close/far counts and the histogram.</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(inv, $"removed documents' nearest survivor (Jaccard): {WithoutCloseSurvivor} of {Removed} below {CloseJaccard} ({WithoutCandidateSurvivor} without a surviving candidate); minimum {MinimumJaccard:F3}\n  ");
        for (int i = 0; i < Bins.Length; i++)
            text.Append(inv, $"{(i == 0 ? "" : " ")}[{i / 10.0:F1},{(i + 1) / 10.0:F1}{(i == 9 ? "]" : ")")}: {Bins[i]}");
        return text.ToString();
    }
}
