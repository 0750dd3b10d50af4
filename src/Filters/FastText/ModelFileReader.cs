using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace YuLanData.Filters.FastText;

/// <summary>
/// Little-endian reader over a fastText model stream that knows the file name and byte offset, so every
/// truncation or bad value becomes an <see cref="InvalidDataException"/> saying which file, where, and what
/// was expected.
/// </summary>
internal sealed class ModelFileReader
{
    private readonly Stream _stream;
    private readonly byte[] _scalar = new byte[8];

    /// <param name="stream">The model bytes, positioned at the start of the file.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    public ModelFileReader(Stream stream, string sourceName)
    {
        _stream = stream;
        SourceName = sourceName;
    }

    /// <summary>The file name used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>Bytes consumed so far.</summary>
    public long Position { get; private set; }

    public InvalidDataException Error(string message) =>
        new($"{SourceName}: invalid fastText model at byte {Position}: {message}");

    private void Fill(Span<byte> destination, string what)
    {
        int done = 0;
        while (done < destination.Length)
        {
            int n = _stream.Read(destination[done..]);
            if (n == 0)
                throw new InvalidDataException(
                    $"{SourceName}: truncated fastText model at byte {Position + done}: expected {what} ({destination.Length} bytes), file ended after {done}");
            done += n;
        }
        Position += destination.Length;
    }

    public int ReadInt32(string what)
    {
        Fill(_scalar.AsSpan(0, 4), what);
        return BinaryPrimitives.ReadInt32LittleEndian(_scalar);
    }

    public long ReadInt64(string what)
    {
        Fill(_scalar.AsSpan(0, 8), what);
        return BinaryPrimitives.ReadInt64LittleEndian(_scalar);
    }

    public double ReadDouble(string what)
    {
        Fill(_scalar.AsSpan(0, 8), what);
        return BinaryPrimitives.ReadDoubleLittleEndian(_scalar);
    }

    public byte ReadByte(string what)
    {
        Fill(_scalar.AsSpan(0, 1), what);
        return _scalar[0];
    }

    public bool ReadBool(string what)
    {
        byte b = ReadByte(what);
        if (b > 1)
            throw new InvalidDataException($"{SourceName}: invalid fastText model at byte {Position - 1}: expected {what} (0 or 1), found {b}");
        return b == 1;
    }

    /// <summary>Reads bytes up to (not including) a zero byte and returns them.</summary>
    public byte[] ReadZeroTerminated(string what, int maxLength = 1 << 20)
    {
        var buffer = new List<byte>(16);
        while (true)
        {
            byte b = ReadByte(what);
            if (b == 0)
                return buffer.ToArray();
            if (buffer.Count >= maxLength)
                throw Error($"{what} longer than {maxLength} bytes (no terminating zero byte)");
            buffer.Add(b);
        }
    }

    public void ReadBytes(Span<byte> destination, string what) => Fill(destination, what);

    public void ReadFloats(Span<float> destination, string what)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("fastText model reading needs a little-endian machine");
        // Read in chunks so that very large matrices do not need one huge byte span.
        const int chunk = 1 << 20;
        for (int start = 0; start < destination.Length; start += chunk)
        {
            var part = destination.Slice(start, Math.Min(chunk, destination.Length - start));
            Fill(MemoryMarshal.AsBytes(part), what);
        }
    }

    /// <summary>
    /// Before allocating for <paramref name="bytes"/> more bytes of <paramref name="what"/>: fails fast, without the
    /// allocation, when a seekable file is shorter than that (a truncated file or a corrupt size field).
    /// </summary>
    public void EnsureAvailable(long bytes, string what)
    {
        if (!_stream.CanSeek)
            return;
        long left = _stream.Length - _stream.Position;
        if (bytes > left)
            throw new InvalidDataException(
                $"{SourceName}: truncated fastText model at byte {Position}: expected {what} ({bytes} bytes), only {left} bytes left");
    }

    /// <summary>True when the stream has no more bytes (used to reject trailing garbage).</summary>
    public bool AtEnd()
    {
        if (_stream.CanSeek)
            return _stream.Position >= _stream.Length;
        return _stream.ReadByte() < 0;
    }
}
