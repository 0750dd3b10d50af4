using System.Security.Cryptography;
using System.Text;

namespace YuLanData.Service.Security;

/// <summary>
/// The bearer token a service bound beyond loopback requires. Generated at first start (256 random bits, hex),
/// stored in a file only its owner can read or write (0600); a token file others can read is refused.
/// </summary>
public sealed class AccessToken
{
    private readonly byte[] _value;

    private AccessToken(string value, bool created)
    {
        Value = value;
        Created = created;
        _value = Encoding.ASCII.GetBytes(value);
    }

    /// <summary>The token text.</summary>
    public string Value { get; }

    /// <summary>True when this start generated the token (so it is printed, once).</summary>
    public bool Created { get; }

    /// <summary>Reads the token file, or creates it with a new token.</summary>
    /// <param name="path">The token file (in the service state folder).</param>
    /// <exception cref="InvalidOperationException">The file is readable or writable by group or others, or empty.</exception>
    public static AccessToken LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var mode = OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
                throw new InvalidOperationException($"{path} is readable or writable by others (mode {Convert.ToString((int)mode, 8)}); run chmod 600 on it or delete it to make a new token");
            string existing = File.ReadAllText(path).Trim();
            if (existing.Length < 32)
                throw new InvalidOperationException($"{path} holds no usable token; delete it to make a new one");
            return new AccessToken(existing, created: false);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
            stream.Write(Encoding.ASCII.GetBytes(token + "\n"));
        return new AccessToken(token, created: true);
    }

    /// <summary>Checks a presented token in constant time.</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        if (presented.Length != _value.Length)
            return false;
        Span<byte> bytes = stackalloc byte[presented.Length];
        for (int i = 0; i < presented.Length; i++)
            bytes[i] = presented[i] < 128 ? (byte)presented[i] : (byte)0;
        return CryptographicOperations.FixedTimeEquals(bytes, _value);
    }
}
