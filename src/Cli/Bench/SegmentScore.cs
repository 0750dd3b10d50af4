using System.Text;

namespace YuLanData.Cli.Bench;

/// <summary>
/// trafilatura's evaluation metric (tests/eval_common.py): per page, each must-contain segment found in the
/// whitespace-normalized output is a true positive (else a false negative), each must-not-contain segment found
/// is a false positive (else a true negative); precision, recall, accuracy and F1 over the summed counts.
/// </summary>
public sealed class SegmentScore
{
    /// <summary>True positives: must-contain segments found.</summary>
    public int Tp { get; private set; }

    /// <summary>False positives: must-not-contain segments found.</summary>
    public int Fp { get; private set; }

    /// <summary>False negatives: must-contain segments missing.</summary>
    public int Fn { get; private set; }

    /// <summary>True negatives: must-not-contain segments absent.</summary>
    public int Tn { get; private set; }

    /// <summary>Scores one page and adds its counts.</summary>
    /// <param name="output">The extracted text (null: the extractor failed, every must-contain segment is missed).</param>
    /// <param name="with">Segments the output must contain.</param>
    /// <param name="without">Segments the output must not contain.</param>
    /// <returns>The page's (tp, fp, fn, tn).</returns>
    public (int Tp, int Fp, int Fn, int Tn) Add(string? output, IReadOnlyList<string> with, IReadOnlyList<string> without)
    {
        int tp = 0, fp = 0;
        if (output != null)
        {
            string n = Normalize(output);
            tp = with.Count(w => n.Contains(Normalize(w), StringComparison.Ordinal));
            fp = without.Count(w => n.Contains(Normalize(w), StringComparison.Ordinal));
        }
        var counts = (tp, fp, with.Count - tp, without.Count - fp);
        Tp += counts.tp;
        Fp += counts.fp;
        Fn += counts.Item3;
        Tn += counts.Item4;
        return counts;
    }

    /// <summary>tp / (tp + fp).</summary>
    public double Precision => Tp + Fp == 0 ? 0 : (double)Tp / (Tp + Fp);

    /// <summary>tp / (tp + fn).</summary>
    public double Recall => Tp + Fn == 0 ? 0 : (double)Tp / (Tp + Fn);

    /// <summary>(tp + tn) / all.</summary>
    public double Accuracy => Tp + Fp + Fn + Tn == 0 ? 0 : (double)(Tp + Tn) / (Tp + Fp + Fn + Tn);

    /// <summary>2tp / (2tp + fp + fn).</summary>
    public double F1 => 2 * Tp + Fp + Fn == 0 ? 0 : 2.0 * Tp / (2 * Tp + Fp + Fn);

    /// <summary>Python's <c>re.sub(r"\s+", " ", text).strip()</c>.</summary>
    /// <param name="text">Any text.</param>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f')
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
