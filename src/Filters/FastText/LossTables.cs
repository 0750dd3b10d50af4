namespace YuLanData.Filters.FastText;

/// <summary>
/// fastText's lookup tables for sigmoid and log (512 steps each), and its <c>std_log</c>. One-vs-all
/// probabilities come from the sigmoid table, so using it is needed to match the CLI.
/// </summary>
internal static class LossTables
{
    private const int SigmoidTableSize = 512;
    private const int MaxSigmoid = 8;
    private const int LogTableSize = 512;

    private static readonly float[] SigmoidTable = BuildSigmoid();
    private static readonly float[] LogTable = BuildLog();

    private static float[] BuildSigmoid()
    {
        var t = new float[SigmoidTableSize + 1];
        for (int i = 0; i <= SigmoidTableSize; i++)
        {
            float x = (float)(i * 2 * MaxSigmoid) / SigmoidTableSize - MaxSigmoid;
            t[i] = (float)(1.0 / (1.0 + MathF.Exp(-x)));
        }
        return t;
    }

    private static float[] BuildLog()
    {
        var t = new float[LogTableSize + 1];
        for (int i = 0; i <= LogTableSize; i++)
        {
            float x = (float)((i + 1e-5) / LogTableSize);
            t[i] = MathF.Log(x);
        }
        return t;
    }

    /// <summary>Table sigmoid (fastText <c>Loss::sigmoid</c>).</summary>
    public static float Sigmoid(float x)
    {
        if (x < -MaxSigmoid)
            return 0f;
        if (x > MaxSigmoid)
            return 1f;
        long i = (long)((x + MaxSigmoid) * SigmoidTableSize / MaxSigmoid / 2);
        return SigmoidTable[i];
    }

    /// <summary>Table log (fastText <c>Loss::log</c>).</summary>
    public static float Log(float x)
    {
        if (x > 1.0f)
            return 0f;
        long i = (long)(x * LogTableSize);
        return LogTable[i];
    }

    /// <summary>log(x + 1e-5) computed in double and rounded to float (fastText <c>std_log</c>).</summary>
    public static float StdLog(float x) => (float)Math.Log(x + 1e-5);
}
