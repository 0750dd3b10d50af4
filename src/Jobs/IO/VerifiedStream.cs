namespace YuLanData.Jobs.IO;

/// <summary>
/// The decompressed bytes of a file, handed out only once the unit they came from (gzip member, zstd frame) has been
/// verified. Bytes of a unit are held until its checksum matches (in memory up to a limit, then in a spill file);
/// a corrupt unit's bytes are withdrawn together with the unfinished line before it, and recorded in
/// <see cref="Corruptions"/>. Bytes of a verified unit after its last line end are held back until the line is
/// complete, so a line never joins bytes from both sides of a withdrawn unit.
/// </summary>
internal sealed class VerifiedStream : ForwardReadStream
{
    private readonly UnitDecompressor _source;
    private readonly SpillingByteQueue _queue;
    private readonly Queue<CorruptUnit> _corruptions = new();
    private long _released;        // bytes before this offset are verified and complete lines
    private long _lastLineEnd = -1; // offset of the last '\n' appended
    private bool _ended;
    private bool _disposed;

    /// <param name="source">The unit decompressor; disposed with this stream.</param>
    /// <param name="memoryLimit">Bytes of one unverified unit held in memory before spilling to disk.</param>
    /// <param name="spillDirectory">Where a spill file goes when needed.</param>
    public VerifiedStream(UnitDecompressor source, long memoryLimit, string spillDirectory)
    {
        _source = source;
        _queue = new SpillingByteQueue(memoryLimit, spillDirectory);
    }

    /// <summary>Corrupt units found so far and not yet taken, in file order.</summary>
    public Queue<CorruptUnit> Corruptions => _corruptions;

    /// <summary>Units that carried no checksum (their bytes were used unverified).</summary>
    public long UncheckedUnits { get; private set; }

    /// <summary>Bytes that went through the spill file.</summary>
    public long SpilledBytes => _queue.SpilledBytes;

    /// <summary>The unit kind in words, for reports.</summary>
    public string UnitName => _source.UnitName;

    /// <summary>The quarantine kind of a corrupt unit.</summary>
    public string CorruptKind => _source.CorruptKind;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.IsEmpty)
            return 0;
        while (_queue.ReadPosition >= _released)
        {
            if (_ended)
                return 0;
            PullUnit();
        }
        return _queue.Read(destination, _released);
    }

    /// <summary>Decompresses until a unit ends (verified or not) or the input does.</summary>
    private void PullUnit()
    {
        while (true)
        {
            var span = _queue.GetAppendSpan();
            long at = _queue.WritePosition;
            var step = _source.Read(span, out int produced);
            if (produced > 0)
            {
                int nl = span[..produced].LastIndexOf((byte)'\n');
                if (nl >= 0)
                    _lastLineEnd = at + nl;
                _queue.Advance(produced);
            }
            switch (step)
            {
                case UnitStep.Data:
                    continue;
                case UnitStep.Unchecked:
                    UncheckedUnits++;
                    _released = _lastLineEnd + 1;
                    return;
                case UnitStep.Verified:
                    _released = _lastLineEnd + 1;
                    return;
                case UnitStep.Corrupt:
                    Withdraw(_source.Failure!);
                    return;
                default:
                    _released = _queue.WritePosition; // a last line without '\n', from verified units
                    _ended = true;
                    return;
            }
        }
    }

    private void Withdraw(UnitFailure failure)
    {
        long lines = 0, records = 0;
        bool lineHasContent = false;
        _queue.Scan(_released, bytes =>
        {
            foreach (byte b in bytes)
            {
                if (b == (byte)'\n')
                {
                    lines++;
                    if (lineHasContent)
                        records++;
                    lineHasContent = false;
                }
                else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    lineHasContent = true;
                }
            }
        });
        if (lineHasContent)
            records++;
        long bytesLost = _queue.WritePosition - _released;
        _queue.TruncateTo(_released);
        _lastLineEnd = _released - 1;
        _corruptions.Enqueue(new CorruptUnit(_released, failure, bytesLost, lines, records));
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            if (disposing)
            {
                _source.Dispose();
                _queue.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
