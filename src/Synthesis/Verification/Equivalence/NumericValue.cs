namespace YuLanData.Synthesis.Verification.Equivalence;

/// <summary>
/// Floating-point evaluation of an expression, the fallback when no exact form exists (<c>\sin</c>, <c>\ln</c>,
/// a sum in a denominator). Variables take fixed irrational-looking values per evaluation point, so two expressions
/// that agree at every point are taken as the same function.
/// </summary>
public static class NumericValue
{
    /// <summary>Evaluation points: the number of variable assignments tried.</summary>
    public const int Points = 3;

    /// <summary>The value at evaluation point <paramref name="point"/>; NaN when undefined or infinite.</summary>
    public static double Evaluate(MathExpr expr, int point)
    {
        var v = Eval(expr, point);
        return double.IsFinite(v) ? v : double.NaN;
    }

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> agree within relative tolerance <paramref name="tolerance"/> at every point.</summary>
    public static bool Close(MathExpr a, MathExpr b, double tolerance)
    {
        for (var p = 0; p < Points; p++)
        {
            var x = Evaluate(a, p);
            var y = Evaluate(b, p);
            if (double.IsNaN(x) || double.IsNaN(y)) return false;
            if (System.Math.Abs(x - y) > tolerance * System.Math.Max(1.0, System.Math.Max(System.Math.Abs(x), System.Math.Abs(y)))) return false;
        }
        return true;
    }

    private static double Eval(MathExpr e, int point) => e switch
    {
        MathNumber n => n.Value.ToDouble(),
        MathSymbol { Name: "pi" } => System.Math.PI,
        MathSymbol { Name: "e" } => System.Math.E,
        MathSymbol { Name: "inf" } => double.NaN,
        MathSymbol s => VariableValue(s.Name, point),
        MathNegate n => -Eval(n.Operand, point),
        MathBinary b => b.Op switch
        {
            '+' => Eval(b.Left, point) + Eval(b.Right, point),
            '-' => Eval(b.Left, point) - Eval(b.Right, point),
            '*' => Eval(b.Left, point) * Eval(b.Right, point),
            '/' => Eval(b.Left, point) / Eval(b.Right, point),
            '^' => System.Math.Pow(Eval(b.Left, point), Eval(b.Right, point)),
            _ => double.NaN,
        },
        MathRoot r => Root(Eval(r.Radicand, point), Eval(r.Index, point)),
        MathFunction f => Function(f, point),
        _ => double.NaN,
    };

    private static double Root(double x, double n) =>
        x < 0 && n % 2 == 1 ? -System.Math.Pow(-x, 1 / n) : System.Math.Pow(x, 1 / n);

    private static double Function(MathFunction f, int point)
    {
        var x = Eval(f.Argument, point);
        return f.Name switch
        {
            "sin" => System.Math.Sin(x), "cos" => System.Math.Cos(x), "tan" => System.Math.Tan(x),
            "cot" => 1 / System.Math.Tan(x), "sec" => 1 / System.Math.Cos(x), "csc" => 1 / System.Math.Sin(x),
            "arcsin" => System.Math.Asin(x), "arccos" => System.Math.Acos(x), "arctan" => System.Math.Atan(x),
            "sinh" => System.Math.Sinh(x), "cosh" => System.Math.Cosh(x), "tanh" => System.Math.Tanh(x),
            "ln" => System.Math.Log(x), "exp" => System.Math.Exp(x),
            "log" => f.Base is null ? System.Math.Log10(x) : System.Math.Log(x) / System.Math.Log(Eval(f.Base, point)),
            "fact" => x >= 0 && x <= 170 && x == System.Math.Floor(x) ? Factorial((int)x) : double.NaN,
            _ => double.NaN,
        };
    }

    private static double Factorial(int n)
    {
        var r = 1.0;
        for (var i = 2; i <= n; i++) r *= i;
        return r;
    }

    private static double VariableValue(string name, int point)
    {
        // A deterministic value per (name, point) in [0.5, 2.5): never a small integer or a simple fraction.
        var h = 17u + (uint)point * 7919u;
        foreach (var c in name) h = h * 31 + c;
        return 0.5 + (h % 10007) / 10007.0 * 2.0 + 0.000123456789 * (point + 1);
    }
}
