using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using YuLanData.Filters.FastText;

namespace YuLanData.Filters.Tests.FastText;

/// <summary>%g formatting checked against C's printf (coreutils printf, which formats with the C library).</summary>
public sealed class NumberFormatTests
{
    /// <summary>The exact decimal expansion of a double (so printf parses exactly the same value).</summary>
    private static string Exact(double v)
    {
        long bits = BitConverter.DoubleToInt64Bits(v);
        int exp = (int)((bits >> 52) & 0x7FF);
        long mant = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0) exp = 1; else mant |= 1L << 52;
        exp -= 1075;
        if (exp >= 0)
            return (new BigInteger(mant) << exp).ToString(CultureInfo.InvariantCulture);
        var digits = (new BigInteger(mant) * BigInteger.Pow(5, -exp)).ToString(CultureInfo.InvariantCulture).PadLeft(-exp + 1, '0');
        return digits[..^(-exp)] + "." + digits[^(-exp)..];
    }

    private static string[] Printf(string format, IReadOnlyList<double> values)
    {
        var psi = new ProcessStartInfo("/usr/bin/printf") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(format + "\\n");
        foreach (var v in values)
            psi.ArgumentList.Add(Exact(v));
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output.Split('\n')[..values.Count];
    }

    [Fact]
    public void FormatG_Matches_C_Printf()
    {
        var rng = new Random(12345);
        var values = new List<double>();
        for (int i = 0; i < 1500; i++)
            values.Add((float)(rng.NextDouble() * 1.00001));
        for (int i = 0; i < 300; i++)
            values.Add((float)Math.Exp(-rng.NextDouble() * 14)); // down to ~1e-6
        for (int n = 1; n <= 30; n++)
            values.Add(Math.Pow(2, -n)); // exact ties at the 6th digit (e.g. 2^-10)
        values.AddRange([0.5, 1.0, 1.00001f, 1e-5f, 0.1f, 0.999999f, 0.9999995, 123456.5, 1234567.0, 0.0001, 0.00001234]);
        foreach (var (format, precision) in new[] { ("%g", 6), ("%.3g", 3) })
        {
            var expected = Printf(format, values);
            for (int i = 0; i < values.Count; i++)
                Assert.True(expected[i] == CNumberFormat.FormatG(values[i], precision), $"{format} of {Exact(values[i])}: printf '{expected[i]}', ours '{CNumberFormat.FormatG(values[i], precision)}'");
        }
    }
}
