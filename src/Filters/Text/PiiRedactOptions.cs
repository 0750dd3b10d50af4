namespace YuLanData.Filters.Text;

/// <summary>What <see cref="PiiRedactor"/> replaces, and with what.</summary>
public sealed class PiiRedactOptions
{
    /// <summary>Replace e-mail addresses.</summary>
    public bool Emails { get; set; } = true;

    /// <summary>Replace IPv4 and IPv6 addresses.</summary>
    public bool IpAddresses { get; set; } = true;

    /// <summary>Replace phone numbers (international <c>+CC ...</c> form, <c>(NXX) NXX-XXXX</c> and <c>NXX-NXX-XXXX</c>).</summary>
    public bool Phones { get; set; } = true;

    /// <summary>Replace only public IP addresses: loopback, private, link-local, documentation, multicast and reserved ranges are no one's address.</summary>
    public bool OnlyPublicIps { get; set; } = true;

    /// <summary>What an e-mail address becomes.</summary>
    public string EmailReplacement { get; set; } = "<EMAIL>";

    /// <summary>What an IP address becomes.</summary>
    public string IpReplacement { get; set; } = "<IP_ADDRESS>";

    /// <summary>What a phone number becomes.</summary>
    public string PhoneReplacement { get; set; } = "<PHONE>";
}
