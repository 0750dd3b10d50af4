using YuLanData.Filters.FastText;
using YuLanData.Filters.Resources;

namespace YuLanData.Filters.Tests.Resources;

public sealed class ResourceCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resource-cache-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static FastTextModel Train(string labelA, string labelB)
    {
        var lines = new List<string>();
        for (int i = 0; i < 50; i++)
        {
            lines.Add($"__label__{labelA} purr meow whiskers {i % 5}");
            lines.Add($"__label__{labelB} woof bark fetch {i % 7}");
        }
        return FastTextTrainer.Train(lines, new FastTextTrainingOptions { Dim = 4, Epoch = 2, Bucket = 1000, Threads = 1 });
    }

    [Fact]
    public void AFastTextModelRewrittenInPlaceIsReloaded()
    {
        string path = Path.Combine(_dir, "model.bin");
        Train("cat", "dog").Save(path);
        var first = FastTextModel.LoadShared(path);
        Assert.Same(first, FastTextModel.LoadShared(Path.Combine(_dir, ".", "model.bin")));
        Assert.Contains("__label__cat", first.Labels);

        // retrained under the same name (what a classifier refresh does); the old copy must not be served
        Train("red", "blue").Save(path);
        var second = FastTextModel.LoadShared(path);
        Assert.NotSame(first, second);
        Assert.Contains("__label__red", second.Labels);
        Assert.DoesNotContain("__label__cat", second.Labels);
        // and a stage set up now classifies with the new model
        var stage = new FastTextClassifierFilter(new FastTextClassifierFilterOptions { ModelPath = path, Label = "red", Threshold = 0 });
        var meta = new System.Text.Json.Nodes.JsonObject();
        stage.Apply(new FilterInput("purr meow whiskers", "d", meta));
        Assert.NotNull(meta["fasttext_score"]);
    }

    [Fact]
    public void SameSizeButNewModificationTimeReloads_SameFileDoesNot()
    {
        string path = Path.Combine(_dir, "r.txt");
        File.WriteAllText(path, "aaaa");
        int loads = 0;
        string Load(string p) { loads++; return File.ReadAllText(p); }
        Assert.Equal("aaaa", ResourceCache.Get(path, Load));
        Assert.Equal("aaaa", ResourceCache.Get(path, Load));
        Assert.Equal(1, loads);

        File.WriteAllText(path, "bbbb");
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));
        Assert.Equal("bbbb", ResourceCache.Get(path, Load));
        Assert.Equal(2, loads);
    }

    [Fact]
    public void SameModificationTimeButNewSizeReloads()
    {
        string path = Path.Combine(_dir, "s.txt");
        File.WriteAllText(path, "one");
        var written = File.GetLastWriteTimeUtc(path);
        Assert.Equal("one", ResourceCache.Get(path, File.ReadAllText));
        File.WriteAllText(path, "three");
        File.SetLastWriteTimeUtc(path, written);
        Assert.Equal("three", ResourceCache.Get(path, File.ReadAllText));
    }

    [Fact]
    public void AFailedLoadIsNotCached()
    {
        string path = Path.Combine(_dir, "f.txt");
        File.WriteAllText(path, "x");
        Assert.Throws<InvalidDataException>(() => ResourceCache.Get<string>(path, _ => throw new InvalidDataException("bad")));
        Assert.Equal("x", ResourceCache.Get(path, File.ReadAllText));
    }

    [Fact]
    public void TheResourceTypeIsPartOfTheKey()
    {
        string path = Path.Combine(_dir, "t.txt");
        File.WriteAllText(path, "12");
        Assert.Equal("12", ResourceCache.Get(path, File.ReadAllText));
        Assert.Equal(new[] { (byte)'1', (byte)'2' }, ResourceCache.Get(path, File.ReadAllBytes));
    }
}
