namespace YuLanData.Jobs.IO;

/// <summary>A unit of a compressed file whose bytes were withdrawn because it failed verification.</summary>
/// <param name="Offset">Where, in the verified decompressed stream, the withdrawn bytes would have been (always a line start).</param>
/// <param name="Failure">The unit, its byte range in the file and the reason.</param>
/// <param name="BytesLost">Decompressed bytes withdrawn: the unit's output plus the unfinished line before it.</param>
/// <param name="LinesLost">Line ends among the withdrawn bytes (to keep later line numbers close to the file's).</param>
/// <param name="RecordsLost">Non-blank lines, whole or partial, among the withdrawn bytes.</param>
internal sealed record CorruptUnit(long Offset, UnitFailure Failure, long BytesLost, long LinesLost, long RecordsLost);
