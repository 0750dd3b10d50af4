using Xunit.Abstractions;

namespace YuLanData.Inference.Tests.Tokenization;

/// <summary>Runs <see cref="TokenizerThroughputBenchmark"/> when <c>YULANDATA_BENCH=tokenizer</c> is set (it takes about a minute).</summary>
public sealed class TokenizerBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public void TokenizerBenchmark()
    {
        if (Environment.GetEnvironmentVariable("YULANDATA_BENCH") != "tokenizer")
            return;
        var writer = new StringWriter();
        TokenizerThroughputBenchmark.Run(writer);
        output.WriteLine(writer.ToString());
        Console.WriteLine(writer.ToString());
    }
}
