using System.Security.Cryptography;
using System.Text;

namespace YuLanData.Service.Security;

/// <summary>
/// The token every state-changing request made with ambient credentials (no bearer header) must carry in the
/// <c>X-CSRF-Token</c> header. Random per service start and handed out by <c>GET /api/csrf</c>, which another
/// origin cannot read (no CORS), including a page on another port of the same host: unlike a cookie, which ports
/// share, the token stays with our origin.
/// </summary>
public sealed class CsrfToken
{
    /// <summary>The request header that carries the token.</summary>
    public const string Header = "X-CSRF-Token";

    private readonly byte[] _value = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The token text.</summary>
    public string Value => Encoding.ASCII.GetString(_value);

    /// <summary>Checks a presented token in constant time.</summary>
    /// <param name="presented">The header value, or null when absent.</param>
    public bool Matches(string? presented)
    {
        if (presented == null || presented.Length != _value.Length || !Ascii.IsValid(presented))
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), _value);
    }
}
