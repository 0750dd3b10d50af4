using TorchSharp;
using YuLanData.Inference.Model;
using static TorchSharp.torch;

namespace YuLanData.Inference.Tests.Model;

/// <summary>
/// Eager GPU decoding is bound by op dispatch, so the decode step's op count per layer is a budget. TorchSharp has no
/// profiler, but every op that returns a new tensor (and every view) creates a tensor handle, which its dispose-scope
/// statistics count (per thread). Today a decoder layer creates 18 handles (9 of them from launching ops; 7 more
/// launches are in-place): an added op or view fails this test.
/// </summary>
public class DecodeOpBudgetTests
{
    private const int HandlesPerLayer = 18;

    private static long HandlesOfOneDecodeStep(int layers)
    {
        var config = LlamaConfig.YuLanMini with
        {
            HiddenSize = 64, NumHeads = 4, NumKeyValueHeads = 2, HeadDim = 16, IntermediateSize = 128,
            NumLayers = layers, VocabSize = 256, MaxPositionEmbeddings = 256, EosTokenIds = [],
        };
        using var model = LlamaModel.Random(config, CPU, ScalarType.Float32);
        using var cache = new KvCache(config, 2, 128, ScalarType.Float32, CPU);
        using var token = tensor(new long[] { 7, 8 });
        using (model.Prefill([[3, 4, 5, 6], [1, 2]], 4, cache, [0, 1])) { }
        using (model.Decode(token, [4, 2], cache, 128)) { } // the first step at a key length makes the cached views
        var stats = DisposeScopeManager.Statistics.TensorStatistics;
        var before = stats.CreatedInScopeCount + stats.CreatedOutsideScopeCount;
        using (model.Decode(token, [5, 3], cache, 128)) { }
        return stats.CreatedInScopeCount + stats.CreatedOutsideScopeCount - before;
    }

    [Fact]
    public void ADecoderLayerStaysWithinItsOpBudget()
    {
        var perLayer = (HandlesOfOneDecodeStep(6) - HandlesOfOneDecodeStep(2)) / 4.0;
        Assert.True(perLayer <= HandlesPerLayer, $"a decoder layer now creates {perLayer} tensor handles per decode step (budget {HandlesPerLayer})");
        Assert.True(perLayer >= HandlesPerLayer - 4, $"{perLayer} handles per layer: the count no longer measures the step (budget {HandlesPerLayer})");
    }
}
