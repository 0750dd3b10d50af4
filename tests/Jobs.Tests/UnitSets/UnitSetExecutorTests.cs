using System.Collections.Concurrent;
using YuLanData.Jobs.Execution;

namespace YuLanData.Jobs.Tests.UnitSets;

/// <summary>
/// The unit-set model on real files: each unit writes its output and then its marker; the executor orders sets by
/// their dependencies, skips finished units, discards stale downstream results and keeps out a second run.
/// </summary>
public class UnitSetExecutorTests
{
    /// <summary>A job of two sets in <paramref name="root"/>: <c>a</c> (<paramref name="a"/> units) and <c>b</c>
    /// (<paramref name="b"/> units, after <c>a</c>); each unit writes <c>{set}/{unit}</c> holding, for b, how many
    /// units of a were complete when it started. <paramref name="log"/> records (set, unit) in start order.</summary>
    private static UnitJob TwoSets(string root, int a, int b, ConcurrentQueue<string> log, Func<string, int, bool>? fail = null, List<string>? discarded = null)
    {
        string Marker(string set, int unit) => Path.Combine(root, set, unit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        UnitSet Set(string name, int count, string[] dependsOn) => new()
        {
            Name = name,
            Count = count,
            DependsOn = dependsOn,
            IsComplete = unit => File.Exists(Marker(name, unit)),
            RunUnit = (unit, _) =>
            {
                log.Enqueue($"{name}{unit}");
                int aDone = Enumerable.Range(0, a).Count(u => File.Exists(Marker("a", u)));
                Thread.Sleep(name == "a" ? 5 * (unit % 3) : 1); // units of a finish out of order
                if (fail?.Invoke(name, unit) == true)
                    throw new IOException($"unit {name}{unit} failed");
                Directory.CreateDirectory(Path.Combine(root, name));
                File.WriteAllText(Marker(name, unit), name == "b" ? aDone.ToString(System.Globalization.CultureInfo.InvariantCulture) : "a");
            },
            Discard = () =>
            {
                discarded?.Add(name);
                if (Directory.Exists(Path.Combine(root, name)))
                    Directory.Delete(Path.Combine(root, name), recursive: true);
            },
        };
        return new UnitJob(root, "test job", [Set("a", a, []), Set("b", b, ["a"])]);
    }

    [Fact]
    public void A_dependent_set_starts_only_after_every_unit_of_its_dependency_finished()
    {
        using var dir = new TempDir();
        var log = new ConcurrentQueue<string>();
        var result = new LocalUnitExecutor(4).Run(TwoSets(dir.Path, 12, 5, log));
        Assert.Equal([12, 5], result.Select(r => r.UnitsRun));
        var order = log.ToList();
        int lastA = order.FindLastIndex(s => s.StartsWith('a')), firstB = order.FindIndex(s => s.StartsWith('b'));
        Assert.True(lastA < firstB, "a unit of b started before the last unit of a: " + string.Join(" ", order));
        // Each unit of b saw all 12 units of a complete when it started.
        for (int u = 0; u < 5; u++)
            Assert.Equal("12", File.ReadAllText(dir[$"b/{u}"]));
    }

    [Fact]
    public void A_failed_unit_stops_the_job_before_the_dependent_set_and_a_rerun_runs_only_what_is_left()
    {
        using var dir = new TempDir();
        var log = new ConcurrentQueue<string>();
        var discarded = new List<string>();
        var e = Assert.Throws<AggregateException>(() => new LocalUnitExecutor(2).Run(TwoSets(dir.Path, 6, 3, log, (set, unit) => set == "a" && unit == 4)));
        Assert.Contains("unit a4 failed", e.InnerExceptions[0].Message);
        Assert.DoesNotContain(log, s => s.StartsWith('b'));
        Assert.False(Directory.Exists(dir["b"]));

        var finishedA = Directory.GetFiles(dir["a"]).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Thread.Sleep(20);
        log.Clear();
        var result = new LocalUnitExecutor(2).Run(TwoSets(dir.Path, 6, 3, log, discarded: discarded));
        Assert.Equal(6 - finishedA.Count, result[0].UnitsRun);
        Assert.Equal(3, result[1].UnitsRun);
        Assert.Contains("a4", log);
        foreach (var (file, stamp) in finishedA)
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(file));
        // b's (absent) results were stale because a had unfinished units: discarded before running.
        Assert.Equal(["b"], discarded);

        // All finished: nothing runs, nothing is discarded.
        discarded.Clear();
        log.Clear();
        Assert.Equal([0, 0], new LocalUnitExecutor(2).Run(TwoSets(dir.Path, 6, 3, log, discarded: discarded)).Select(r => r.UnitsRun));
        Assert.Empty(log);
        Assert.Empty(discarded);
    }

