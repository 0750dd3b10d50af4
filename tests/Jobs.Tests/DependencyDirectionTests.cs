using System.Reflection;
using System.Xml.Linq;
using YuLanData.Testing;

namespace YuLanData.Jobs.Tests;

/// <summary>
/// Dependencies point one way: the hosts (Cli, Service) reference the engine (Jobs), never the other way round, and the
/// libraries under the engine (Filters, Inference) know nothing of it. Checked in the project files (a reference the
/// compiler drops because no type is used yet still couples the builds) and in the built assemblies.
/// </summary>
public sealed class DependencyDirectionTests
{
    /// <summary>Projects and packages each source project must not name.</summary>
    public static TheoryData<string, string[]> Forbidden => new()
    {
        { "Jobs", ["YuLanData.Service", "YuLanData.Synthesis", "YuLanData.Cli", "System.CommandLine", "Spectre.Console"] },
        { "Filters", ["YuLanData.Jobs", "YuLanData.Service", "YuLanData.Synthesis", "YuLanData.Cli"] },
        { "Inference", ["YuLanData.Jobs", "YuLanData.Service", "YuLanData.Synthesis", "YuLanData.Cli", "System.CommandLine"] },
        { "Service", ["YuLanData.Cli", "System.CommandLine"] },
        { "Synthesis", ["YuLanData.Cli", "YuLanData.Service", "System.CommandLine"] },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void ProjectFileNamesNoForbiddenReference(string project, string[] forbidden)
    {
        string file = Path.Combine(RepoPaths.Root, "src", project, $"YuLanData.{project}.csproj");
        var references = XDocument.Load(file).Descendants()
            .Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference")
            .Select(e => Path.GetFileNameWithoutExtension((string?)e.Attribute("Include") ?? ""))
            .ToList();
        Assert.DoesNotContain(references, r => forbidden.Contains(r, StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void BuiltAssemblyReferencesNoForbiddenAssembly(string project, string[] forbidden)
    {
        var assembly = Assembly.Load($"YuLanData.{project}");
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(references, r => forbidden.Contains(r, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void TheCliIsTheOnlyExecutableAndHostsTheEngine()
    {
        var cli = Assembly.Load("yulandata");
        Assert.NotNull(cli.EntryPoint);
        Assert.Contains("YuLanData.Jobs", cli.GetReferencedAssemblies().Select(a => a.Name));
        Assert.Null(Assembly.Load("YuLanData.Jobs").EntryPoint);
        Assert.Contains("YuLanData.Jobs", Assembly.Load("YuLanData.Service").GetReferencedAssemblies().Select(a => a.Name));
    }
}
