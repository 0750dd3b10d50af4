using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using YuLanData.Service.Http;

namespace YuLanData.Service.Security;

/// <summary>The service's TLS certificate, read from PEM files.</summary>
public static class TlsCertificate
{
    /// <summary>The certificate with its private key, or null when no TLS files are configured.</summary>
    /// <exception cref="ArgumentException">Only one of the two files is given, or one cannot be read or does not match the other; the message names the file.</exception>
    public static X509Certificate2? Load(ServiceOptions options)
    {
        var (cert, key) = (options.TlsCertificatePath, options.TlsKeyPath);
        if (cert is null && key is null) return null;
        if (cert is null || key is null) throw new ArgumentException("TLS needs both a certificate (--tls-cert) and its private key (--tls-key)");
        foreach (var file in new[] { cert, key })
            if (!File.Exists(file)) throw new ArgumentException($"TLS file {file} does not exist");
        X509Certificate2 loaded;
        try
        {
            loaded = X509Certificate2.CreateFromPemFile(cert, key);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"cannot use TLS certificate {cert} with key {key}: {e.Message}", e);
        }
        if (loaded.NotAfter < DateTime.Now) throw new ArgumentException($"TLS certificate {cert} expired on {loaded.NotAfter:u}");
        // Kestrel on Linux wants a certificate whose key is not an ephemeral PEM import.
        var exported = X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        loaded.Dispose();
        return exported;
    }
}
