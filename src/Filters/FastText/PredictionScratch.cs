namespace YuLanData.Filters.FastText;

/// <summary>Per-thread buffers for one prediction: UTF-8 bytes, input ids, hidden and output vectors, the top-k heap.</summary>
internal sealed class PredictionScratch
{
    public byte[] Utf8 = new byte[4096];
    public readonly LineIds Line = new();
    public float[] Hidden = new float[16];
    public float[] Output = new float[16];
    public float[] Gradient = new float[16];
    public readonly TopKHeap Heap = new();

    public void Ensure(int dim, int outputs)
    {
        if (Hidden.Length < dim)
        {
            Hidden = new float[dim];
            Gradient = new float[dim];
        }
        if (Output.Length < outputs)
            Output = new float[outputs];
    }
}
