namespace YuLanData.Jobs.IO;

/// <summary>
/// A decompressing stream taken as one unit, verified when it ends cleanly (the managed zstd fallback, which checks
/// frame checksums itself but does not say where frames end): nothing of the file is used before its end.
/// </summary>
internal sealed class WholeStreamDecompressor : UnitDecompressor
{
    private readonly Stream _stream;
    private readonly long _length;
    private bool _started;
    private bool _finished;

    /// <param name="stream">The decompressing stream; disposed with this.</param>
    /// <param name="length">The compressed file's length, for reports.</param>
    /// <param name="unitName">What the unit is called in reports.</param>
    public WholeStreamDecompressor(Stream stream, long length, string unitName)
    {
        _stream = stream;
        _length = length;
        UnitName = unitName;
    }

    public override string UnitName { get; }

    public override string CorruptKind => "corrupt_frame";

    public override UnitStep Read(Span<byte> destination, out int produced)
    {
        produced = 0;
        if (_finished)
            return UnitStep.End;
        try
        {
            produced = _stream.Read(destination);
        }
        catch (Exception e) when (CompressedStreams.IsCorruptData(e))
        {
            _finished = true;
            Failure = new UnitFailure(0, _length, e.Message, Truncated: e is EndOfStreamException || e.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase));
            return UnitStep.Corrupt;
        }
        if (produced > 0)
        {
            _started = true;
            return UnitStep.Data;
        }
        _finished = true;
        return _started ? UnitStep.Verified : UnitStep.End;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _stream.Dispose();
    }
}
