using System.Text;

namespace YuLanData.Filters.FastText;

/// <summary>
/// A loaded fastText supervised model (<c>.bin</c> or quantized <c>.ftz</c>, file format 11 or 12) that
/// predicts exactly like <c>fasttext predict-prob</c>. Immutable and thread-safe: concurrent predictions
/// use per-thread scratch buffers and do not allocate per token.
/// </summary>
/// <remarks>
/// <para>Line semantics: fastText reads its input one line at a time and appends the end-of-line token
/// <c>&lt;/s&gt;</c> for the newline. A document is predicted as ONE line: every '\n' (and '\r') in the
/// text is a token separator like a space, which is what a user's script does when it writes
/// <c>text.replace("\n", " ")</c> followed by a newline to the CLI (or calls Python's
/// <c>model.predict</c>). So <c>Predict(doc)</c> equals the CLI's output for the line
/// <c>doc.Replace('\n', ' ') + "\n"</c>.</para>
/// <para>As in fastText, a literal <c>&lt;/s&gt;</c> token ends the line: <c>Predict</c> ignores what follows
/// it (like Python's <c>model.predict</c>), while <see cref="FastTextTool.Predict(FastTextModel, int, float, TextReader, TextWriter, bool)"/>
/// prints a further output line for the rest, as the CLI does.</para>
/// <para>Tokens are maximal runs of bytes other than space, \n, \r, \t, \v, \f and \0 in the UTF-8 text,
/// exactly as fastText splits them; other Unicode spaces are part of tokens.</para>
/// </remarks>
public sealed class FastTextModel
{
    /// <summary>fastText's file magic number.</summary>
    public const int FileMagic = 793712314;

    /// <summary>The file format version this code writes (fastText 0.9.x).</summary>
    public const int CurrentVersion = 12;

    [ThreadStatic]
    private static PredictionScratch? t_scratch;

    private readonly HuffmanTree? _tree;
    private readonly float _zeroThresholdLog = LossTables.StdLog(0f);

    internal FastTextModel(
        FastTextArgs args, FastTextDictionary dictionary, FastTextMatrix input, FastTextMatrix output,
        bool quantizedInput, bool quantizedOutput, int version, string sourceName)
    {
        Args = args;
        Dictionary = dictionary;
        Input = input;
        Output = output;
        QuantizedInput = quantizedInput;
        QuantizedOutput = quantizedOutput;
        Version = version;
        SourceName = sourceName;
        if (args.Model == FastTextModelKind.Supervised && args.Loss == FastTextLoss.HierarchicalSoftmax && dictionary.LabelCount > 0)
            _tree = new HuffmanTree(dictionary.LabelCounts());
    }

    /// <summary>The hyperparameters stored in the file.</summary>
    public FastTextArgs Args { get; }

    /// <summary>The file version the model was read from (11 or 12; 12 for trained models).</summary>
    public int Version { get; }

    /// <summary>Where the model came from (for messages).</summary>
    public string SourceName { get; }

    /// <summary>True when the input matrix is product-quantized (.ftz).</summary>
    public bool QuantizedInput { get; }

    /// <summary>True when the output matrix is product-quantized too (<c>-qout</c>).</summary>
    public bool QuantizedOutput { get; }

    /// <summary>The labels, full tokens (e.g. <c>__label__en</c>), index = label index.</summary>
    public IReadOnlyList<string> Labels => Dictionary.LabelNames;

    /// <summary>Number of words in the dictionary.</summary>
    public int WordCount => Dictionary.WordCount;

    internal FastTextDictionary Dictionary { get; }

    internal FastTextMatrix Input { get; }

    internal FastTextMatrix Output { get; }

    internal HuffmanTree? Tree => _tree;

