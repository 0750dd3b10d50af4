using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace YuLanData.Filters.FastText;

/// <summary>Little-endian writer for fastText model files.</summary>
internal sealed class ModelFileWriter(Stream stream)
{
    private readonly byte[] _scalar = new byte[8];

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_scalar, value);
        stream.Write(_scalar, 0, 4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_scalar, value);
        stream.Write(_scalar, 0, 8);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_scalar, value);
        stream.Write(_scalar, 0, 8);
    }

    public void WriteByte(byte value) => stream.WriteByte(value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => stream.Write(bytes);

    public void WriteFloats(ReadOnlySpan<float> values)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("fastText model writing needs a little-endian machine");
        const int chunk = 1 << 20;
        for (int start = 0; start < values.Length; start += chunk)
            stream.Write(MemoryMarshal.AsBytes(values.Slice(start, Math.Min(chunk, values.Length - start))));
    }
}
