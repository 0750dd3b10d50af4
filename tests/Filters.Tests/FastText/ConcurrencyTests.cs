using YuLanData.Filters.FastText;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.FastText;

/// <summary>The model is shared by threads, and predicting does not allocate once warm.</summary>
public sealed class ConcurrencyTests
{
    private static readonly FastTextModel Lid = FastTextModel.Load(RepoPaths.SharedData("models", "lid.176.ftz"));

    [Fact]
    public void Parallel_Predictions_Equal_Sequential_Ones()
    {
        var docs = RealCorpus.Texts("nltk_udhr2_multilingual.jsonl.gz").Concat(RealCorpus.Texts("bbc_news_2225.jsonl.gz").Take(150)).ToList();
        var expected = docs.Select(d => Lid.Predict(d, 3)).ToList();
        var actual = new FastTextPrediction[docs.Count][];
        Parallel.For(0, docs.Count * 3, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var p = Lid.Predict(docs[i % docs.Count], 3);
            if (i >= docs.Count * 2)
                actual[i % docs.Count] = p;
        });
        for (int i = 0; i < docs.Count; i++)
            Assert.Equal(expected[i], actual[i]);
    }

    [Fact]
    public void Predict_Into_Span_Does_Not_Allocate_When_Warm()
    {
        var docs = RealCorpus.Texts("nltk_udhr2_multilingual.jsonl.gz").Take(100).ToList();
        var destination = new FastTextPrediction[5];
        foreach (var d in docs)
            Lid.Predict(d.AsSpan(), 5, 0f, destination);
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var d in docs)
            Lid.Predict(d.AsSpan(), 5, 0f, destination);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