    /// <summary>Loads a model file.</summary>
    /// <param name="path">A fastText <c>.bin</c> or <c>.ftz</c> file.</param>
    /// <exception cref="InvalidDataException">The file is truncated or not a valid fastText model (the message names the file, the byte offset and what was expected).</exception>
    public static FastTextModel Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Returns the model at <paramref name="path"/> shared by all stages of the process (see
    /// <see cref="Resources.ResourceCache"/>: loaded once, and again when the file changes).</summary>
    /// <param name="path">Model path, absolute or relative to the current directory.</param>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    public static FastTextModel LoadShared(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"fastText model not found: {path} (resolved to {full})", full);
        return Resources.ResourceCache.Get(full, Load);
    }

    /// <summary>Reads a model from a stream.</summary>
    /// <param name="stream">The model bytes, positioned at the start.</param>
    /// <param name="sourceName">Name used in error messages (e.g. the file path).</param>
    public static FastTextModel Read(Stream stream, string sourceName)
    {
        var reader = new ModelFileReader(stream, sourceName);
        int magic = reader.ReadInt32("magic number");
        if (magic != FileMagic)
            throw new InvalidDataException($"{sourceName}: not a fastText model (wrong magic number)");
        int version = reader.ReadInt32("file format version");
        if (version is < 11 or > CurrentVersion)
            throw new InvalidDataException($"{sourceName}: unsupported fastText file format version {version} (supported: 11, 12)");

        var args = ReadArgs(reader);
        if (version == 11 && args.Model == FastTextModelKind.Supervised)
            args = args with { MaxN = 0 }; // old supervised models did not use char n-grams
        var dictionary = FastTextDictionary.Read(reader, args);

        bool quantInput = reader.ReadBool("quantized-input flag");
        FastTextMatrix input = quantInput ? QuantizedMatrix.Read(reader, "input matrix") : DenseMatrix.Read(reader, "input matrix");
        if (!quantInput && dictionary.IsPruned)
            throw reader.Error("dense input matrix with a pruned dictionary (an outdated model file; fastText rejects it too)");
        bool quantOutput = reader.ReadBool("quantized-output flag");
        FastTextMatrix output = quantInput && quantOutput ? QuantizedMatrix.Read(reader, "output matrix") : DenseMatrix.Read(reader, "output matrix");

        long expectedInputRows = dictionary.WordCount + (dictionary.IsPruned ? dictionary.PruneIndexSize : args.Bucket);
        if (input.Rows != expectedInputRows || input.Columns != args.Dim)
            throw reader.Error($"input matrix is {input.Rows}×{input.Columns}, expected {expectedInputRows}×{args.Dim} (words + buckets × dim)");
        long expectedOutputRows = args.Model == FastTextModelKind.Supervised ? dictionary.LabelCount : dictionary.WordCount;
        if (output.Rows != expectedOutputRows || output.Columns != args.Dim)
            throw reader.Error($"output matrix is {output.Rows}×{output.Columns}, expected {expectedOutputRows}×{args.Dim}");
        if (!reader.AtEnd())
            throw reader.Error("unexpected bytes after the output matrix");
        return new FastTextModel(args, dictionary, input, output, quantInput, quantInput && quantOutput, version, sourceName);
    }

    private static FastTextArgs ReadArgs(ModelFileReader reader)
    {
        int dim = reader.ReadInt32("args.dim");
        int ws = reader.ReadInt32("args.ws");
        int epoch = reader.ReadInt32("args.epoch");
        int minCount = reader.ReadInt32("args.minCount");
        int neg = reader.ReadInt32("args.neg");
        int wordNgrams = reader.ReadInt32("args.wordNgrams");
        int loss = reader.ReadInt32("args.loss");
        int model = reader.ReadInt32("args.model");
        int bucket = reader.ReadInt32("args.bucket");
        int minn = reader.ReadInt32("args.minn");
        int maxn = reader.ReadInt32("args.maxn");
        int lrUpdateRate = reader.ReadInt32("args.lrUpdateRate");
        double t = reader.ReadDouble("args.t");
        if (dim <= 0 || dim > 1 << 16)
            throw reader.Error($"args.dim is {dim}, expected 1..65536");
        if (loss is < 1 or > 4)
            throw reader.Error($"args.loss is {loss}, expected 1 (hs), 2 (ns), 3 (softmax) or 4 (ova)");
        if (model is < 1 or > 3)
            throw reader.Error($"args.model is {model}, expected 1 (cbow), 2 (skipgram) or 3 (supervised)");
        if (bucket < 0 || minn < 0 || maxn < 0 || wordNgrams < 0)
            throw reader.Error($"negative args: bucket={bucket} minn={minn} maxn={maxn} wordNgrams={wordNgrams}");
        return new FastTextArgs(dim, ws, epoch, minCount, neg, wordNgrams, (FastTextLoss)loss, (FastTextModelKind)model,
            bucket, minn, maxn, lrUpdateRate, t);
    }

