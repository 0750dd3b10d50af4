using System.IO.Compression;
using ZstdSharp;

namespace YuLanData.Jobs.IO;

/// <summary>Opens files for reading and writing with the compression their format implies.</summary>
public static class CompressedStreams
{
    /// <summary>Buffer size of the file streams opened here.</summary>
    public const int BufferSize = 1 << 20;

    /// <summary>zstd level of written files (zstd's default).</summary>
    public const int ZstdLevel = 3;

    /// <summary>Opens <paramref name="path"/> for sequential, shared reading.</summary>
    public static FileStream OpenFile(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = BufferSize,
            Options = FileOptions.SequentialScan,
        });

    /// <summary>Wraps a raw file stream in the decompressor for <paramref name="format"/>.</summary>
    public static Stream Decompress(Stream raw, FileFormat format) => format switch
    {
        FileFormat.Jsonl => raw,
        FileFormat.JsonlGzip => new GzipReadStream(raw),
        FileFormat.JsonlZstd => NativeZstd.IsAvailable ? new NativeZstdReadStream(raw) : new DecompressionStream(raw, BufferSize, checkEndOfStream: true, leaveOpen: false),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a line format"),
    };

    /// <summary>
    /// Wraps a compressed file in a stream that hands out only verified bytes (see <see cref="VerifiedStream"/>).
    /// </summary>
    /// <param name="raw">The compressed file at its start; disposed with the result.</param>
    /// <param name="format">A compressed line format.</param>
    /// <param name="options">Memory limit and spill folder for unverified bytes.</param>
    internal static VerifiedStream DecompressVerified(FileStream raw, FileFormat format, ReaderOptions options)
    {
        UnitDecompressor units = format switch
        {
            FileFormat.JsonlGzip or FileFormat.WarcGzip => new GzipMemberDecompressor(raw),
            FileFormat.JsonlZstd when NativeZstd.IsAvailable => new ZstdFrameDecompressor(raw),
            FileFormat.JsonlZstd => new WholeStreamDecompressor(
                new DecompressionStream(raw, BufferSize, checkEndOfStream: true, leaveOpen: false), raw.Length, "zstd stream"),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a compressed line format"),
        };
        return new VerifiedStream(units, options.UnverifiedMemoryBytes, options.SpillDirectory ?? Path.GetTempPath());
    }

    /// <summary>Wraps a file stream being written in the compressor for <paramref name="format"/>.</summary>
    public static Stream Compress(Stream raw, FileFormat format) => format switch
    {
        FileFormat.Jsonl => raw,
        FileFormat.JsonlGzip => new GZipStream(raw, CompressionLevel.Fastest, leaveOpen: false),
        FileFormat.JsonlZstd => NativeZstd.IsAvailable ? new NativeZstdWriteStream(raw, ZstdLevel) : new CompressionStream(raw, level: ZstdLevel, bufferSize: BufferSize, leaveOpen: false),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a line format"),
    };

    /// <summary>True for the exceptions a corrupt or truncated compressed stream raises.</summary>
    public static bool IsCorruptData(Exception e) =>
        e is InvalidDataException or EndOfStreamException or ZstdException or IOException;
}
