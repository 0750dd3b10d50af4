namespace YuLanData.Jobs.Tests;

/// <summary>
/// Tests in this collection run alone: the memory they measure is the whole process's, so tests running beside it in parallel would be counted
/// as their own growth.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "memory measurement";
}
