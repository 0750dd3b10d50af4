using System.Text.Json.Nodes;

namespace YuLanData.Filters.Code;

/// <summary>
/// Marks third-party copies inside a repository (The Stack v2 / StarCoder practice: vendored code is someone else's
/// and would be counted twice): a path under a vendor directory (<c>_vendor/</c>, <c>third_party/</c>,
/// <c>node_modules/</c>, <c>site-packages/</c> …), a copied licence header naming another project, or the exact bytes
/// of a known upstream file. Marked documents get metadata <c>vendored</c> = the evidence and are dropped with reason
/// <c>vendored</c> unless <c>drop: false</c>.
/// </summary>
[Stage("code_vendored", "Vendored/third-party code: vendor directories, copied licence headers, known upstream file hashes")]
public sealed class VendoredCodeFilter : IDocumentFilter
{
    private readonly VendoredCodeOptions _o;
    private readonly HashSet<string> _dirs;
    private readonly HashSet<string> _packageDirs;
    private readonly UpstreamHashList? _upstream;

    /// <summary>Creates the filter; loads the upstream hash list when one is configured.</summary>
    /// <param name="options">See <see cref="VendoredCodeOptions"/>.</param>
    public VendoredCodeFilter(VendoredCodeOptions options)
    {
        options.Validate();
        _o = options;
        _dirs = new HashSet<string>(options.VendorDirectories, StringComparer.OrdinalIgnoreCase);
        _packageDirs = new HashSet<string>(options.PackageVendorDirectories, StringComparer.OrdinalIgnoreCase);
        _upstream = options.UpstreamHashFile is { } f ? UpstreamHashList.Load(f) : null;
    }

    /// <summary>The evidence that a document is a third-party copy, or null.</summary>
    /// <param name="text">The file content.</param>
    /// <param name="metadata">Its metadata (path and repository are read from it).</param>
    public string? Evidence(string text, JsonObject metadata)
    {
        if (CodeDocumentPath.PathOf(metadata) is { } path)
        {
            var dirs = CodeDocumentPath.Directories(path).ToList();
            for (int i = 0; i < dirs.Count; i++)
                if (_dirs.Contains(dirs[i]) || (i < dirs.Count - 1 && _packageDirs.Contains(dirs[i]))) return "path:" + dirs[i];
        }
        if (_upstream is not null && _upstream.Contains(text)) return "upstream_hash";
        if (_o.DetectCopiedLicense && CopiedLicenseHeader.Find(text, CodeDocumentPath.RepoOf(metadata), _o.HeaderLines) is { } line)
            return "license:" + (line.Length <= 100 ? line : line[..100]);
        return null;
    }

    public FilterOutcome Apply(in FilterInput input)
    {
        string? evidence = Evidence(input.Text, input.Metadata);
        if (evidence is null) return FilterOutcome.Kept;
        lock (input.Metadata) input.Metadata[_o.MetadataKey] = evidence;
        return _o.Drop ? FilterOutcome.Drop("vendored") : FilterOutcome.Kept;
    }
}
