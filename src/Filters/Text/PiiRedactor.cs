using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace YuLanData.Filters.Text;

/// <summary>How many replacements of each kind <see cref="PiiRedactor.Redact"/> made in one text.</summary>
public readonly record struct PiiCounts(int Emails, int Ipv4, int Ipv6, int Phones)
{
    public int Total => Emails + Ipv4 + Ipv6 + Phones;
}

/// <summary>
/// Replaces e-mail addresses, IP addresses and phone numbers with tokens. Conservative by design: a match must be
/// unambiguous, so dates, version numbers, ISBNs, prices, times and arithmetic stay as they are.
/// <list type="bullet">
/// <item>E-mail: <c>local@domain.tld</c> with a letter-only top-level domain of 2+ letters that is no file extension
/// (<c>icon@2x.png</c> is an image).</item>
/// <item>IPv4: four dotted decimal octets 0-255 without leading zeros, at least two of them with two or more digits,
/// not inside a longer dotted number and not after "version"/"v"; IPv6: a form .NET parses with at least three groups. Only public addresses by default.</item>
/// <item>Phones: <c>+</c> and a country code with 10-15 digits in all, in groups that are not thousands separators;
/// <c>(NXX) NXX-XXXX</c>; <c>NXX-NXX-XXXX</c> / <c>NXX.NXX.XXXX</c> under the North American numbering rules (area and
/// exchange codes start with 2-9).</item>
/// </list>
/// </summary>
public sealed partial class PiiRedactor
{
    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "avif", "css", "js", "mjs", "json", "xml",
        "html", "htm", "php", "asp", "aspx", "jsp", "txt", "pdf", "zip", "gz", "tar", "mp3", "mp4", "webm", "woff", "woff2", "ttf",
    };

    private readonly PiiRedactOptions _options;

    /// <param name="options">What to replace and with what.</param>
    public PiiRedactor(PiiRedactOptions options) => _options = options;

    /// <summary>Returns <paramref name="text"/> with its PII replaced (the same instance when nothing was found).</summary>
    /// <param name="text">The text.</param>
    /// <param name="counts">Replacements made, by kind.</param>
    public string Redact(string text, out PiiCounts counts)
    {
        int emails = 0, v4 = 0, v6 = 0, phones = 0;
        if (_options.Emails && text.Contains('@'))
            text = EmailPattern().Replace(text, m => IsEmail(m) ? Count(ref emails, _options.EmailReplacement) : m.Value);
        if (_options.IpAddresses)
        {
            if (text.Contains('.'))
                text = Ipv4Pattern().Replace(text, m => IsIpv4(text, m) ? Count(ref v4, _options.IpReplacement) : m.Value);
            if (text.Contains(':'))
                text = Ipv6Pattern().Replace(text, m => IsIpv6(m.Value) ? Count(ref v6, _options.IpReplacement) : m.Value);
        }
        if (_options.Phones)
        {
            if (text.Contains('+'))
                text = InternationalPhonePattern().Replace(text, m => IsInternationalPhone(m.Value) ? Count(ref phones, _options.PhoneReplacement) : m.Value);
            text = NorthAmericanPhonePattern().Replace(text, m => Count(ref phones, _options.PhoneReplacement));
        }
        counts = new PiiCounts(emails, v4, v6, phones);
        return text;
    }

    private static string Count(ref int counter, string replacement)
    {
        counter++;
        return replacement;
    }

    private static bool IsEmail(Match m)
    {
        string tld = m.Groups["tld"].Value;
        return !FileExtensions.Contains(tld);
    }

    private bool IsIpv4(string text, Match m)
    {
        int before = m.Index;
        // "version 1.2.3.4", "v1.2.3.4": a version number, not an address.
        int k = before;
        while (k > 0 && text[k - 1] == ' ')
            k--;
        if (k > 0 && (text[k - 1] is 'v' or 'V') && (k == 1 || !char.IsLetter(text[k - 2])))
            return false;
        if (k >= 7 && text.AsSpan(k - 7, 7).Equals("version", StringComparison.OrdinalIgnoreCase))
            return false;
        // Section and version numbers ("3.2.2.5", "Desktop 2.9.0.5") have small parts; an address with fewer than two
        // parts of two or more digits (1.1.1.1, 8.8.8.8: shared resolvers, no one's address) is left alone too.
        if (m.Value.Split('.').Count(part => part.Length >= 2) < 2)
            return false;
        if (!IPAddress.TryParse(m.Value, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
            return false;
        return !_options.OnlyPublicIps || IsPublicV4(address.GetAddressBytes());
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
        || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
        || (b[0] == 169 && b[1] == 254)
        || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
        || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 198 && b[1] is 18 or 19)
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)
        || (b[0] == 203 && b[1] == 0 && b[2] == 113));

    private bool IsIpv6(string value)
    {
        int groups = value.Split(':', StringSplitOptions.RemoveEmptyEntries).Length;
        if (groups < 3 || (groups < 8 && !value.Contains("::", StringComparison.Ordinal)))
            return false;
        if (!IPAddress.TryParse(value, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        if (!_options.OnlyPublicIps)
            return true;
        var b = address.GetAddressBytes();
        // Global unicast is 2000::/3; 2001:db8::/32 is for documentation.
        return (b[0] & 0xE0) == 0x20 && !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8);
    }

    private static bool IsInternationalPhone(string value)
    {
        var groups = DigitGroups().Matches(value).Select(g => g.Value.Length).ToList();
        int digits = groups.Sum();
        if (digits is < 10 or > 15)
            return false;
        // "+12 345 678" is a signed number with thousands separators, not a phone number.
        return !(groups.Count >= 2 && groups.Skip(1).All(n => n == 3));
    }

    [GeneratedRegex(@"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?<tld>[a-z]{2,24}|[A-Z]{2,24})(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Pattern();

    [GeneratedRegex(@"(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,7}|[0-9A-Fa-f]{1,4})(?![\w:.])|(?<![\w:.])::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}(?![\w:.])", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6Pattern();

    [GeneratedRegex(@"(?<![\w+\-.,/])\+[1-9]\d{0,2}(?:[ .\-]?\(0\))?(?:[ .\-]?\(?\d{1,4}\)?){2,6}(?![\w\-/]|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex InternationalPhonePattern();

    [GeneratedRegex(@"(?<![\w\-.,/+$€£])(?:\([2-9]\d\d\)[ ]?[2-9]\d\d-\d{4}|[2-9]\d\d-[2-9]\d\d-\d{4}|[2-9]\d\d\.[2-9]\d\d\.\d{4})(?![\w\-/]|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NorthAmericanPhonePattern();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex DigitGroups();
}
