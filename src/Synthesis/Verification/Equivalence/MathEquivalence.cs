namespace YuLanData.Synthesis.Verification.Equivalence;

/// <summary>
/// Decides whether a predicted final answer equals a reference answer, in the manner of a CAS-backed checker:
/// exact comparison of canonical forms (<see cref="ExactForm"/>), then numeric agreement within a relative
/// tolerance of 1e-6 at several points (<see cref="NumericValue"/>); sets compare unordered, tuples, intervals and
/// matrices in order with matching brackets; text answers compare by their cleaned text. A percent answer also
/// matches its number without the percent sign (<c>10\%</c> matches <c>0.1</c> and <c>10</c>). Thread-safe.
/// </summary>
public static partial class MathEquivalence
{
    /// <summary>Relative tolerance of the numeric fallback.</summary>
    public const double Tolerance = 1e-6;

    /// <summary>Whether <paramref name="predicted"/> is the same answer as <paramref name="reference"/> (both non-empty).</summary>
    public static bool Equivalent(string? reference, string? predicted)
    {
        if (string.IsNullOrWhiteSpace(reference) || string.IsNullOrWhiteSpace(predicted)) return false;
        if (AnswerText.TextKey(reference) == AnswerText.TextKey(predicted)) return true;
        return Equal(MathAnswer.Parse(reference), MathAnswer.Parse(predicted));
    }

    /// <summary>Whether two parsed answers are equal.</summary>
    public static bool Equal(MathAnswer a, MathAnswer b) => (a, b) switch
    {
        (MathAnswer.Scalar x, MathAnswer.Scalar y) => ScalarEqual(x, y),
        (MathAnswer.Set x, MathAnswer.Set y) => SetEqual(x.Items, y.Items),
        (MathAnswer.Set { Items.Count: 1 } x, _) => Equal(x.Items[0], b),
        (_, MathAnswer.Set { Items.Count: 1 } y) => Equal(a, y.Items[0]),
        (MathAnswer.Bracketed x, MathAnswer.Bracketed y) => x.Open == y.Open && x.Close == y.Close && x.Items.Count == y.Items.Count &&
                                                            x.Items.Zip(y.Items).All(p => Equal(p.First, p.Second)),
        (MathAnswer.Text x, MathAnswer.Text y) => x.Key == y.Key,
        (MathAnswer.Text x, MathAnswer.Scalar y) => x.Key == AnswerText.TextKey(y.Raw),
        (MathAnswer.Scalar x, MathAnswer.Text y) => AnswerText.TextKey(x.Raw) == y.Key,
        _ => false,
    };

    private static bool ScalarEqual(MathAnswer.Scalar x, MathAnswer.Scalar y)
    {
        var rounded = LongDecimal().IsMatch(x.Raw) || LongDecimal().IsMatch(y.Raw);
        if (ExprEqual(x.Expr, y.Expr, rounded)) return true;
        var hundred = new MathNumber(new Rational(100, 1));
        if (x.Percent && ExprEqual(new MathBinary('*', x.Expr, hundred), y.Expr, rounded)) return true;
        return y.Percent && ExprEqual(x.Expr, new MathBinary('*', y.Expr, hundred), rounded);
    }

    /// <summary>
    /// Exact equality of canonical forms; two exact rationals are otherwise different (3500000 is not 3500001), unless
    /// one was written as a long decimal (<paramref name="rounded"/>: a rounded value such as 0.333333333). Anything
    /// else (radicals, constants, functions) falls back to numeric agreement.
    /// </summary>
    /// <param name="a">One expression.</param>
    /// <param name="b">The other.</param>
    /// <param name="rounded">Whether either side was written as a decimal with six or more fractional digits.</param>
    public static bool ExprEqual(MathExpr a, MathExpr b, bool rounded = false)
    {
        var fa = ExactForm.Of(a);
        var fb = ExactForm.Of(b);
        if (fa is not null && fb is not null)
        {
            if (fa.SameAs(fb)) return true;
            if (fa.AsRational() is not null && fb.AsRational() is not null && !rounded) return false;
        }
        return NumericValue.Close(a, b, Tolerance);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d\.\d{6,}")]
    private static partial System.Text.RegularExpressions.Regex LongDecimal();

    private static bool SetEqual(IReadOnlyList<MathAnswer> x, IReadOnlyList<MathAnswer> y)
    {
        if (x.Count != y.Count) return false;
        var used = new bool[y.Count];
        foreach (var item in x)
        {
            var found = false;
            for (var j = 0; j < y.Count && !found; j++)
                if (!used[j] && Equal(item, y[j])) used[j] = found = true;
            if (!found) return false;
        }
        return true;
    }
}
