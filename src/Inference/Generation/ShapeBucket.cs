namespace YuLanData.Inference.Generation;

/// <summary>Rounding of tensor lengths up to bucket multiples, so the model sees a new shape only when a bucket is crossed.</summary>
internal static class ShapeBucket
{
    /// <summary><paramref name="value"/> rounded up to a multiple of <paramref name="multiple"/>.</summary>
    public static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
