using YuLanData.Jobs.Execution;

namespace YuLanData.Jobs.Tests;

/// <summary>Leftovers of writers killed inside <see cref="AtomicFile.WriteAllText"/>.</summary>
public class AtomicFileTests
{
    [Fact]
    public void StaleTemporariesOfDeadWritersAreRemovedAndLiveOnesKept()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["completed"]);
        var dead = dir["completed/00004.tmp-4194303"]; // above any pid_max in use: no such process
        var mine = dir["stats/00001.json.tmp-" + Environment.ProcessId];
        var live = dir["completed/00005.tmp-1"]; // init always runs
        var unrelated = dir["completed/notes.tmp-draft"];
        Directory.CreateDirectory(dir["stats"]);
        foreach (var f in new[] { dead, mine, live, unrelated }) File.WriteAllText(f, "x");
        AtomicFile.WriteAllText(dir["completed/00003"], "done");

        Assert.Equal(2, AtomicFile.RemoveStaleTemporaries(dir.Path));
        Assert.False(File.Exists(dead));
        Assert.False(File.Exists(mine));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(unrelated));
        Assert.Equal("done", File.ReadAllText(dir["completed/00003"]));
    }
}
