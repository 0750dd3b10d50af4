using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace YuLanData.Jobs.IO;

/// <summary>
/// A first-in first-out byte queue that holds up to a memory limit in 1 MiB chunks and spills the rest to a temporary
/// file (deleted on close), so that holding a large unverified unit costs disk, not memory. Offsets are absolute:
/// the count of bytes ever appended before a byte.
/// </summary>
internal sealed class SpillingByteQueue : IDisposable
{
    private const int ChunkSize = 1 << 20;

    private readonly long _memoryLimit;
    private readonly string _spillDirectory;
    private readonly List<byte[]> _chunks = [];
    private readonly Stack<byte[]> _free = new();
    private int _headSkip;      // consumed bytes of _chunks[0]
    private int _lastFill;      // bytes in the last chunk
    private SafeFileHandle? _file;
    private long _fileAbsStart; // absolute offset of file byte 0, while the file holds bytes
    private long _fileBytes;    // bytes written to the file since it last emptied
    private byte[]? _staging;
    private bool _writingToStaging;

    /// <param name="memoryLimit">Bytes held in memory before appends go to the spill file.</param>
    /// <param name="spillDirectory">Where the spill file is created when needed.</param>
    public SpillingByteQueue(long memoryLimit, string spillDirectory)
    {
        _memoryLimit = Math.Max(ChunkSize, memoryLimit);
        _spillDirectory = spillDirectory;
    }

    /// <summary>Absolute offset of the next byte to read.</summary>
    public long ReadPosition { get; private set; }

    /// <summary>Absolute offset after the last byte appended.</summary>
    public long WritePosition { get; private set; }

    /// <summary>Bytes that went through the spill file, in all.</summary>
    public long SpilledBytes { get; private set; }

    private long MemoryBytes => _chunks.Count == 0 ? 0 : (long)(_chunks.Count - 1) * ChunkSize + _lastFill - _headSkip;

    private bool Spilling => _fileBytes > 0;

    /// <summary>Room to append into; call <see cref="Advance"/> with the count written.</summary>
    public Span<byte> GetAppendSpan()
    {
        if (!Spilling && MemoryBytes < _memoryLimit)
        {
            _writingToStaging = false;
            if (_chunks.Count == 0 || _lastFill == ChunkSize)
            {
                _chunks.Add(_free.Count > 0 ? _free.Pop() : ArrayPool<byte>.Shared.Rent(ChunkSize));
                _lastFill = 0;
            }
            return _chunks[^1].AsSpan(_lastFill, ChunkSize - _lastFill);
        }
        _writingToStaging = true;
        _staging ??= new byte[ChunkSize];
        return _staging;
    }

    /// <summary>Appends the first <paramref name="count"/> bytes of the last <see cref="GetAppendSpan"/>.</summary>
    public void Advance(int count)
    {
        if (count == 0)
            return;
        if (_writingToStaging)
        {
            if (_file == null)
            {
                Directory.CreateDirectory(_spillDirectory);
                _file = File.OpenHandle(Path.Combine(_spillDirectory, $"unverified-{Guid.NewGuid():N}.spill"),
                    FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
            }
            if (_fileBytes == 0)
                _fileAbsStart = WritePosition;
            RandomAccess.Write(_file, _staging.AsSpan(0, count), _fileBytes);
            _fileBytes += count;
            SpilledBytes += count;
        }
        else
        {
            _lastFill += count;
        }
        WritePosition += count;
    }

    /// <summary>Reads up to <paramref name="destination"/>'s length, but not past <paramref name="limit"/> (absolute).</summary>
    public int Read(Span<byte> destination, long limit)
    {
        long available = Math.Min(limit, WritePosition) - ReadPosition;
        if (available <= 0 || destination.IsEmpty)
            return 0;
        int want = (int)Math.Min(destination.Length, available);
        int n;
        if (MemoryBytes > 0)
        {
            int inChunk = (_chunks.Count == 1 ? _lastFill : ChunkSize) - _headSkip;
            n = Math.Min(want, inChunk);
            _chunks[0].AsSpan(_headSkip, n).CopyTo(destination);
            _headSkip += n;
            if (_headSkip == ChunkSize || (_chunks.Count == 1 && _headSkip == _lastFill))
            {
                _free.Push(_chunks[0]);
                _chunks.RemoveAt(0);
                _headSkip = 0;
                if (_chunks.Count == 0)
                    _lastFill = 0;
            }
        }
        else
        {
            n = RandomAccess.Read(_file!, destination[..want], ReadPosition - _fileAbsStart);
            if (n <= 0)
                throw new IOException("spill file ended early");
        }
        ReadPosition += n;
        if (ReadPosition == WritePosition)
            _fileBytes = 0;
        return n;
    }

    /// <summary>Calls <paramref name="visit"/> with the bytes from <paramref name="from"/> to the end, in order, without consuming them.</summary>
    public void Scan(long from, Action<ReadOnlySpan<byte>> visit)
    {
        long pos = Math.Max(from, ReadPosition);
        long memoryEnd = ReadPosition + MemoryBytes;
        while (pos < memoryEnd)
        {
            long logical = _headSkip + (pos - ReadPosition);
            int chunk = (int)(logical / ChunkSize), at = (int)(logical % ChunkSize);
            int end = chunk == _chunks.Count - 1 ? _lastFill : ChunkSize;
            visit(_chunks[chunk].AsSpan(at, end - at));
            pos += end - at;
        }
        var buffer = _staging ??= new byte[ChunkSize];
        while (pos < WritePosition)
        {
            int n = RandomAccess.Read(_file!, buffer.AsSpan(0, (int)Math.Min(buffer.Length, WritePosition - pos)), pos - _fileAbsStart);
            visit(buffer.AsSpan(0, n));
            pos += n;
        }
    }

    /// <summary>Drops every byte after <paramref name="position"/> (absolute, not before <see cref="ReadPosition"/>).</summary>
    public void TruncateTo(long position)
    {
        if (position >= WritePosition)
            return;
        long memoryEnd = ReadPosition + MemoryBytes;
        if (Spilling && position >= _fileAbsStart)
        {
            _fileBytes = position - _fileAbsStart;
        }
        else
        {
            _fileBytes = 0;
            long keep = _headSkip + (position - ReadPosition);
            if (position >= memoryEnd)
                keep = _headSkip + MemoryBytes;
            int chunks = keep == 0 ? 0 : (int)((keep + ChunkSize - 1) / ChunkSize);
            while (_chunks.Count > chunks)
            {
                _free.Push(_chunks[^1]);
                _chunks.RemoveAt(_chunks.Count - 1);
            }
            _lastFill = chunks == 0 ? 0 : (int)(keep - (long)(chunks - 1) * ChunkSize);
            if (chunks == 0)
                _headSkip = 0;
        }
        WritePosition = position;
        if (ReadPosition == WritePosition)
            _fileBytes = 0;
    }

    public void Dispose()
    {
        _file?.Dispose();
        foreach (var chunk in _chunks.Concat(_free))
            ArrayPool<byte>.Shared.Return(chunk);
        _chunks.Clear();
        _free.Clear();
    }
}
