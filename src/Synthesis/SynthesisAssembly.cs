namespace YuLanData.Synthesis;
/// <summary>Marker for the synthesis assembly.</summary>
public static class SynthesisAssembly { }
