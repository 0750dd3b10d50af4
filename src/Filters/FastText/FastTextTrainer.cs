using System.Runtime.CompilerServices;
using System.Text;

namespace YuLanData.Filters.FastText;

/// <summary>
/// Supervised fastText training (fastText's algorithm: averaged word/subword/n-gram embeddings, a softmax,
/// hierarchical-softmax, one-vs-all or negative-sampling output layer, SGD with linearly decaying learning
/// rate, lock-free "Hogwild" updates across threads). The trained model saves to a <c>.bin</c> the CLI loads.
/// </summary>
/// <remarks>
/// Differences from the CLI that do not change what is learned: the vocabulary is ordered by count with ties
/// in first-seen order (fastText's unstable sort leaves ties in an implementation-defined order), lines are
/// tokenized once up front, thread t starts at line t·n/threads rather than at a byte offset, and random
/// numbers are drawn differently. With <see cref="FastTextTrainingOptions.Threads"/> = 1 training is
/// deterministic for a given seed.
/// </remarks>
public static class FastTextTrainer
{
    private static readonly char[] Separators = [' ', '\n', '\r', '\t', '\v', '\f', '\0'];

    /// <summary>Trains a supervised model.</summary>
    /// <param name="lines">Labeled lines in fastText format: label tokens (<c>__label__x</c>) and words, one example per line.</param>
    /// <param name="options">Hyperparameters.</param>
    /// <exception cref="ArgumentException">Bad options, or no labels / empty vocabulary.</exception>
    public static FastTextModel Train(IEnumerable<string> lines, FastTextTrainingOptions options)
    {
        options.Validate();
        int bucket = options.WordNgrams <= 1 && options.MaxN == 0 ? 0 : options.Bucket;
        var args = new FastTextArgs(options.Dim, options.WindowSize, options.Epoch, options.MinCount, options.Negatives,
            options.WordNgrams, options.Loss, FastTextModelKind.Supervised, bucket, options.MinN, options.MaxN,
            options.LrUpdateRate, options.SamplingThreshold);

        var lineList = lines as IReadOnlyList<string> ?? lines.ToList();
        var dictionary = BuildDictionary(lineList, options, args);
        var data = TrainingData.Create(lineList, dictionary);

        int dim = options.Dim;
        int inputRows = dictionary.WordCount + bucket;
        var inputValues = new float[(long)inputRows * dim];
        var rng = new MinStdRandom(options.Seed);
        float a = 1f / dim;
        for (long i = 0; i < inputValues.LongLength; i++)
            inputValues[i] = (float)((rng.NextDouble() * 2 - 1) * a);
        var input = new DenseMatrix(inputRows, dim, inputValues);
        var output = new DenseMatrix(dictionary.LabelCount, dim, new float[(long)dictionary.LabelCount * dim]);

        var run = new TrainingRun(options, args, dictionary, data, input, output);
        run.Execute();
        return new FastTextModel(args, dictionary, input, output, false, false, FastTextModel.CurrentVersion, "(trained)");
    }

