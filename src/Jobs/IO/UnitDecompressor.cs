namespace YuLanData.Jobs.IO;

/// <summary>What a <see cref="UnitDecompressor"/> read call ended with.</summary>
internal enum UnitStep
{
    /// <summary>Bytes of the current unit; its checksum is not checked yet.</summary>
    Data,

    /// <summary>The current unit ended and its checksum matched (the bytes returned with this step are its last).</summary>
    Verified,

    /// <summary>The current unit ended but carries no checksum (a zstd frame written without one).</summary>
    Unchecked,

    /// <summary>The current unit is corrupt or truncated: every byte it produced must be withdrawn. See <see cref="UnitDecompressor.Failure"/>.</summary>
    Corrupt,

    /// <summary>No more input.</summary>
    End,
}

/// <summary>A unit of compressed input (gzip member, zstd frame) that failed verification.</summary>
/// <param name="Start">File offset of the unit's first byte.</param>
/// <param name="ResumedAt">File offset where reading resumed (the next unit header found after the damage), or the file length when nothing after the damage could be read.</param>
/// <param name="Reason">What the decompressor reported.</param>
/// <param name="Truncated">True when the input ended inside the unit.</param>
internal sealed record UnitFailure(long Start, long ResumedAt, string Reason, bool Truncated);

/// <summary>
/// Decompresses a file unit by unit (gzip member, zstd frame), saying when each unit's checksum has been verified, so
/// that nothing is used before the bytes it came from are known to be right. After a corrupt unit it looks for the next
/// unit header and goes on from there.
/// </summary>
internal abstract class UnitDecompressor : IDisposable
{
    /// <summary>The unit kind in words, for reports ("gzip member", "zstd frame").</summary>
    public abstract string UnitName { get; }

    /// <summary>The quarantine kind for a corrupt unit (<c>corrupt_member</c>, <c>corrupt_frame</c>).</summary>
    public abstract string CorruptKind { get; }

    /// <summary>The last corrupt unit, set when <see cref="Read"/> returns <see cref="UnitStep.Corrupt"/>.</summary>
    public UnitFailure? Failure { get; protected set; }

    /// <summary>Decompresses the next bytes of the current unit into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the bytes go (not empty).</param>
    /// <param name="produced">How many bytes were written; they belong to the current unit whatever the step.</param>
    public abstract UnitStep Read(Span<byte> destination, out int produced);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>
    /// The file offset of the first occurrence of a unit header at or after <paramref name="from"/>, or the end of the file.
    /// </summary>
    /// <param name="raw">The compressed file; must be seekable.</param>
    /// <param name="from">Where to start looking.</param>
    /// <param name="isHeader">Whether a header starts at the front of the span (given at least <paramref name="headerBytes"/> bytes).</param>
    /// <param name="firstByte">The first byte of every header, to skip quickly.</param>
    /// <param name="headerBytes">How many bytes <paramref name="isHeader"/> looks at.</param>
    protected static long FindNextHeader(Stream raw, long from, Func<ReadOnlySpan<byte>, bool> isHeader, byte firstByte, int headerBytes)
    {
        var buffer = new byte[1 << 16];
        long pos = from;
        while (true)
        {
            raw.Seek(pos, SeekOrigin.Begin);
            int n = raw.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            bool atEnd = n < buffer.Length;
            int i = 0;
            while (true)
            {
                int hit = buffer.AsSpan(i, n - i).IndexOf(firstByte);
                if (hit < 0)
                {
                    i = n;
                    break;
                }
                i += hit;
                if (i + headerBytes > n)
                    break;
                if (isHeader(buffer.AsSpan(i, headerBytes)))
                    return pos + i;
                i++;
            }
            if (atEnd)
                return pos + n;
            pos += Math.Max(1, i);
        }
    }
}
