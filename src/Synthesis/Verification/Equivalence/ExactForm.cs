using System.Numerics;
using System.Text;

namespace YuLanData.Synthesis.Verification.Equivalence;

/// <summary>
/// A canonical exact form: a sum of terms, each a rational coefficient times a square root of a square-free integer
/// times integer powers of symbols (<c>pi</c>, <c>e</c>, variables). Two expressions with the same form are equal, so
/// <c>\sqrt{12}</c> and <c>2\sqrt3</c>, or <c>\sqrt2/2</c> and <c>1/\sqrt2</c>, compare equal without rounding.
/// Expressions outside this algebra (a sum in a denominator, a transcendental function) have no exact form.
/// </summary>
public sealed class ExactForm
{
    private const int MaxPower = 64;
    private static readonly BigInteger MaxFactorable = BigInteger.Pow(10, 14);
    private readonly SortedDictionary<string, (Monomial Monomial, Rational Coefficient)> _terms;

    private ExactForm(SortedDictionary<string, (Monomial, Rational)> terms) => _terms = terms;

    /// <summary>The exact form of <paramref name="expr"/>, or null when it has none.</summary>
    public static ExactForm? Of(MathExpr expr)
    {
        try
        {
            return Build(expr);
        }
        catch (Exception e) when (e is NotExactException or DivideByZeroException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Whether the two forms are the same sum of terms.</summary>
    public bool SameAs(ExactForm other) => Subtract(this, other)._terms.Count == 0;

    /// <summary>The rational value when the form is a plain number, else null.</summary>
    public Rational? AsRational()
    {
        if (_terms.Count == 0) return new Rational(0, 1);
        if (_terms.Count != 1) return null;
        var (m, c) = _terms.Values.First();
        return m.Radicand.IsOne && m.Powers.Length == 0 ? c : null;
    }

    /// <summary>The terms as text, for diagnostics.</summary>
    public override string ToString()
    {
        if (_terms.Count == 0) return "0";
        var sb = new StringBuilder();
        foreach (var (m, c) in _terms.Values)
        {
            if (sb.Length > 0) sb.Append(" + ");
            sb.Append(c).Append(m.Key.Length > 0 ? "*" + m.Key : "");
        }
        return sb.ToString();
    }

    private static ExactForm Build(MathExpr expr) => expr switch
    {
        MathNumber n => Constant(n.Value),
        MathSymbol s => Single(new Monomial(BigInteger.One, [(s.Name, 1)]), new Rational(1, 1)),
        MathNegate n => Scale(Build(n.Operand), new Rational(-1, 1)),
        MathBinary { Op: '+' } b => Add(Build(b.Left), Build(b.Right)),
        MathBinary { Op: '-' } b => Subtract(Build(b.Left), Build(b.Right)),
        MathBinary { Op: '*' } b => Multiply(Build(b.Left), Build(b.Right)),
        MathBinary { Op: '/' } b => Multiply(Build(b.Left), Inverse(Build(b.Right))),
        MathBinary { Op: '^' } b => Power(Build(b.Left), Build(b.Right).AsRational() ?? throw new NotExactException()),
        MathRoot r => Root(Build(r.Radicand), Build(r.Index).AsRational() ?? throw new NotExactException()),
        MathFunction { Name: "fact" } f => Factorial(Build(f.Argument)),
        _ => throw new NotExactException(),
    };

    private static ExactForm Constant(Rational r) => r.Numerator.IsZero ? new ExactForm(new()) : Single(Monomial.One, r);

    private static ExactForm Single(Monomial m, Rational c) => new(new() { [m.Key] = (m, c) });

    private static ExactForm Scale(ExactForm a, Rational k) => Multiply(a, Constant(k));

    private static ExactForm Add(ExactForm a, ExactForm b)
    {
        var terms = new SortedDictionary<string, (Monomial, Rational)>(a._terms, StringComparer.Ordinal);
        foreach (var (key, (m, c)) in b._terms) Accumulate(terms, key, m, c);
        return new ExactForm(terms);
    }

    private static ExactForm Subtract(ExactForm a, ExactForm b) => Add(a, Scale(b, new Rational(-1, 1)));

    private static void Accumulate(SortedDictionary<string, (Monomial, Rational)> terms, string key, Monomial m, Rational c)
    {
        var sum = terms.TryGetValue(key, out var old) ? old.Item2 + c : c;
        if (sum.Numerator.IsZero) terms.Remove(key);
        else terms[key] = (m, sum);
    }

    private static ExactForm Multiply(ExactForm a, ExactForm b)
    {
        var terms = new SortedDictionary<string, (Monomial, Rational)>(StringComparer.Ordinal);
        foreach (var (ma, ca) in a._terms.Values)
        foreach (var (mb, cb) in b._terms.Values)
        {
            var (m, k) = Monomial.Multiply(ma, mb);
            Accumulate(terms, m.Key, m, ca * cb * k);
        }
        return new ExactForm(terms);
    }

    private static ExactForm Inverse(ExactForm a)
    {
        if (a._terms.Count != 1) throw new NotExactException(); // a sum in a denominator: left to numeric comparison
        var (m, c) = a._terms.Values.First();
        // 1/(c * sqrt(r) * s^p) = sqrt(r) / (c * r) * s^-p
        var inverse = new Monomial(m.Radicand, m.Powers.Select(p => (p.Name, -p.Exponent)).ToArray());
        return Single(inverse, new Rational(1, 1) / (c * new Rational(m.Radicand, 1)));
    }

    private static ExactForm Power(ExactForm a, Rational exponent)
    {
        if (exponent.Denominator == 2) return Power(Root(a, new Rational(2, 1)), new Rational(exponent.Numerator, 1));
        if (!exponent.Denominator.IsOne || BigInteger.Abs(exponent.Numerator) > MaxPower) throw new NotExactException();
        var n = (int)exponent.Numerator;
        if (n < 0) return Power(Inverse(a), new Rational(-n, 1));
        var result = Constant(new Rational(1, 1));
        for (var i = 0; i < n; i++) result = Multiply(result, a);
        return result;
    }

    private static ExactForm Root(ExactForm a, Rational index)
    {
        var value = a.AsRational() ?? throw new NotExactException();
        if (!index.Denominator.IsOne || index.Numerator < 2 || index.Numerator > MaxPower) throw new NotExactException();
        var n = (int)index.Numerator;
        if (value.Numerator.Sign < 0)
        {
            if (n % 2 == 0) throw new NotExactException();
            return Scale(Root(Constant(-value), index), new Rational(-1, 1));
        }
        if (value.Numerator.IsZero) return Constant(value);
        if (n == 2)
        {
            // sqrt(p/q) = sqrt(p*q)/q, then pull the square part out of p*q.
            var pq = value.Numerator * value.Denominator;
            if (pq > MaxFactorable) throw new NotExactException();
            var (outside, inside) = SquareFree(pq);
            return Single(new Monomial(inside, []), new Rational(outside, value.Denominator));
        }
        var num = IntegerRoot(value.Numerator, n);
        var den = IntegerRoot(value.Denominator, n);
        if (num is null || den is null) throw new NotExactException();
        return Constant(new Rational(num.Value, den.Value));
    }

    private static ExactForm Factorial(ExactForm a)
    {
        var v = a.AsRational();
        if (v is null || !v.Value.Denominator.IsOne || v.Value.Numerator.Sign < 0 || v.Value.Numerator > 500) throw new NotExactException();
        var r = BigInteger.One;
        for (var i = 2; i <= (int)v.Value.Numerator; i++) r *= i;
        return Constant(new Rational(r, 1));
    }

    private static BigInteger? IntegerRoot(BigInteger x, int n)
    {
        var guess = new BigInteger(System.Math.Round(System.Math.Pow((double)x, 1.0 / n)));
        for (var d = -1; d <= 1; d++)
            if (BigInteger.Pow(guess + d, n) == x) return guess + d;
        return null;
    }

    /// <summary>Splits <paramref name="x"/> &gt; 0 into <c>outside² · inside</c> with <c>inside</c> square-free.</summary>
    private static (BigInteger Outside, BigInteger Inside) SquareFree(BigInteger x)
    {
        BigInteger outside = 1, inside = 1;
        for (BigInteger p = 2; p * p <= x; p += p == 2 ? 1 : 2)
        {
            var count = 0;
            while ((x % p).IsZero)
            {
                x /= p;
                count++;
            }
            for (var i = 0; i < count / 2; i++) outside *= p;
            if (count % 2 == 1) inside *= p;
        }
        return (outside, inside * x);
    }

    private sealed class NotExactException : Exception;

    private sealed record Monomial(BigInteger Radicand, (string Name, int Exponent)[] Powers)
    {
        public static readonly Monomial One = new(BigInteger.One, []);

        public string Key { get; } = (Radicand.IsOne ? "" : $"sqrt({Radicand})") +
                                     string.Concat(Powers.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"[{p.Name}^{p.Exponent}]"));

        /// <summary>The product monomial and the rational factor that leaves the radicands (square-free a·g, b·g give g).</summary>
        public static (Monomial, Rational) Multiply(Monomial a, Monomial b)
        {
            var g = BigInteger.GreatestCommonDivisor(a.Radicand, b.Radicand);
            var radicand = a.Radicand / g * (b.Radicand / g);
            var powers = a.Powers.Concat(b.Powers).GroupBy(p => p.Name, StringComparer.Ordinal)
                .Select(x => (x.Key, x.Sum(p => p.Exponent))).Where(p => p.Item2 != 0).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
            return (new Monomial(radicand, powers), new Rational(g, 1));
        }
    }
}
