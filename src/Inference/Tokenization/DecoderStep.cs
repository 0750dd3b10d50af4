using System.Globalization;
using System.Text;

namespace YuLanData.Inference.Tokenization;

/// <summary>One step of a <c>tokenizer.json</c> decoder: turns the list of token strings into a new list.</summary>
internal abstract record DecoderStep
{
    /// <summary>Transforms <paramref name="tokens"/> (token strings in order).</summary>
    public abstract List<string> Apply(List<string> tokens);
}

/// <summary><c>Replace</c>: replaces a literal string in every token.</summary>
internal sealed record ReplaceDecoderStep(string Pattern, string Content) : DecoderStep
{
    public override List<string> Apply(List<string> tokens) =>
        tokens.ConvertAll(t => t.Replace(Pattern, Content, StringComparison.Ordinal));
}

/// <summary><c>ByteFallback</c>: runs of <c>&lt;0xXX&gt;</c> tokens become the UTF-8 text of their bytes, or one U+FFFD per byte when invalid.</summary>
internal sealed record ByteFallbackDecoderStep : DecoderStep
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override List<string> Apply(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        var bytes = new List<byte>();
        foreach (string token in tokens)
        {
            if (TryParseByte(token, out byte value))
            {
                bytes.Add(value);
                continue;
            }
            Flush(bytes, result);
            result.Add(token);
        }
        Flush(bytes, result);
        return result;
    }

    internal static bool TryParseByte(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    private static void Flush(List<byte> bytes, List<string> result)
    {
        if (bytes.Count == 0)
            return;
        try
        {
            result.Add(StrictUtf8.GetString(bytes.ToArray()));
        }
        catch (DecoderFallbackException)
        {
            for (int i = 0; i < bytes.Count; i++)
                result.Add("\uFFFD");
        }
        bytes.Clear();
    }
}

/// <summary><c>Fuse</c>: joins all tokens into one.</summary>
internal sealed record FuseDecoderStep : DecoderStep
{
    public override List<string> Apply(List<string> tokens) => [string.Concat(tokens)];
}

/// <summary><c>Strip</c>: removes up to <paramref name="Start"/> leading and <paramref name="Stop"/> trailing <paramref name="Content"/> characters from every token.</summary>
internal sealed record StripDecoderStep(char Content, int Start, int Stop) : DecoderStep
{
    public override List<string> Apply(List<string> tokens) => tokens.ConvertAll(Strip);

    private string Strip(string token)
    {
        int start = 0;
        while (start < Start && start < token.Length && token[start] == Content)
            start++;
        int end = token.Length;
        while (token.Length - end < Stop && end > start && token[end - 1] == Content)
            end--;
        return token[start..end];
    }
}

/// <summary><c>ByteLevel</c>: maps the GPT-2 byte alphabet back to bytes and decodes them as UTF-8 (invalid bytes → U+FFFD).</summary>
internal sealed record ByteLevelDecoderStep : DecoderStep
{
    public override List<string> Apply(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (string token in tokens)
        {
            int before = bytes.Count;
            bool mapped = true;
            foreach (char c in token)
            {
                int b = ByteLevelAlphabet.ToByte(c);
                if (b < 0)
                {
                    mapped = false;
                    break;
                }
                bytes.Add((byte)b);
            }
            if (!mapped)
            {
                bytes.RemoveRange(before, bytes.Count - before);
                bytes.AddRange(Encoding.UTF8.GetBytes(token));
            }
        }
        return [Encoding.UTF8.GetString(bytes.ToArray())];
    }
}

/// <summary><c>Metaspace</c>: the replacement character becomes a space; the first token loses one leading space unless <paramref name="PrependNever"/>.</summary>
internal sealed record MetaspaceDecoderStep(char Replacement, bool PrependNever) : DecoderStep
{
    public override List<string> Apply(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i].Replace(Replacement, ' ');
            if (i == 0 && !PrependNever && token.StartsWith(' '))
                token = token[1..];
            result.Add(token);
        }
        return result;
    }
}
