using System.Globalization;
using System.Numerics;

namespace YuLanData.Synthesis.Verification;

/// <summary>An exact fraction in lowest terms with a positive denominator (so 0.75, 3/4 and 6/8 are equal).</summary>
public readonly record struct Rational
{
    /// <summary>Creates <paramref name="numerator"/>/<paramref name="denominator"/> in lowest terms.</summary>
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("denominator is zero");
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!g.IsZero && !g.IsOne)
        {
            numerator /= g;
            denominator /= g;
        }
        Numerator = numerator;
        Denominator = denominator;
    }

    /// <summary>Numerator (carries the sign).</summary>
    public BigInteger Numerator { get; }
    /// <summary>Denominator (positive).</summary>
    public BigInteger Denominator { get; }

    /// <summary>Parses a plain decimal such as <c>-12</c>, <c>3.50</c> or <c>.5</c> exactly.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> s, out Rational value)
    {
        value = default;
        if (s.IsEmpty) return false;
        var negative = s[0] == '-';
        if (s[0] is '-' or '+') s = s[1..];
        var dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        var frac = dot < 0 ? [] : s[(dot + 1)..];
        if (whole.IsEmpty && frac.IsEmpty) return false;
        foreach (var c in whole) if (!char.IsAsciiDigit(c)) return false;
        foreach (var c in frac) if (!char.IsAsciiDigit(c)) return false;
        var digits = string.Concat(whole, frac);
        var n = digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        value = new Rational(negative ? -n : n, BigInteger.Pow(10, frac.Length));
        return true;
    }

    /// <summary>Sum.</summary>
    public static Rational operator +(Rational a, Rational b) => new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    /// <summary>Difference.</summary>
    public static Rational operator -(Rational a, Rational b) => new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    /// <summary>Product.</summary>
    public static Rational operator *(Rational a, Rational b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
    /// <summary>Quotient; throws <see cref="DivideByZeroException"/> for a zero divisor.</summary>
    public static Rational operator /(Rational a, Rational b) => new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
    /// <summary>Negation.</summary>
    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);

    /// <summary>Approximate value.</summary>
    public double ToDouble() => (double)Numerator / (double)Denominator;

    /// <summary><c>n</c> or <c>n/d</c>.</summary>
    public override string ToString() => Denominator.IsOne
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";
}