    private static FastTextDictionary BuildDictionary(IReadOnlyList<string> lines, FastTextTrainingOptions options, FastTextArgs args)
    {
        var counts = new Dictionary<string, (long Count, int FirstSeen)>(StringComparer.Ordinal);
        long ntokens = 0;
        void Add(string token)
        {
            ntokens++;
            if (counts.TryGetValue(token, out var c))
                counts[token] = (c.Count + 1, c.FirstSeen);
            else
                counts[token] = (1, counts.Count);
        }
        foreach (var line in lines)
        {
            foreach (var token in line.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
                Add(token);
            Add(FastTextDictionary.EndOfSentence);
        }
        var entries = counts
            .Select(kv => (Word: kv.Key, kv.Value.Count, kv.Value.FirstSeen, IsLabel: kv.Key.StartsWith(options.LabelPrefix, StringComparison.Ordinal)))
            .Where(e => e.IsLabel ? e.Count >= options.MinCountLabel : e.Count >= options.MinCount)
            .OrderBy(e => e.IsLabel)
            .ThenByDescending(e => e.Count)
            .ThenBy(e => e.FirstSeen)
            .Select(e => new DictionaryEntry(Encoding.UTF8.GetBytes(e.Word), e.Count, e.IsLabel))
            .ToArray();
        if (entries.Length == 0)
            throw new ArgumentException("Empty vocabulary. Try a smaller min_count value.");
        if (!entries.Any(e => e.IsLabel))
            throw new ArgumentException($"no labels in the training data (label tokens start with '{options.LabelPrefix}')");
        return new FastTextDictionary(entries, ntokens, -1, null, args.MinN, args.MaxN, args.Bucket, args.WordNgrams, options.LabelPrefix);
    }

    /// <summary>Every training line as input ids, label ids and its token count, flattened.</summary>
    private sealed class TrainingData
    {
        public required int[] WordIds { get; init; }
        public required int[] WordStarts { get; init; }
        public required int[] LabelIds { get; init; }
        public required int[] LabelStarts { get; init; }
        public required int[] TokenCounts { get; init; }

        public int LineCount => TokenCounts.Length;

        public static TrainingData Create(IReadOnlyList<string> lines, FastTextDictionary dictionary)
        {
            var ids = new LineIds();
            var words = new IntList(lines.Count * 16);
            var labels = new IntList(lines.Count * 2);
            var wordStarts = new int[lines.Count + 1];
            var labelStarts = new int[lines.Count + 1];
            var tokenCounts = new int[lines.Count];
            byte[] utf8 = new byte[1024];
            for (int i = 0; i < lines.Count; i++)
            {
                int max = Encoding.UTF8.GetMaxByteCount(lines[i].Length);
                if (utf8.Length < max)
                    utf8 = new byte[max * 2];
                int n = Encoding.UTF8.GetBytes(lines[i], utf8);
                dictionary.ReadLine(utf8.AsSpan(0, n), ids);
                wordStarts[i] = words.Count;
                labelStarts[i] = labels.Count;
                words.AddRange(ids.Words.Span);
                labels.AddRange(ids.Labels.Span);
                tokenCounts[i] = ids.TokenCount;
            }
            wordStarts[lines.Count] = words.Count;
            labelStarts[lines.Count] = labels.Count;
            return new TrainingData
            {
                WordIds = words.Span.ToArray(),
                WordStarts = wordStarts,
                LabelIds = labels.Span.ToArray(),
                LabelStarts = labelStarts,
                TokenCounts = tokenCounts,
            };
        }
    }

    /// <summary>One training run: shared weights, the shared token counter and the per-thread loops.</summary>
    private sealed class TrainingRun(
        FastTextTrainingOptions options, FastTextArgs args, FastTextDictionary dictionary, TrainingData data,
        DenseMatrix input, DenseMatrix output)
    {
        private readonly HuffmanTree? _tree = args.Loss == FastTextLoss.HierarchicalSoftmax ? new HuffmanTree(dictionary.LabelCounts()) : null;
        private readonly double[]? _negativeCdf = args.Loss == FastTextLoss.NegativeSampling ? NegativeCdf(dictionary.LabelCounts()) : null;
        private long _tokenCount;

        public void Execute()
        {
            if (data.LineCount == 0)
                throw new ArgumentException("no training lines");
            int threads = options.Threads;
            if (threads == 1)
            {
                TrainThread(0);
                return;
            }
            var workers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                int id = t;
                workers[t] = new Thread(() => TrainThread(id)) { IsBackground = true, Name = $"fasttext-train-{id}" };
                workers[t].Start();
            }
            foreach (var w in workers)
                w.Join();
        }

        private static double[] NegativeCdf(long[] counts)
        {
            // fastText draws negatives from a table where label i appears ∝ sqrt(count_i).
            var cdf = new double[counts.Length];
            double z = counts.Sum(c => Math.Sqrt(c));
            double acc = 0;
            for (int i = 0; i < counts.Length; i++)
            {
                acc += Math.Sqrt(counts[i]) / z;
                cdf[i] = acc;
            }
            cdf[^1] = 1.0;
            return cdf;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void TrainThread(int threadId)
        {
            int dim = args.Dim;
            var hidden = new float[dim];
            var grad = new float[dim];
            var scores = new float[dictionary.LabelCount];
            var rng = new MinStdRandom(threadId + options.Seed);
            long totalTokens = (long)args.Epoch * dictionary.TokenCount;
            long localTokens = 0;
            int line = (int)((long)threadId * data.LineCount / options.Threads);
            while (Interlocked.Read(ref _tokenCount) < totalTokens)
            {
                float progress = (float)Interlocked.Read(ref _tokenCount) / totalTokens;
                float lr = (float)(options.LearningRate * (1.0 - progress));
                var words = data.WordIds.AsSpan(data.WordStarts[line], data.WordStarts[line + 1] - data.WordStarts[line]);
                var labels = data.LabelIds.AsSpan(data.LabelStarts[line], data.LabelStarts[line + 1] - data.LabelStarts[line]);
                localTokens += data.TokenCounts[line];
                if (words.Length > 0 && labels.Length > 0)
                    Update(words, labels, lr, hidden, grad, scores, ref rng);
                if (localTokens > args.LrUpdateRate)
                {
                    Interlocked.Add(ref _tokenCount, localTokens);
                    localTokens = 0;
                }
                if (++line == data.LineCount)
                    line = 0;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Update(ReadOnlySpan<int> words, ReadOnlySpan<int> labels, float lr, float[] hidden, float[] grad, float[] scores, ref MinStdRandom rng)
        {
            hidden.AsSpan().Clear();
            foreach (int id in words)
                VectorMath.Add(hidden, input.Row(id));
            float scale = (float)(1.0 / words.Length);
            for (int j = 0; j < hidden.Length; j++)
                hidden[j] *= scale;
            grad.AsSpan().Clear();

            switch (args.Loss)
            {
                case FastTextLoss.Softmax:
                    Softmax(labels[labels.Length == 1 ? 0 : rng.NextInt(labels.Length)], lr, hidden, grad, scores);
                    break;
                case FastTextLoss.HierarchicalSoftmax:
                {
                    int target = labels[labels.Length == 1 ? 0 : rng.NextInt(labels.Length)];
                    var path = _tree!.Paths[target];
                    var code = _tree.Codes[target];
                    for (int i = 0; i < path.Length; i++)
                        BinaryLogistic(path[i], code[i], lr, hidden, grad);
                    break;
                }
                case FastTextLoss.OneVsAll:
                    for (int i = 0; i < dictionary.LabelCount; i++)
                        BinaryLogistic(i, labels.Contains(i), lr, hidden, grad);
                    break;
                case FastTextLoss.NegativeSampling:
                {
                    int target = labels[labels.Length == 1 ? 0 : rng.NextInt(labels.Length)];
                    BinaryLogistic(target, true, lr, hidden, grad);
                    if (dictionary.LabelCount > 1)
                    {
                        for (int n = 0; n < args.Negatives; n++)
                        {
                            int negative;
                            do
                            {
                                negative = Array.BinarySearch(_negativeCdf!, rng.NextDouble());
                                if (negative < 0)
                                    negative = Math.Min(~negative, _negativeCdf!.Length - 1);
                            } while (negative == target);
                            BinaryLogistic(negative, false, lr, hidden, grad);
                        }
                    }
                    break;
                }
            }

            float gscale = (float)(1.0 / words.Length);
            for (int j = 0; j < grad.Length; j++)
                grad[j] *= gscale;
            foreach (int id in words)
                VectorMath.Add(input.Row(id), grad);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Softmax(int target, float lr, float[] hidden, float[] grad, float[] scores)
        {
            int osz = scores.Length;
            float max = float.NegativeInfinity;
            for (int i = 0; i < osz; i++)
            {
                scores[i] = VectorMath.Dot(output.Row(i), hidden);
                max = Math.Max(max, scores[i]);
            }
            float z = 0f;
            for (int i = 0; i < osz; i++)
            {
                scores[i] = MathF.Exp(scores[i] - max);
                z += scores[i];
            }
            for (int i = 0; i < osz; i++)
            {
                float p = scores[i] / z;
                float alpha = lr * ((i == target ? 1f : 0f) - p);
                var row = output.Row(i);
                VectorMath.AddScaled(grad, row, alpha);
                VectorMath.AddScaled(row, hidden, alpha);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void BinaryLogistic(int row, bool positive, float lr, float[] hidden, float[] grad)
        {
            var w = output.Row(row);
            float score = LossTables.Sigmoid(VectorMath.Dot(w, hidden));
            float alpha = lr * ((positive ? 1f : 0f) - score);
            VectorMath.AddScaled(grad, w, alpha);
            VectorMath.AddScaled(w, hidden, alpha);
        }
    }
}
