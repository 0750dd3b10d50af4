namespace YuLanData.Filters.Code;

/// <summary>Options of <see cref="VendoredCodeFilter"/>.</summary>
public sealed class VendoredCodeOptions
{
    /// <summary>Directory names (any segment of the path, case-insensitive) under which files are third-party copies.</summary>
    public List<string> VendorDirectories { get; set; } =
    [
        "_vendor", "vendor", "vendored", "_vendored", "third_party", "third-party", "thirdparty", "3rdparty", "3rd_party",
        "node_modules", "bower_components", "jspm_packages", "site-packages", "dist-packages", "extern", "externals",
        "deps", "Godeps", "Pods", "Carthage",
    ];

    /// <summary>Directory names that hold third-party copies only one package folder down (<c>external/jquery-3.7.1/jquery.js</c>,
    /// <c>external/googletest/…</c>); files directly inside them are the project's own (Pygments' <c>external/</c> holds
    /// its own plugins for other programs).</summary>
    public List<string> PackageVendorDirectories { get; set; } = ["external"];

    /// <summary>Detect a copied licence header: a licence grant (MIT, BSD, Apache, GPL, MPL text) with a copyright line
    /// in the first <see cref="HeaderLines"/> lines that names neither the repository's owner nor its name.</summary>
    public bool DetectCopiedLicense { get; set; } = true;

    /// <summary>How many leading lines are searched for a copied licence header.</summary>
    public int HeaderLines { get; set; } = 40;

    /// <summary>Files of known upstream packages: one SHA-256 (hex) of a file's UTF-8 bytes per line, optionally followed
    /// by whitespace and a path (the output of <c>sha256sum</c>); a document with the same hash is a copy.</summary>
    [PathParameter]
    public string? UpstreamHashFile { get; set; }

    /// <summary>Drop marked documents (reason <c>vendored</c>); false: keep them and only write the mark.</summary>
    public bool Drop { get; set; } = true;

    /// <summary>Metadata key receiving the evidence (<c>path:_vendor</c>, <c>license:…</c>, <c>upstream_hash</c>).</summary>
    public string MetadataKey { get; set; } = "vendored";

    /// <summary>Throws <see cref="ArgumentException"/> for bad values.</summary>
    public void Validate()
    {
        if (HeaderLines < 1) throw new ArgumentException("code_vendored: header_lines must be >= 1");
        if (string.IsNullOrWhiteSpace(MetadataKey)) throw new ArgumentException("code_vendored: metadata_key must be set");
        if (UpstreamHashFile is not null && !File.Exists(UpstreamHashFile))
            throw new ArgumentException($"code_vendored: upstream_hash_file '{UpstreamHashFile}' does not exist");
    }
}
