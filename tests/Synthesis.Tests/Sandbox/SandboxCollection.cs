namespace YuLanData.Synthesis.Tests;

/// <summary>
/// The sandbox test classes run one after the other: the memory and fork-bomb probes load the machine enough to push
/// the short wall-clock limits of the other sandbox tests over on a 2-core machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SandboxCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "sandbox";
}
