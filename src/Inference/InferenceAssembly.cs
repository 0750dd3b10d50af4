namespace YuLanData.Inference;
/// <summary>Marker for the inference assembly.</summary>
public static class InferenceAssembly { }
