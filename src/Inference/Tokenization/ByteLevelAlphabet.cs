namespace YuLanData.Inference.Tokenization;

/// <summary>
/// GPT-2's reversible map between the 256 byte values and 256 printable characters: printable Latin-1 bytes map to
/// themselves, the other bytes to U+0100 and up in byte order (so the space byte is 'Ġ').
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = new char[256];
    private static readonly short[] CharToByte = BuildTables();

    /// <summary>The character that stands for <paramref name="value"/>.</summary>
    public static char ToChar(byte value) => ByteToChar[value];

    /// <summary>The byte that <paramref name="c"/> stands for, or -1 when it is not in the alphabet.</summary>
    public static int ToByte(char c) => c < CharToByte.Length ? CharToByte[c] : -1;

    private static short[] BuildTables()
    {
        var charToByte = new short[0x180];
        Array.Fill(charToByte, (short)-1);
        int next = 0x100;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            char c = printable ? (char)b : (char)next++;
            ByteToChar[b] = c;
            charToByte[c] = (short)b;
        }
        return charToByte;
    }
}
