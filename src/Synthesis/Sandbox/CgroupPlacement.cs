namespace YuLanData.Synthesis.Sandbox;

/// <summary>Where run cgroups are made.</summary>
/// <param name="Version">1 or 2.</param>
/// <param name="MemoryParent">The folder new memory-limited groups are made in (this process's own cgroup).</param>
/// <param name="PidsParent">The folder new process-limited groups are made in (the same as <paramref name="MemoryParent"/> on v2).</param>
public sealed record CgroupPlacement(int Version, string MemoryParent, string PidsParent);
