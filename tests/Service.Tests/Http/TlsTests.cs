using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace YuLanData.Service.Tests;

/// <summary>https:// with a PEM certificate and key, over real TLS.</summary>
public class TlsTests
{
    // A self-signed certificate for 127.0.0.1, written as PEM files the way an operator would have them.
    private static (string Certificate, string Key, X509Certificate2 Issued) SelfSigned(TempRoot root, DateTimeOffset? notAfter = null, string name = "server")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=yulandata-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var issued = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), notAfter ?? DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(root[$"tls/{name}.crt.pem"], issued.ExportCertificatePem());
        File.WriteAllText(root[$"tls/{name}.key.pem"], key.ExportPkcs8PrivateKeyPem());
        return (root[$"tls/{name}.crt.pem"], root[$"tls/{name}.key.pem"], issued);
    }

    [Fact]
    public async Task ServesHttpsWithTheGivenCertificateAndTheTokenBeyondLoopback()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root["tls"]);
        var (cert, key, issued) = SelfSigned(root);
        X509Certificate2? seen = null;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
            {
                seen = presented is null ? null : new X509Certificate2(presented);
                return presented is not null && presented.Thumbprint == issued.Thumbprint;
            },
        };
        await using var svc = await LiveService.StartAsync(root, url: "https://0.0.0.0:0", tls: (cert, key), handler: handler);
        Assert.StartsWith("https://", svc.Client.BaseAddress!.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await svc.Client.GetAsync("/api/runs")).StatusCode);
        Assert.Equal(issued.Thumbprint, seen?.Thumbprint);
        var token = File.ReadAllText(root[".yulandata-service/token"]).Trim();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await svc.Client.SendAsync(request)).StatusCode);
        var page = await svc.Client.GetAsync("/?token=" + token);
        Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("clear text", svc.Log.ToString());

        // Plain HTTP to the TLS port gets no answer at all.
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var port = svc.Client.BaseAddress!.Port;
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{port}/api/runs"));
    }

    [Fact]
    public async Task PlainHttpBeyondLoopbackWarnsThatTheTokenTravelsInClear()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root, url: "http://0.0.0.0:0");
        Assert.Contains("clear text", svc.Log.ToString());
    }

    [Fact]
    public async Task BadTlsSettingsAreRefusedNamingTheFile()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root["tls"]);
        var (cert, key, _) = SelfSigned(root);
        var https = await Assert.ThrowsAsync<ArgumentException>(() => LiveService.StartAsync(root, url: "https://127.0.0.1:0"));
        Assert.Contains("--tls-cert", https.Message);
        var missing = await Assert.ThrowsAsync<ArgumentException>(() => LiveService.StartAsync(root, url: "https://127.0.0.1:0", tls: (cert, root["tls/none.pem"])));
        Assert.Contains(root["tls/none.pem"], missing.Message);
        using (var other = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            File.WriteAllText(root["tls/other.pem"], other.ExportPkcs8PrivateKeyPem());
        var mismatch = await Assert.ThrowsAsync<ArgumentException>(() => LiveService.StartAsync(root, url: "https://127.0.0.1:0", tls: (cert, root["tls/other.pem"])));
        Assert.Contains(cert, mismatch.Message);
        var (expiredCert, expiredKey, _) = SelfSigned(root, DateTimeOffset.UtcNow.AddDays(-1), "expired");
        var expired = await Assert.ThrowsAsync<ArgumentException>(() => LiveService.StartAsync(root, url: "https://127.0.0.1:0", tls: (expiredCert, expiredKey)));
        Assert.Contains("expired", expired.Message);
        var unused = await Assert.ThrowsAsync<ArgumentException>(() => LiveService.StartAsync(root, tls: (cert, key)));
        Assert.Contains("no https://", unused.Message);
    }
}
