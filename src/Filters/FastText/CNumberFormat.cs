using System.Globalization;
using System.Numerics;
using System.Text;

namespace YuLanData.Filters.FastText;

/// <summary>
/// C's <c>%.Ng</c> formatting (what a C++ ostream prints for a float/double at precision N): N significant
/// digits rounded half-to-even from the exact binary value, trailing zeros removed, exponent form
/// (<c>1e-05</c>) when the decimal exponent is below -4 or at least N.
/// </summary>
internal static class CNumberFormat
{
    /// <summary>Formats <paramref name="value"/> like <c>printf("%.{precision}g")</c> in the C locale.</summary>
    /// <param name="value">The number (floats are passed widened to double, as C++ does).</param>
    /// <param name="precision">Significant digits (ostream default 6).</param>
    public static string FormatG(double value, int precision = 6)
    {
        if (double.IsNaN(value))
            return double.IsNegative(value) ? "-nan" : "nan";
        if (double.IsInfinity(value))
            return value > 0 ? "inf" : "-inf";
        if (precision == 0)
            precision = 1;
        var sb = new StringBuilder(16);
        if (double.IsNegative(value))
        {
            sb.Append('-');
            value = -value;
        }
        if (value == 0)
            return sb.Append('0').ToString();

        // Exact decimal digits of value = mantissa × 2^exponent.
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exp2 = (int)((bits >> 52) & 0x7FF);
        long mant = bits & 0xFFFFFFFFFFFFFL;
        if (exp2 == 0)
            exp2 = 1;
        else
            mant |= 1L << 52;
        exp2 -= 1075;
        BigInteger numerator = mant, denominator = BigInteger.One;
        if (exp2 > 0)
            numerator <<= exp2;
        else
            denominator <<= -exp2;

        // Decimal exponent e with 10^e <= value < 10^(e+1).
        int e = (int)Math.Floor(Math.Log10(value));
        if (Compare(numerator, denominator, e) < 0)
            e--;
        else if (Compare(numerator, denominator, e + 1) >= 0)
            e++;

        // digits = round_half_even(value / 10^(e - precision + 1))
        BigInteger digits = RoundDiv(numerator, denominator, e - precision + 1);
        if (digits >= BigInteger.Pow(10, precision))
        {
            e++;
            digits = RoundDiv(numerator, denominator, e - precision + 1);
        }
        string d = digits.ToString(CultureInfo.InvariantCulture).PadLeft(precision, '0');

        if (e < -4 || e >= precision)
        {
            string frac = d[1..].TrimEnd('0');
            sb.Append(d[0]);
            if (frac.Length > 0)
                sb.Append('.').Append(frac);
            sb.Append('e').Append(e < 0 ? '-' : '+');
            sb.Append(Math.Abs(e).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (e >= 0)
        {
            string intPart = d[..(e + 1)];
            string frac = d[(e + 1)..].TrimEnd('0');
            sb.Append(intPart);
            if (frac.Length > 0)
                sb.Append('.').Append(frac);
        }
        else
        {
            string frac = (new string('0', -e - 1) + d).TrimEnd('0');
            sb.Append("0.").Append(frac);
        }
        return sb.ToString();
    }

    /// <summary>Sign of num/den − 10^p.</summary>
    private static int Compare(BigInteger num, BigInteger den, int p) =>
        p >= 0 ? num.CompareTo(den * BigInteger.Pow(10, p)) : (num * BigInteger.Pow(10, -p)).CompareTo(den);

    /// <summary>round_half_even(num / den / 10^p).</summary>
    private static BigInteger RoundDiv(BigInteger num, BigInteger den, int p)
    {
        if (p >= 0)
            den *= BigInteger.Pow(10, p);
        else
            num *= BigInteger.Pow(10, -p);
        var q = BigInteger.DivRem(num, den, out var r);
        int c = (r * 2).CompareTo(den);
        if (c > 0 || (c == 0 && !q.IsEven))
            q += 1;
        return q;
    }
}
