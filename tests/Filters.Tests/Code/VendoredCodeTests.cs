using System.Text.Json.Nodes;
using YuLanData.Filters.Code;

namespace YuLanData.Filters.Tests.Code;

/// <summary>Vendored-code detection on real repositories in ../shared/data/code (setuptools vendors its dependencies
/// under setuptools/_vendor; rich copies cli-spinners with its MIT header).</summary>
public class VendoredCodeTests
{
    private static readonly VendoredCodeFilter Filter = new(new VendoredCodeOptions());

    private static FilterInput Input(JsonObject record) =>
        new(record["text"]!.GetValue<string>(), record["id"]?.GetValue<string>() ?? "doc", (JsonObject)record.DeepClone());

    [Fact]
    public void EveryVendoredSetuptoolsFileIsDroppedAndOwnFilesAreNotMarked()
    {
        var records = SharedDocs.Records("code/pypa__setuptools@HEAD-7d531288b7.jsonl.gz").ToList();
        var vendored = records.Where(r => r["path"]!.GetValue<string>().Contains("/_vendor/")).ToList();
        var own = records.Except(vendored).ToList();
        Assert.True(vendored.Count >= 80, $"only {vendored.Count} vendored files in the sample");
        foreach (var r in vendored)
        {
            var input = Input(r);
            var outcome = Filter.Apply(input);
            Assert.Equal("vendored", outcome.Reason);
            Assert.Equal("path:_vendor", input.Metadata["vendored"]!.GetValue<string>());
        }
        Assert.Equal(0, own.Count(r => Filter.Apply(Input(r)).Reason is not null));
    }

    [Fact]
    public void CopiedLicenceHeaderOfAnotherProjectIsVendoredButTheProjectsOwnHeaderIsNot()
    {
        var rich = SharedDocs.Records("code/Textualize__rich@HEAD-42899d8a0a.jsonl.gz").ToList();
        var spinners = rich.Single(r => r["path"]!.GetValue<string>() == "rich/_spinners.py");
        var input = Input(spinners);
        Assert.Equal("vendored", Filter.Apply(input).Reason);
        Assert.StartsWith("license:", input.Metadata["vendored"]!.GetValue<string>());
        Assert.Contains("Sindre Sorhus", input.Metadata["vendored"]!.GetValue<string>());

        // Pygments' own files carry ":copyright: Copyright 2006-present by the Pygments team" and a licence line.
        var pygments = SharedDocs.Records("code/pygments__pygments@HEAD-6a62df1d1f.jsonl.gz").ToList();
        Assert.True(pygments.Count(r => r["text"]!.GetValue<string>().Contains("by the Pygments team")) > 300);
        Assert.Equal(0, pygments.Count(r => Filter.Apply(Input(r)).Reason is not null));

        // Without a repository name nothing tells own from copied: no licence verdict.
        var anonymous = (JsonObject)spinners.DeepClone();
        anonymous.Remove("repo");
        anonymous["path"] = "spinners.py";
        Assert.Null(Filter.Apply(Input(anonymous)).Reason);
    }

    [Fact]
    public void KnownUpstreamFileIsVendoredWhereverItLives()
    {
        // packaging's own sources are the upstream; a copy of one outside any vendor directory is found by its hash.
        var packaging = SharedDocs.Records("code/pypa__packaging@HEAD-053c884615.jsonl.gz")
            .Where(r => r["path"]!.GetValue<string>().StartsWith("src/packaging/", StringComparison.Ordinal)).ToList();
        string list = Path.Combine(Path.GetTempPath(), $"upstream-{Guid.NewGuid():N}.sha256");
        File.WriteAllLines(list, packaging.Select(r => UpstreamHashList.Hash(r["text"]!.GetValue<string>()) + "  " + r["path"]));
        try
        {
            var withList = new VendoredCodeFilter(new VendoredCodeOptions { UpstreamHashFile = list });
            var copy = (JsonObject)packaging.First(r => r["path"]!.GetValue<string>() == "src/packaging/version.py").DeepClone();
            copy["repo"] = "example/app";
            copy["path"] = "app/compat/version.py";
            Assert.Null(Filter.Apply(Input(copy)).Reason);
            var input = Input(copy);
            Assert.Equal("vendored", withList.Apply(input).Reason);
            Assert.Equal("upstream_hash", input.Metadata["vendored"]!.GetValue<string>());
            // one changed byte: not the upstream file
            copy["text"] = copy["text"]!.GetValue<string>() + "\n";
            Assert.Null(withList.Apply(Input(copy)).Reason);
        }
        finally { File.Delete(list); }
    }

    [Fact]
    public void MalformedHashListIsRefusedWithFileAndLine()
    {
        string list = Path.Combine(Path.GetTempPath(), $"upstream-{Guid.NewGuid():N}.sha256");
        File.WriteAllText(list, "# upstream\n" + new string('a', 64) + "  ok.py\nnot-a-hash  bad.py\n");
        try
        {
            var e = Assert.Throws<FormatException>(() => new VendoredCodeFilter(new VendoredCodeOptions { UpstreamHashFile = list }));
            Assert.Contains(list + ":3:", e.Message);
        }
        finally { File.Delete(list); }
    }

    [Fact]
    public void MarkOnlyModeKeepsTheDocument()
    {
        var r = SharedDocs.Records("code/pypa__setuptools@HEAD-7d531288b7.jsonl.gz").First(r => r["path"]!.GetValue<string>().Contains("/_vendor/"));
        var input = Input(r);
        Assert.True(new VendoredCodeFilter(new VendoredCodeOptions { Drop = false }).Apply(input).Keep);
        Assert.Equal("path:_vendor", input.Metadata["vendored"]!.GetValue<string>());
    }
}
