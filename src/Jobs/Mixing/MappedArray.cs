using System.Collections;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;

namespace YuLanData.Jobs.Mixing;

/// <summary>
/// A read-only array of fixed-size records kept in a file and memory-mapped: a source index of a billion documents
/// costs page cache the system can reclaim, not 48 GB of managed heap.
/// </summary>
/// <typeparam name="T">The record type, laid out in the file as in memory (little-endian).</typeparam>
public sealed class MappedArray<T> : IReadOnlyList<T>, IDisposable where T : struct
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private static readonly int Size = Unsafe.SizeOf<T>();

    /// <summary>Maps <paramref name="path"/>, whose length must be a whole number of records.</summary>
    /// <exception cref="InvalidDataException">The file length is not a multiple of the record size.</exception>
    public MappedArray(string path)
    {
        var length = new FileInfo(path).Length;
        if (length % Size != 0)
            throw new InvalidDataException($"{path}: {length} bytes is not a whole number of {Size}-byte records");
        Count = checked((int)(length / Size));
        if (length == 0) return;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"{index} is outside 0..{Count - 1}");
            _view!.Read(index * (long)Size, out T value);
            return value;
        }
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public void Dispose()
    {
        _view?.Dispose();
        _file?.Dispose();
    }
}