    [Fact]
    public void Results_of_a_dependent_set_are_discarded_when_its_dependency_has_units_to_redo()
    {
        using var dir = new TempDir();
        var log = new ConcurrentQueue<string>();
        new LocalUnitExecutor(2).Run(TwoSets(dir.Path, 4, 2, log));
        File.Delete(dir["a/2"]); // a unit of a to redo: b's results were made from the old one
        File.WriteAllText(dir["b/stale-extra"], "x");
        log.Clear();
        var result = new LocalUnitExecutor(2).Run(TwoSets(dir.Path, 4, 2, log));
        Assert.Equal([1, 2], result.Select(r => r.UnitsRun));
        Assert.False(File.Exists(dir["b/stale-extra"]));
    }

    [Fact]
    public void One_unit_in_its_own_process_refuses_to_run_before_its_dependency_and_skips_a_finished_unit()
    {
        using var dir = new TempDir();
        var log = new ConcurrentQueue<string>();
        var job = TwoSets(dir.Path, 3, 2, log);
        var e = Assert.Throws<RunFolderException>(() => LocalUnitExecutor.RunOne(job, "b", 0));
        Assert.Contains("a unit 0 has not finished", e.Message);
        Assert.Throws<ArgumentException>(() => LocalUnitExecutor.RunOne(job, "a", 3));
        Assert.Throws<ArgumentException>(() => LocalUnitExecutor.RunOne(job, "c", 0));
        for (int u = 0; u < 3; u++)
            Assert.True(LocalUnitExecutor.RunOne(job, "a", u));
        Assert.False(LocalUnitExecutor.RunOne(job, "a", 1));
        Assert.True(LocalUnitExecutor.RunOne(job, "b", 1));
        Assert.Equal("3", File.ReadAllText(dir["b/1"]));
    }

    [Fact]
    public void A_second_run_of_the_same_folder_is_refused_while_one_holds_the_lock()
    {
        using var dir = new TempDir();
        var job = TwoSets(dir.Path, 2, 1, new ConcurrentQueue<string>());
        using (job.AcquireLock())
        {
            var e = Assert.Throws<RunFolderException>(() => new LocalUnitExecutor(1).Run(job));
            Assert.Contains("in use by another test job", e.Message);
        }
        Assert.Equal([2, 1], new LocalUnitExecutor(1).Run(job).Select(r => r.UnitsRun));
    }

    [Fact]
    public void A_job_whose_set_depends_on_a_later_or_unknown_set_is_refused()
    {
        UnitSet Set(string name, params string[] dependsOn) => new() { Name = name, Count = 1, DependsOn = dependsOn, IsComplete = _ => false, RunUnit = (_, _) => { } };
        Assert.Contains("not an earlier set", Assert.Throws<ArgumentException>(() => new UnitJob("x", "job", [Set("b", "a"), Set("a")])).Message);
        Assert.Contains("named a", Assert.Throws<ArgumentException>(() => new UnitJob("x", "job", [Set("a"), Set("a")])).Message);
    }
}