    /// <summary>Writes the model in fastText's format (version 12); the CLI loads the result.</summary>
    /// <param name="path">Destination file (overwritten).</param>
    public void Save(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(stream);
    }

    /// <summary>Writes the model in fastText's format (version 12) to a stream.</summary>
    public void Write(Stream stream)
    {
        var w = new ModelFileWriter(stream);
        w.WriteInt32(FileMagic);
        w.WriteInt32(CurrentVersion);
        w.WriteInt32(Args.Dim);
        w.WriteInt32(Args.WindowSize);
        w.WriteInt32(Args.Epoch);
        w.WriteInt32(Args.MinCount);
        w.WriteInt32(Args.Negatives);
        w.WriteInt32(Args.WordNgrams);
        w.WriteInt32((int)Args.Loss);
        w.WriteInt32((int)Args.Model);
        w.WriteInt32(Args.Bucket);
        w.WriteInt32(Args.MinN);
        w.WriteInt32(Args.MaxN);
        w.WriteInt32(Args.LrUpdateRate);
        w.WriteDouble(Args.SamplingThreshold);
        Dictionary.Write(w);
        w.WriteByte(QuantizedInput ? (byte)1 : (byte)0);
        Input.Write(w);
        w.WriteByte(QuantizedOutput ? (byte)1 : (byte)0);
        Output.Write(w);
    }

    private PredictionScratch Scratch()
    {
        var s = t_scratch ??= new PredictionScratch();
        s.Ensure(Args.Dim, Math.Max(Dictionary.LabelCount, 1));
        return s;
    }

    /// <summary>
    /// Predicts the <paramref name="k"/> most likely labels of a document (one line; see the class remarks),
    /// most likely first. Writes them into <paramref name="destination"/> without allocating.
    /// </summary>
    /// <param name="text">The document text; newlines count as spaces.</param>
    /// <param name="k">How many labels at most; -1 for all labels.</param>
    /// <param name="threshold">Only labels with probability ≥ this are returned (the CLI's threshold argument).</param>
    /// <param name="destination">Receives the predictions; its length caps the number written.</param>
    /// <returns>The number of predictions written.</returns>
    public int Predict(ReadOnlySpan<char> text, int k, float threshold, Span<FastTextPrediction> destination)
    {
        var s = Scratch();
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (s.Utf8.Length < max)
            s.Utf8 = new byte[Math.Max(max, s.Utf8.Length * 2)];
        int n = Encoding.UTF8.GetBytes(text, s.Utf8);
        return PredictUtf8Line(s.Utf8.AsSpan(0, n), k, threshold, destination, s);
    }

    /// <summary>Predicts the <paramref name="k"/> most likely labels of a document, most likely first (allocates the result array).</summary>
    /// <param name="text">The document text; newlines count as spaces.</param>
    /// <param name="k">How many labels at most; -1 for all labels.</param>
    /// <param name="threshold">Only labels with probability ≥ this are returned.</param>
    public FastTextPrediction[] Predict(string text, int k = 1, float threshold = 0f)
    {
        int cap = k == -1 ? Dictionary.LabelCount : Math.Min(k, Math.Max(Dictionary.LabelCount, 1));
        var buffer = new FastTextPrediction[Math.Max(cap, 0)];
        int count = Predict(text.AsSpan(), k, threshold, buffer);
        return count == buffer.Length ? buffer : buffer[..count];
    }

