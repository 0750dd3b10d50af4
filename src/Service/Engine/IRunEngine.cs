namespace YuLanData.Service.Engine;

/// <summary>
/// The pipeline engine as the service sees it. The service project does not reference the engine (the engine's
/// CLI hosts the service), so the CLI passes an adapter over its own loader and executor.
/// </summary>
public interface IRunEngine
{
    /// <summary>Loads and validates a pipeline file; nothing is written yet.</summary>
    /// <param name="pipelineFile">The pipeline YAML file (already confined to the service's roots).</param>
    /// <param name="outputOverride">Replaces the pipeline's <c>output.path</c>, or null to keep it.</param>
    /// <param name="workers">Tasks run in parallel.</param>
    /// <param name="paths">Says why a path the pipeline names (input globs before they are listed, matched files, the
    /// output folder, every stage option that names a file) may not be used, or null when it may; it is asked before
    /// anything is listed or opened. Null allows every path.</param>
    /// <exception cref="PipelineRejectedException">The pipeline is invalid or names a refused path (message names file, line and column).</exception>
    IPipelineRun Load(string pipelineFile, string? outputOverride, int workers, Func<string, string?>? paths = null);
}
