using System.Text;

namespace YuLanData.Jobs.IO.Web;

/// <summary>A decoder fallback that writes U+FFFD for every invalid byte sequence and counts them.</summary>
internal sealed class CountingDecoderFallback : DecoderFallback
{
    /// <summary>Invalid byte sequences replaced so far.</summary>
    public int Count { get; private set; }

    public override int MaxCharCount => 1;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

    private sealed class Buffer(CountingDecoderFallback owner) : DecoderFallbackBuffer
    {
        private bool _pending;

        public override int Remaining => _pending ? 1 : 0;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            owner.Count++;
            _pending = true;
            return true;
        }

        public override char GetNextChar()
        {
            if (!_pending)
                return '\0';
            _pending = false;
            return '\uFFFD';
        }

        public override bool MovePrevious() => false;

        public override void Reset() => _pending = false;
    }
}
