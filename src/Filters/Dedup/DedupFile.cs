namespace YuLanData.Filters.Dedup;

/// <summary>
/// The binary layout shared by every dedup intermediate file (all integers little-endian):
/// <code>
/// offset  size  field
/// 0       4     magic "YLDD"
/// 4       2     format version (1)
/// 6       2     kind (<see cref="DedupFileKind"/>)
/// 8       4     record size in bytes
/// 12      4     unit: task index (docs, bucket files) or band index (pairs files); -1 when none
/// 16      8     record count
/// 24      4     parameter text length L in bytes
/// 28      L     parameter text (UTF-8), e.g. the MinHash fingerprint; files of other parameters are refused
/// 28+L    N*S   records
/// end-20  8     XXH64 of the header bytes (0 .. 28+L)
/// end-12  8     XXH64 of the record bytes
/// end-4   4     end magic "DDLY"
/// </code>
/// A reader checks magic, version, kind, record size, parameters and unit against what it expects, the file
/// length against the record count (truncation), both checksums, and the record order where one is required.
/// </summary>
public static class DedupFile
{
    public const ushort Version = 1;
    internal const int FixedHeaderSize = 28;
    internal const int FooterSize = 20;
    internal static ReadOnlySpan<byte> Magic => "YLDD"u8;
    internal static ReadOnlySpan<byte> EndMagic => "DDLY"u8;
}