    /// <summary>Predicts from one line given as UTF-8 bytes (no trailing newline), exactly like the CLI on that line.</summary>
    /// <param name="utf8Line">The line bytes; a '\n' inside counts as a separator.</param>
    /// <param name="k">How many labels at most; -1 for all.</param>
    /// <param name="threshold">Minimum probability.</param>
    /// <param name="destination">Receives the predictions.</param>
    public int PredictUtf8Line(ReadOnlySpan<byte> utf8Line, int k, float threshold, Span<FastTextPrediction> destination) =>
        PredictUtf8Line(utf8Line, k, threshold, destination, Scratch());

    private int PredictUtf8Line(ReadOnlySpan<byte> utf8Line, int k, float threshold, Span<FastTextPrediction> destination, PredictionScratch s)
    {
        k = CheckK(k);
        Dictionary.ReadLine(utf8Line, s.Line);
        int count = PredictIds(s.Line.Words.Span, k, threshold, s);
        return CopyPredictions(count, destination, s);
    }

    /// <summary>
    /// The CLI's predictLine on one input line: like <see cref="PredictUtf8Line(ReadOnlySpan{byte}, int, float, Span{FastTextPrediction})"/>
    /// but honoring a missing final newline and reporting where a literal <c>&lt;/s&gt;</c> ended the line.
    /// </summary>
    internal int PredictCliLine(ReadOnlySpan<byte> utf8Line, bool hadNewline, int k, float threshold,
        Span<FastTextPrediction> destination, out int consumed, out bool stoppedAtEos)
    {
        var s = Scratch();
        k = CheckK(k);
        consumed = Dictionary.ReadLine(utf8Line, s.Line, hadNewline);
        stoppedAtEos = s.Line.StoppedAtLiteralEos;
        int count = PredictIds(s.Line.Words.Span, k, threshold, s);
        return CopyPredictions(count, destination, s);
    }

    /// <summary>fastText's <c>test</c>: P@k / R@k over labeled lines.</summary>
    /// <param name="input">Labeled lines.</param>
    /// <param name="k">Labels predicted per line.</param>
    /// <param name="threshold">Minimum probability.</param>
    public FastTextTestResult Evaluate(TextReader input, int k = 1, float threshold = 0f)
    {
        var s = Scratch();
        k = CheckK(k);
        var lines = new TextLineReader(input);
        long examples = 0, gold = 0, predicted = 0, predictedGold = 0;
        while (lines.Next(out var line, out bool hadNewline))
        {
            int pos = 0;
            bool more;
            do
            {
                pos += Dictionary.ReadLine(line[pos..], s.Line, hadNewline);
                more = s.Line.StoppedAtLiteralEos && (pos < line.Length || hadNewline);
                if (s.Line.Labels.Count == 0 || s.Line.Words.Count == 0)
                    continue;
                int count = PredictIds(s.Line.Words.Span, k, threshold, s);
                examples++;
                gold += s.Line.Labels.Count;
                predicted += count;
                for (int i = 0; i < count; i++)
                    if (s.Line.Labels.Span.Contains(s.Heap.Label(i)))
                        predictedGold++;
            } while (more);
        }
        return new FastTextTestResult(examples, gold, predicted, predictedGold);
    }

    private int CheckK(int k)
    {
        if (Args.Model != FastTextModelKind.Supervised)
            throw new InvalidOperationException($"{SourceName}: model needs to be supervised for prediction (it is {Args.Model})");
        if (k == -1)
            return Math.Max(Dictionary.LabelCount, 1);
        if (k <= 0)
            throw new ArgumentOutOfRangeException(nameof(k), k, "k needs to be 1 or higher (or -1 for all labels)");
        return k;
    }

