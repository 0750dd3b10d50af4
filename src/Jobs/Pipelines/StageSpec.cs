namespace YuLanData.Jobs.Pipelines;

/// <summary>One stage as configured: its registered definition and its bound options object.</summary>
/// <param name="Index">0-based position in the pipeline.</param>
/// <param name="Definition">The registered stage.</param>
/// <param name="Options">The options object built from the YAML parameters (null for stages without options).</param>
/// <param name="Line">The YAML line where the stage is declared.</param>
public sealed record StageSpec(int Index, Stages.StageDefinition Definition, object? Options, long Line)
{
    /// <summary>The stage's label in stats and file names: <c>{index:00}_{name}</c>.</summary>
    public string Label => $"{Index + 1:D2}_{Definition.Name}";
}
