namespace YuLanData.Jobs.IO;

/// <summary>
/// Reads Thrift compact-protocol values from a byte span: just enough to walk Parquet page headers. Malformed or
/// truncated input throws <see cref="InvalidDataException"/>; nesting is limited so hostile input cannot recurse deeply.
/// </summary>
internal ref struct ThriftCompactReader
{
    public const byte Stop = 0, BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8,
        List = 9, Set = 10, Map = 11, Struct = 12;
    private const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _data;

    /// <param name="data">The serialized bytes.</param>
    public ThriftCompactReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public int Position { get; private set; }

    /// <summary>Reads the next field header of a struct; false at the struct's end.</summary>
    /// <param name="lastId">The previous field's id in this struct (0 before the first), updated.</param>
    /// <param name="type">The field's compact type.</param>
    public bool NextField(ref short lastId, out byte type)
    {
        byte b = ReadByte();
        type = (byte)(b & 0x0f);
        if (type == Stop)
            return false;
        int delta = b >> 4;
        lastId = delta != 0 ? (short)(lastId + delta) : (short)Zigzag(ReadVarint());
        return true;
    }

    public int ReadI32() => checked((int)Zigzag(ReadVarint()));

    public long ReadI64() => Zigzag(ReadVarint());

    /// <summary>Skips a value of <paramref name="type"/>.</summary>
    public void Skip(byte type, int depth = 0)
    {
        if (depth > MaxDepth)
            throw new InvalidDataException("thrift structure nested too deeply");
        switch (type)
        {
            case BoolTrue or BoolFalse:
                break;
            case Byte:
                ReadByte();
                break;
            case I16 or I32 or I64:
                ReadVarint();
                break;
            case Double:
                Advance(8);
                break;
            case Binary:
                Advance(checked((int)ReadVarint()));
                break;
            case List or Set:
            {
                byte h = ReadByte();
                long size = h >> 4;
                if (size == 15)
                    size = (long)ReadVarint();
                byte element = (byte)(h & 0x0f);
                for (long i = 0; i < size; i++)
                    SkipElement(element, depth + 1);
                break;
            }
            case Map:
            {
                long size = (long)ReadVarint();
                if (size == 0)
                    break;
                byte kv = ReadByte();
                for (long i = 0; i < size; i++)
                {
                    SkipElement((byte)(kv >> 4), depth + 1);
                    SkipElement((byte)(kv & 0x0f), depth + 1);
                }
                break;
            }
            case Struct:
            {
                short id = 0;
                while (NextField(ref id, out byte t))
                    Skip(t, depth + 1);
                break;
            }
            default:
                throw new InvalidDataException($"unknown thrift type {type}");
        }
    }

    /// <summary>Collection elements: a bool is one byte there, not folded into a header.</summary>
    private void SkipElement(byte type, int depth)
    {
        if (type is BoolTrue or BoolFalse)
            ReadByte();
        else
            Skip(type, depth);
    }

    private byte ReadByte()
    {
        if (Position >= _data.Length)
            throw new InvalidDataException("thrift data ends early");
        return _data[Position++];
    }

    private void Advance(int count)
    {
        if (count < 0 || count > _data.Length - Position)
            throw new InvalidDataException("thrift data ends early");
        Position += count;
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = ReadByte();
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
        throw new InvalidDataException("thrift varint too long");
    }

    private static long Zigzag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);
}
