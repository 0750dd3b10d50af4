using System.Globalization;

namespace YuLanData.Filters.FastText;

/// <summary>
/// The <c>fasttext</c> command facade (<c>./yulandata fasttext train|predict|test</c>): the same inputs and
/// byte-for-byte the same printed output as the fastText 0.9.2 CLI commands.
/// </summary>
public static class FastTextTool
{
    /// <summary>
    /// Like <c>fasttext predict-prob MODEL - K THRESHOLD</c>: one output line per input line,
    /// <c>label prob label prob ...</c>, probabilities in C++ ostream default format (6 significant digits).
    /// </summary>
    /// <param name="modelPath">The .bin/.ftz model.</param>
    /// <param name="k">Labels per line (-1 = all).</param>
    /// <param name="threshold">Minimum probability.</param>
    /// <param name="input">Lines to classify.</param>
    /// <param name="output">Where the predictions are printed.</param>
    /// <param name="printProbabilities">False for the output of <c>fasttext predict</c> (labels only).</param>
    public static void Predict(string modelPath, int k, float threshold, TextReader input, TextWriter output, bool printProbabilities = true) =>
        Predict(FastTextModel.Load(modelPath), k, threshold, input, output, printProbabilities);

    /// <inheritdoc cref="Predict(string, int, float, TextReader, TextWriter, bool)"/>
    /// <param name="model">A loaded model.</param>
    public static void Predict(FastTextModel model, int k, float threshold, TextReader input, TextWriter output, bool printProbabilities = true)
    {
        var lines = new TextLineReader(input);
        var predictions = new FastTextPrediction[k == -1 ? Math.Max(model.Labels.Count, 1) : Math.Max(k, 1)];
        var sb = new System.Text.StringBuilder();
        while (lines.Next(out var line, out bool hadNewline))
        {
            int pos = 0;
            bool more;
            do
            {
                int count = model.PredictCliLine(line[pos..], hadNewline, k, threshold, predictions, out int consumed, out bool stoppedAtEos);
                pos += consumed;
                sb.Clear();
                for (int i = 0; i < count; i++)
                {
                    if (i > 0)
                        sb.Append(' ');
                    sb.Append(predictions[i].Label);
                    if (printProbabilities)
                        sb.Append(' ').Append(CNumberFormat.FormatG(predictions[i].Probability));
                }
                sb.Append('\n');
                output.Write(sb);
                more = stoppedAtEos && (pos < line.Length || hadNewline);
            } while (more);
        }
        output.Flush();
    }

    /// <summary>
    /// Like <c>fasttext test MODEL TEST K THRESHOLD</c>: prints <c>N</c>, <c>P@k</c> and <c>R@k</c> (3 significant
    /// digits) over the labeled lines that have at least one known label.
    /// </summary>
    /// <param name="modelPath">The model.</param>
    /// <param name="k">Labels predicted per line.</param>
    /// <param name="threshold">Minimum probability.</param>
    /// <param name="input">Labeled lines (<c>__label__x words...</c>).</param>
    /// <param name="output">Where the three lines are printed.</param>
    /// <returns>The measured precision and recall.</returns>
    public static FastTextTestResult Test(string modelPath, int k, float threshold, TextReader input, TextWriter output) =>
        Test(FastTextModel.Load(modelPath), k, threshold, input, output);

    /// <inheritdoc cref="Test(string, int, float, TextReader, TextWriter)"/>
    /// <param name="model">A loaded model.</param>
    public static FastTextTestResult Test(FastTextModel model, int k, float threshold, TextReader input, TextWriter output)
    {
        var result = model.Evaluate(input, k, threshold);
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"N\t{result.Examples}\nP@{k}\t{CNumberFormat.FormatG(result.Precision, 3)}\nR@{k}\t{CNumberFormat.FormatG(result.Recall, 3)}\n"));
        output.Flush();
        return result;
    }

    /// <summary>
    /// Like <c>fasttext supervised</c>: trains on the labeled input (or positive/negative documents), writes the
    /// model to <c>input.Output</c>, and prints the dictionary summary the CLI prints
    /// (<c>Read NM words</c>, <c>Number of words:</c>, <c>Number of labels:</c>).
    /// </summary>
    /// <param name="input">Training data, output path and hyperparameters.</param>
    /// <param name="log">Where the summary is printed.</param>
    /// <returns>The trained model.</returns>
    public static FastTextModel Train(FastTextTrainInput input, TextWriter log)
    {
        input.Validate();
        List<string> lines;
        if (!string.IsNullOrWhiteSpace(input.Input))
        {
            lines = TrainingExamples.Labeled(input).ToList();
        }
        else
        {
            string prefix = input.Training.LabelPrefix;
            string pos = TrainingExamples.LabelToken(input.PositiveLabel, prefix), neg = TrainingExamples.LabelToken(input.NegativeLabel, prefix);
            lines = TrainingExamples.Documents(input.Positive!, input.TextField).Select(d => pos + " " + d)
                .Concat(TrainingExamples.Documents(input.Negative!, input.TextField).Select(d => neg + " " + d))
                .ToList();
            // Interleave deterministically so that the linearly decaying learning rate does not see one class last.
            lines = lines.Select((l, i) => (l, Key: (uint)(i * 2654435761u))).OrderBy(x => x.Key).Select(x => x.l).ToList();
        }
        var model = FastTextTrainer.Train(lines, input.Training);
        log.Write(string.Create(CultureInfo.InvariantCulture,
            $"Read {model.Dictionary.TokenCount / 1000000}M words\nNumber of words:  {model.WordCount}\nNumber of labels: {model.Labels.Count}\n"));
        string? dir = Path.GetDirectoryName(Path.GetFullPath(input.Output));
        if (dir is not null)
            Directory.CreateDirectory(dir);
        model.Save(input.Output);
        log.Flush();
        return model;
    }
}
