namespace YuLanData.Jobs.Pipelines;

/// <summary>A pipeline file that cannot run as written; the message names the file, line and column.</summary>
public sealed class PipelineConfigException(string file, long line, long column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;

    public long Line { get; } = line;

    public long Column { get; } = column;

    public string Problem { get; } = problem;
}
