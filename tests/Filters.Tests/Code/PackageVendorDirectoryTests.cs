using System.Text.Json.Nodes;
using YuLanData.Filters.Code;

namespace YuLanData.Filters.Tests.Code;

/// <summary><c>external/</c> marks third-party copies only one package folder down: jquery-ui keeps jQuery, QUnit and
/// Globalize as <c>external/&lt;package&gt;/…</c>; Pygments' <c>external/*.py</c> are its own plugins for other programs.</summary>
public class PackageVendorDirectoryTests
{
    private static readonly VendoredCodeFilter Filter = new(new VendoredCodeOptions());

    private static string? Evidence(string path, string text = "function f() { return 1; }\n") =>
        Filter.Evidence(text, new JsonObject { ["path"] = path, ["repo"] = "jquery/jquery-ui" });

    [Theory]
    [InlineData("external/jquery-3.7.1/jquery.js")]
    [InlineData("external/qunit/qunit.js")]
    [InlineData("external/globalize/globalize.culture.de-DE.js")]
    [InlineData("external/requirejs/require.js")]
    [InlineData("src/External/googletest/gtest.cc")]
    public void FilesInAPackageFolderUnderExternalAreVendored(string path) => Assert.Equal(Evidence(path), path.StartsWith("src") ? "path:External" : "path:external");

    [Fact]
    public void PygmentsOwnExternalPluginsAreNotVendored()
    {
        var external = SharedDocs.Records("code/pygments__pygments@HEAD-6a62df1d1f.jsonl.gz")
            .Where(r => r["path"]!.GetValue<string>().StartsWith("external/", StringComparison.Ordinal)).ToList();
        Assert.Contains(external, r => r["path"]!.GetValue<string>() == "external/markdown-processor.py");
        foreach (var r in external)
            Assert.True(Filter.Evidence(r["text"]!.GetValue<string>(), (JsonObject)r.DeepClone()) is null, r["path"]!.GetValue<string>());
    }

    [Fact]
    public void TheListIsAnOption()
    {
        var none = new VendoredCodeFilter(new VendoredCodeOptions { PackageVendorDirectories = [] });
        Assert.Null(none.Evidence("x\n", new JsonObject { ["path"] = "external/qunit/qunit.js" }));
    }
}
