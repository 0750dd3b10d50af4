using System.Collections.Concurrent;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace YuLanData.Inference.Tokenization;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> BPE tokenizer (SentencePiece-style with byte fallback, or GPT-2-style byte
/// level) that gives the same ids as Hugging Face's <c>tokenizers</c> library. Merging is done by
/// Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>; this class adds what HF does around the model: added-token
/// splitting on the raw text, per-segment normalization, byte fallback, the exact regex pre-tokenizer, the
/// post-processor's special tokens, and the decoder chain. Instances are immutable and thread-safe.
/// </summary>
public sealed class HuggingFaceTokenizer
{
    private readonly TokenizerDefinition _definition;
    private readonly BpeTokenizer _bpe;
    private readonly AddedTokenMatcher _rawTokens;
    private readonly AddedTokenMatcher _normalizedTokens;
    private readonly string?[] _idToToken;
    private readonly bool[] _isSpecial;
    private readonly bool[] _knownBmpChars = new bool[0x10000];
    private readonly HashSet<int> _knownAstralChars = [];
    private readonly int[] _byteIds = new int[256];
    private readonly int? _unknownId;
    private readonly IPieceSplitter? _splitter;
    private readonly ConcurrentDictionary<string, int[]> _pieceCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _pieceCacheLookup;
    private int _pieceCacheCount;

    /// <summary>Pieces up to this length are cached.</summary>
    private const int MaxCachedPieceLength = 48;

    /// <summary>At most this many pieces are cached (the cache stops growing, like Hugging Face's).</summary>
    private const int PieceCacheCapacity = 200_000;

    private HuggingFaceTokenizer(TokenizerDefinition definition)
    {
        _definition = definition;
        Dictionary<string, int> vocabulary = definition.Vocabulary;
        _splitter = definition.Splitter;
        if (!definition.ByteLevel && _splitter is null)
            _splitter = new BigramBoundarySplitter(vocabulary.Keys);
        var options = new BpeOptions(vocabulary)
        {
            Merges = definition.Merges,
            ByteLevel = definition.ByteLevel,
        };
        try
        {
            _bpe = BpeTokenizer.Create(options);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"{definition.SourcePath}: {e.Message}", e);
        }

        _pieceCacheLookup = _pieceCache.GetAlternateLookup<ReadOnlySpan<char>>();
        AddedTokens = definition.AddedTokens;
        _rawTokens = new AddedTokenMatcher(AddedTokens.Where(t => !t.Normalized).Select(t => (t.Content, t)));
        // Hugging Face looks for a normalized token's content as the normalizer rewrites it (with a Prepend
        // normalizer, "<x>" is found only as "▁<x>").
        _normalizedTokens = new AddedTokenMatcher(AddedTokens.Where(t => t.Normalized).Select(t => (Normalize(t.Content), t)));

        int size = 0;
        foreach (int id in vocabulary.Values)
            size = Math.Max(size, id + 1);
        foreach (AddedToken token in AddedTokens)
            size = Math.Max(size, token.Id + 1);
        VocabularySize = size;
        _idToToken = new string?[size];
        _isSpecial = new bool[size];
        foreach ((string token, int id) in vocabulary)
            _idToToken[id] = token;
        foreach (AddedToken token in AddedTokens)
        {
            _idToToken[token.Id] = token.Content;
            _isSpecial[token.Id] = token.Special;
        }

        foreach (string token in vocabulary.Keys)
        {
            if (token.Length == 1 && !char.IsSurrogate(token[0]))
                _knownBmpChars[token[0]] = true;
            else if (token.Length == 2 && char.IsSurrogatePair(token[0], token[1]))
                _knownAstralChars.Add(char.ConvertToUtf32(token[0], token[1]));
        }
        for (int b = 0; b < 256; b++)
            _byteIds[b] = vocabulary.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1;
        if (definition.UnknownToken is { } unknown)
            _unknownId = vocabulary.TryGetValue(unknown, out int id) ? id
                : throw new InvalidDataException($"{definition.SourcePath}: model.unk_token \"{unknown}\" is not in model.vocab");

        BosId = TokenId(definition.BosToken) ?? (definition.PrefixIds.Length == 1 ? definition.PrefixIds[0] : null);
        EosId = TokenId(definition.EosToken) ?? (definition.SuffixIds.Length == 1 ? definition.SuffixIds[0] : null);
        PadId = TokenId(definition.PadToken);
    }

    /// <summary>Loads a <c>tokenizer.json</c> file (BOS/EOS/PAD names come from a <c>tokenizer_config.json</c> beside it, when present).</summary>
    /// <param name="path">Path of the <c>tokenizer.json</c> file, or of the folder holding it.</param>
    /// <exception cref="UnsupportedTokenizerFeatureException">The file uses a feature this class does not reproduce.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid tokenizer file.</exception>
    public static HuggingFaceTokenizer Load(string path)
    {
        if (Directory.Exists(path))
            path = Path.Combine(path, "tokenizer.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"tokenizer file not found: {path}", path);
        return new HuggingFaceTokenizer(TokenizerJsonReader.Read(path));
    }

    /// <summary>Number of ids: one more than the largest id of the vocabulary and the added tokens.</summary>
    public int VocabularySize { get; }

    /// <summary>Beginning-of-sequence id (from <c>tokenizer_config.json</c>'s <c>bos_token</c>, else the post-processor's single prefix token), or null.</summary>
    public int? BosId { get; }

    /// <summary>End-of-sequence id (from <c>tokenizer_config.json</c>'s <c>eos_token</c>, else the post-processor's single suffix token), or null.</summary>
    public int? EosId { get; }

    /// <summary>Padding id (from <c>tokenizer_config.json</c>'s <c>pad_token</c>), or null.</summary>
    public int? PadId { get; }

    /// <summary>The added tokens, as listed in the file.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>The id of <paramref name="token"/> (an added token or a vocabulary entry), or null.</summary>
    public int? TokenId(string? token)
    {
        if (token is null)
            return null;
        foreach (AddedToken added in AddedTokens)
            if (added.Content == token)
                return added.Id;
        return _definition.Vocabulary.TryGetValue(token, out int id) ? id : null;
    }

    /// <summary>The token string of <paramref name="id"/>, or null when no token has that id.</summary>
    public string? IdToToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] : null;

    /// <summary>Encodes <paramref name="text"/> to token ids.</summary>
    /// <param name="text">The text; unpaired UTF-16 surrogates are read as U+FFFD.</param>
    /// <param name="addSpecialTokens">Add the post-processor's tokens (e.g. BOS), as Hugging Face does by default.</param>
    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        Encode(text.AsSpan(), ids, addSpecialTokens);
        return [.. ids];
    }

    /// <summary>Encodes <paramref name="text"/> and appends the ids to <paramref name="ids"/>.</summary>
    /// <param name="text">The text; unpaired UTF-16 surrogates are read as U+FFFD.</param>
    /// <param name="ids">Receives the ids (appended).</param>
    /// <param name="addSpecialTokens">Add the post-processor's tokens (e.g. BOS), as Hugging Face does by default.</param>
    /// <returns>The number of ids appended.</returns>
    public int Encode(ReadOnlySpan<char> text, List<int> ids, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var sink = new IdSink(ids);
        Run(text, addSpecialTokens, ref sink);
        return sink.Count;
    }

    /// <summary>The number of ids <see cref="Encode(string, bool)"/> would return, without building them.</summary>
    public int CountTokens(ReadOnlySpan<char> text, bool addSpecialTokens = true)
    {
        var sink = new IdSink(null);
        Run(text, addSpecialTokens, ref sink);
        return sink.Count;
    }

    /// <summary>Decodes ids back to text with the file's decoder.</summary>
    /// <param name="ids">Token ids.</param>
    /// <param name="skipSpecialTokens">Leave out added tokens marked special (BOS, EOS, ...).</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is not a token of this tokenizer.</exception>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false)
    {
        var tokens = new List<string>(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            string token = IdToToken(id) ?? throw new ArgumentOutOfRangeException(nameof(ids), $"ids[{i}] = {id} is not a token id of this tokenizer (vocabulary size {VocabularySize})");
            if (skipSpecialTokens && _isSpecial[id])
                continue;
            tokens.Add(token);
        }
        if (_definition.Decoder.Count == 0)
            return string.Join(' ', tokens);
        foreach (DecoderStep step in _definition.Decoder)
            tokens = step.Apply(tokens);
        return string.Concat(tokens);
    }

    /// <summary>The whole pipeline: post-processor prefix, added tokens found in the raw text, segments between them, suffix.</summary>
    private void Run(ReadOnlySpan<char> text, bool addSpecialTokens, ref IdSink sink)
    {
        if (addSpecialTokens)
            sink.AddRange(_definition.PrefixIds);
        string? repaired = RepairSurrogates(text);
        if (repaired is not null)
            text = repaired;

        int position = 0;
        while (true)
        {
            int start = text.Length, end = text.Length;
            AddedToken? token = _rawTokens.IsEmpty ? null : _rawTokens.FindNext(text, position, out start, out end);
            if (start > position)
                EncodeRawSegment(text[position..start], position == 0, ref sink);
            if (token is null)
                break;
            sink.Add(token.Id);
            position = end;
        }

        if (addSpecialTokens)
            sink.AddRange(_definition.SuffixIds);
    }

    /// <summary>Applies the file's normalizer steps in order.</summary>
    private string Normalize(string text)
    {
        foreach (NormalizerStep step in _definition.Normalizer)
            text = step.Apply(text);
        return text;
    }

    /// <summary>A piece of the raw text between added tokens: normalize, find normalized added tokens, then encode.</summary>
    private void EncodeRawSegment(ReadOnlySpan<char> segment, bool atTextStart, ref IdSink sink)
    {
        string normalized = Normalize(segment.ToString());
        if (_normalizedTokens.IsEmpty)
        {
            EncodeNormalized(normalized, atTextStart, ref sink);
            return;
        }

        ReadOnlySpan<char> text = normalized;
        int position = 0;
        while (true)
        {
            int start = text.Length, end = text.Length;
            AddedToken? token = _normalizedTokens.FindNext(text, position, out start, out end);
            if (start > position)
                EncodeNormalized(text[position..start], atTextStart && position == 0, ref sink);
            if (token is null)
                break;
            sink.Add(token.Id);
            position = end;
        }
    }

    /// <summary>Normalized text without added tokens: pre-tokenize (Metaspace, Split, ByteLevel) and run the BPE model.</summary>
    private void EncodeNormalized(ReadOnlySpan<char> text, bool atTextStart, ref IdSink sink)
    {
        if (text.IsEmpty)
            return;
        if (_definition.Metaspace is { } metaspace)
        {
            EncodeMetaspace(text, atTextStart, metaspace, ref sink);
            return;
        }
        if (_definition.ByteLevel)
        {
            EncodeRun(text, ref sink);
            return;
        }
        EncodeWord(text, ref sink);
    }

    private void EncodeMetaspace(ReadOnlySpan<char> text, bool atTextStart, MetaspaceOptions metaspace, ref IdSink sink)
    {
        char replacement = metaspace.Replacement;
        bool prepend = text[0] != ' ' && text[0] != replacement
            && (metaspace.Prepend == MetaspacePrepend.Always || (metaspace.Prepend == MetaspacePrepend.First && atTextStart));
        string word = prepend ? string.Concat(replacement.ToString(), text) : text.ToString();
        word = word.Replace(' ', replacement);
        if (!metaspace.Split)
        {
            EncodeWord(word, ref sink);
            return;
        }
        int start = 0;
        for (int i = 1; i <= word.Length; i++)
        {
            if (i == word.Length || word[i] == replacement)
            {
                EncodeWord(word.AsSpan(start, i - start), ref sink);
                start = i;
            }
        }
    }

    /// <summary>
    /// One pre-tokenized word through the BPE model with Hugging Face's byte fallback: characters that are not
    /// vocabulary entries become <c>&lt;0xXX&gt;</c> byte tokens (or the unknown token); the runs between them are
    /// merged by <see cref="BpeTokenizer"/>. Byte tokens never take part in merges, so the runs merge independently.
    /// </summary>
    private void EncodeWord(ReadOnlySpan<char> word, ref IdSink sink)
    {
        if (_definition.IgnoreMerges && _definition.Vocabulary.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out int whole))
        {
            sink.Add(whole);
            return;
        }

        int runStart = 0;
        bool previousUnknown = false;
        int i = 0;
        while (i < word.Length)
        {
            char c = word[i];
            int length = 1;
            bool known;
            if (char.IsHighSurrogate(c) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]))
            {
                length = 2;
                known = _knownAstralChars.Contains(char.ConvertToUtf32(c, word[i + 1]));
            }
            else
            {
                known = _knownBmpChars[c];
            }
            if (!known)
            {
                if (i > runStart)
                {
                    EncodeRun(word[runStart..i], ref sink);
                    previousUnknown = false;
                }
                previousUnknown = EmitFallback(word.Slice(i, length), previousUnknown, ref sink);
                runStart = i + length;
            }
            i += length;
        }
        if (word.Length > runStart)
            EncodeRun(word[runStart..], ref sink);
    }

    /// <summary>Text whose characters are all vocabulary entries (or byte-level text): split into pieces and merge each.</summary>
    private void EncodeRun(ReadOnlySpan<char> run, ref IdSink sink)
    {
        if (_splitter is null)
        {
            EncodePiece(run, ref sink);
            return;
        }
        for (int position = 0; position < run.Length;)
        {
            int length = _splitter.PieceLength(run, position);
            EncodePiece(run.Slice(position, length), ref sink);
            position += length;
        }
    }

    /// <summary>One piece through the <see cref="BpeTokenizer"/> merge engine, with a cache of short pieces.</summary>
    private void EncodePiece(ReadOnlySpan<char> piece, ref IdSink sink)
    {
        if (piece.Length > MaxCachedPieceLength)
        {
            sink.AddRange(_bpe.EncodeToIds(piece, considerPreTokenization: false, considerNormalization: false));
            return;
        }
        if (!_pieceCacheLookup.TryGetValue(piece, out int[]? ids))
        {
            IReadOnlyList<int> merged = _bpe.EncodeToIds(piece, considerPreTokenization: false, considerNormalization: false);
            ids = [.. merged];
            if (Volatile.Read(ref _pieceCacheCount) < PieceCacheCapacity && _pieceCacheLookup.TryAdd(piece, ids))
                Interlocked.Increment(ref _pieceCacheCount);
        }
        sink.AddRange(ids);
    }

    /// <summary>Emits the byte tokens of a character missing from the vocabulary, or the unknown token; returns whether the unknown token was used.</summary>
    private bool EmitFallback(ReadOnlySpan<char> character, bool previousUnknown, ref IdSink sink)
    {
        if (_definition.ByteFallback)
        {
            Span<byte> utf8 = stackalloc byte[4];
            int count = Encoding.UTF8.GetBytes(character, utf8);
            bool all = true;
            for (int b = 0; b < count; b++)
                all &= _byteIds[utf8[b]] >= 0;
            if (all)
            {
                for (int b = 0; b < count; b++)
                    sink.Add(_byteIds[utf8[b]]);
                return false;
            }
        }
        if (_unknownId is not { } unknown)
            return false;
        if (!(previousUnknown && _definition.FuseUnknown))
            sink.Add(unknown);
        return true;
    }

    /// <summary>Returns a copy of <paramref name="text"/> with unpaired surrogates replaced by U+FFFD, or null when there are none.</summary>
    private static string? RepairSurrogates(ReadOnlySpan<char> text)
    {
        int first = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
            return null;
        char[]? copy = null;
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!char.IsSurrogate(c))
                continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            copy ??= text.ToArray();
            copy[i] = '\uFFFD';
        }
        return copy is null ? null : new string(copy);
    }

    /// <summary>Where encoded ids go: a list, or only a count.</summary>
    private struct IdSink(List<int>? ids)
    {
        public readonly List<int>? Ids = ids;
        public int Count;

        public void Add(int id)
        {
            Ids?.Add(id);
            Count++;
        }

        public void AddRange(int[] ids)
        {
            Ids?.AddRange(ids);
            Count += ids.Length;
        }

        public void AddRange(IReadOnlyList<int> ids)
        {
            if (Ids is not null)
                for (int i = 0; i < ids.Count; i++)
                    Ids.Add(ids[i]);
            Count += ids.Count;
        }
    }
}
