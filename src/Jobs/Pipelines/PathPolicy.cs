namespace YuLanData.Jobs.Pipelines;

/// <summary>
/// Decides whether a path a pipeline names (an input glob's fixed folder, a matched input file, the output folder,
/// a stage's path option) may be used, before anything opens or lists it.
/// </summary>
/// <param name="path">The path as written in the pipeline (relative paths are relative to the working directory).</param>
/// <returns>Null when the path may be used, else the reason it is refused (naming only what the pipeline wrote).</returns>
public delegate string? PathPolicy(string path);
