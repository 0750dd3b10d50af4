namespace YuLanData.Synthesis.Verification.Equivalence;

/// <summary>
/// Decides whether a predicted final answer equals a reference answer, in the manner of a CAS-backed checker:
/// exact comparison of canonical forms (<see cref="ExactForm"/>), then numeric agreement within a relative
/// tolerance of 1e-6 at several points (<see cref="NumericValue"/>); sets compare unordered, tuples, intervals and
/// matrices in order with matching brackets; text answers compare by their cleaned text. A percent answer also
/// matches its number without the percent sign (<c>10\%</c> matches <c>0.1</c> and <c>10</c>). Thread-safe.
/// </summary>
public static class MathEquivalence
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
        if (ExprEqual(x.Expr, y.Expr)) return true;
        var hundred = new MathNumber(new Rational(100, 1));
        if (x.Percent && ExprEqual(new MathBinary('*', x.Expr, hundred), y.Expr)) return true;
        return y.Percent && ExprEqual(x.Expr, new MathBinary('*', y.Expr, hundred));
    }

    /// <summary>Exact equality of canonical forms, else numeric agreement.</summary>
    public static bool ExprEqual(MathExpr a, MathExpr b)
    {
        var fa = ExactForm.Of(a);
        var fb = ExactForm.Of(b);
        if (fa is not null && fb is not null && fa.SameAs(fb)) return true;
        return NumericValue.Close(a, b, Tolerance);
    }

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