    private int CopyPredictions(int count, Span<FastTextPrediction> destination, PredictionScratch s)
    {
        int written = Math.Min(count, destination.Length);
        for (int i = 0; i < written; i++)
        {
            int label = s.Heap.Label(i);
            destination[i] = new FastTextPrediction(label, Dictionary.LabelName(label), MathF.Exp(s.Heap.Score(i)));
        }
        return written;
    }

    /// <summary>
    /// fastText's Model::predict over input ids: averages the input rows, scores the labels with the model's
    /// loss, and leaves the top k (log-probability, label) pairs in <c>s.Heap</c>, best first.
    /// </summary>
    internal int PredictIds(ReadOnlySpan<int> words, int k, float threshold, PredictionScratch s)
    {
        var heap = s.Heap;
        heap.Clear();
        if (words.Length == 0 || Dictionary.LabelCount == 0)
            return 0;
        var hidden = s.Hidden.AsSpan(0, Args.Dim);
        ComputeHidden(words, hidden);
        if (_tree is not null)
        {
            float thresholdLog = threshold == 0f ? _zeroThresholdLog : LossTables.StdLog(threshold);
            Dfs(k, thresholdLog, _tree.Root, 0f, heap, hidden);
        }
        else
        {
            var output = s.Output.AsSpan(0, Dictionary.LabelCount);
            ComputeOutput(hidden, output);
            for (int i = 0; i < output.Length; i++)
            {
                if (output[i] < threshold)
                    continue;
                float logP = LossTables.StdLog(output[i]);
                if (heap.Count == k && logP < heap.Front)
                    continue;
                heap.Push(logP, i);
                if (heap.Count > k)
                    heap.PopFront();
            }
        }
        heap.SortDescending();
        return heap.Count;
    }

    /// <summary>hidden = mean of the input rows (fastText computeHidden, same float order).</summary>
    internal void ComputeHidden(ReadOnlySpan<int> words, Span<float> hidden)
    {
        hidden.Clear();
        foreach (int id in words)
            Input.AddRowTo(hidden, id);
        float scale = (float)(1.0 / words.Length);
        for (int j = 0; j < hidden.Length; j++)
            hidden[j] *= scale;
    }

    /// <summary>Label scores for softmax (normalized) or one-vs-all / negative sampling (table sigmoid).</summary>
    internal void ComputeOutput(ReadOnlySpan<float> hidden, Span<float> output)
    {
        for (int i = 0; i < output.Length; i++)
            output[i] = Output.DotRow(hidden, i);
        if (Args.Loss == FastTextLoss.Softmax)
        {
            float max = output[0], z = 0f;
            for (int i = 0; i < output.Length; i++)
                max = Math.Max(output[i], max);
            for (int i = 0; i < output.Length; i++)
            {
                // fastText calls unqualified exp() here, which is C's double exp(), then stores a float.
                output[i] = (float)Math.Exp(output[i] - max);
                z += output[i];
            }
            for (int i = 0; i < output.Length; i++)
                output[i] /= z;
        }
        else
        {
            for (int i = 0; i < output.Length; i++)
                output[i] = LossTables.Sigmoid(output[i]);
        }
    }

    /// <summary>fastText's depth-first search of the hierarchical-softmax tree with pruning by threshold and the current k-th score.</summary>
    private void Dfs(int k, float thresholdLog, int node, float score, TopKHeap heap, ReadOnlySpan<float> hidden)
    {
        if (score < thresholdLog)
            return;
        if (heap.Count == k && score < heap.Front)
            return;
        var tree = _tree!;
        if (tree.Left[node] == -1 && tree.Right[node] == -1)
        {
            heap.Push(score, node);
            if (heap.Count > k)
                heap.PopFront();
            return;
        }
        float f = Output.DotRow(hidden, node - tree.LeafCount);
        f = (float)(1.0 / (1f + MathF.Exp(-f)));
        Dfs(k, thresholdLog, tree.Left[node], score + LossTables.StdLog((float)(1.0 - f)), heap, hidden);
        Dfs(k, thresholdLog, tree.Right[node], score + LossTables.StdLog(f), heap, hidden);
    }
}
