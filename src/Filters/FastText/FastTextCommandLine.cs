using System.Globalization;

namespace YuLanData.Filters.FastText;

/// <summary>
/// fastText-CLI-style argument handling for <c>./yulandata fasttext ...</c>:
/// <c>predict-prob MODEL INPUT [K] [THRESHOLD]</c>, <c>predict ...</c>, <c>test MODEL INPUT [K] [THRESHOLD]</c>,
/// and <c>supervised|train -input F -output M [-lr ..]</c> with the CLI's option names (INPUT <c>-</c> = stdin).
/// </summary>
public static class FastTextCommandLine
{
    /// <summary>Usage text.</summary>
    public const string Usage =
        "usage: fasttext <command> <args>\n" +
        "  predict-prob MODEL INPUT [K=1] [THRESHOLD=0]   labels with probabilities (INPUT '-' = stdin)\n" +
        "  predict      MODEL INPUT [K=1] [THRESHOLD=0]   labels only\n" +
        "  test         MODEL INPUT [K=1] [THRESHOLD=0]   N, P@K, R@K on labeled lines\n" +
        "  supervised   -input FILE|-positive F -negative F -output MODEL [-lr 0.1 -dim 100 -ws 5 -epoch 5 -minCount 1\n" +
        "               -minCountLabel 0 -neg 5 -wordNgrams 1 -loss softmax|hs|ova|ns -bucket 2000000 -minn 0 -maxn 0\n" +
        "               -thread 12 -lrUpdateRate 100 -t 1e-4 -label __label__ -seed 0 -textField text -labelField label\n" +
        "               -positiveLabel hq -negativeLabel lq]   (MODEL gets .bin appended like the CLI; .jsonl(.gz) input uses the fields)\n";

    /// <summary>Runs one command; returns the process exit code (0 ok, 1 bad usage or input).</summary>
    /// <param name="args">The arguments after <c>fasttext</c>.</param>
    /// <param name="stdin">Input when INPUT is <c>-</c>.</param>
    /// <param name="stdout">Predictions / metrics / training summary.</param>
    /// <param name="stderr">Usage and error messages.</param>
    public static int Run(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if (args.Count == 0)
            {
                stderr.Write(Usage);
                return 1;
            }
            switch (args[0])
            {
                case "predict":
                case "predict-prob":
                case "test":
                {
                    if (args.Count is < 3 or > 5)
                    {
                        stderr.Write(Usage);
                        return 1;
                    }
                    int k = args.Count > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
                    float threshold = args.Count > 4 ? float.Parse(args[4], CultureInfo.InvariantCulture) : 0f;
                    var model = FastTextModel.Load(args[1]);
                    using var owned = args[2] == "-" ? null : new StreamReader(args[2]);
                    var input = owned ?? stdin;
                    if (args[0] == "test")
                        FastTextTool.Test(model, k, threshold, input, stdout);
                    else
                        FastTextTool.Predict(model, k, threshold, input, stdout, args[0] == "predict-prob");
                    return 0;
                }
                case "supervised":
                case "train":
                    FastTextTool.Train(ParseTrain(args), stdout);
                    return 0;
                default:
                    stderr.WriteLine($"unknown fasttext command '{args[0]}'");
                    stderr.Write(Usage);
                    return 1;
            }
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or FormatException or InvalidOperationException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"fasttext {args[0]}: {e.Message}");
            return 1;
        }
    }

    /// <summary>Parses <c>supervised</c> options (CLI names) into a training request.</summary>
    public static FastTextTrainInput ParseTrain(IReadOnlyList<string> args)
    {
        var t = new FastTextTrainingOptions();
        var input = new FastTextTrainInput { Training = t };
        for (int i = 1; i < args.Count; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Count)
                throw new ArgumentException($"option {name} needs a value");
            string v = args[++i];
            int Int() => int.Parse(v, CultureInfo.InvariantCulture);
            double Dbl() => double.Parse(v, CultureInfo.InvariantCulture);
            switch (name)
            {
                case "-input": input.Input = v; break;
                case "-output": input.Output = v.EndsWith(".bin", StringComparison.Ordinal) ? v : v + ".bin"; break;
                case "-positive": input.Positive = v; break;
                case "-negative": input.Negative = v; break;
                case "-positiveLabel": input.PositiveLabel = v; break;
                case "-negativeLabel": input.NegativeLabel = v; break;
                case "-textField": input.TextField = v; break;
                case "-labelField": input.LabelField = v; break;
                case "-lr": t.LearningRate = Dbl(); break;
                case "-dim": t.Dim = Int(); break;
                case "-ws": t.WindowSize = Int(); break;
                case "-epoch": t.Epoch = Int(); break;
                case "-minCount": t.MinCount = Int(); break;
                case "-minCountLabel": t.MinCountLabel = Int(); break;
                case "-neg": t.Negatives = Int(); break;
                case "-wordNgrams": t.WordNgrams = Int(); break;
                case "-loss": t.Loss = FastTextLossNames.Parse(v); break;
                case "-bucket": t.Bucket = Int(); break;
                case "-minn": t.MinN = Int(); break;
                case "-maxn": t.MaxN = Int(); break;
                case "-thread": t.Threads = Int(); break;
                case "-lrUpdateRate": t.LrUpdateRate = Int(); break;
                case "-t": t.SamplingThreshold = Dbl(); break;
                case "-label": t.LabelPrefix = v; break;
                case "-seed": t.Seed = Int(); break;
                case "-verbose": break;
                default: throw new ArgumentException($"unknown supervised option {name}");
            }
        }
        return input;
    }
}
