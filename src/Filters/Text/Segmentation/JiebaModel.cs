using System.Reflection;
using System.Text;
using System.Text.Json;

namespace YuLanData.Filters.Text.Segmentation;

/// <summary>
/// The data jieba segments with: the prefix dictionary (every dictionary word with its frequency, and every prefix of
/// a word with frequency 0), the total frequency, and the HMM emission log-probabilities of the B/M/E/S character
/// states. Loaded once per process from the files the <c>jieba.NET</c> 0.42.2 package ships, which are byte-identical
/// (up to line endings) to Python jieba 0.42.1's <c>dict.txt</c> and <c>finalseg/prob_emit.py</c>.
/// </summary>
internal sealed class JiebaModel
{
    /// <summary>jieba's <c>MIN_FLOAT</c>: the log-probability of anything missing from a table.</summary>
    public const double MinFloat = -3.14e100;

    private static readonly Lazy<JiebaModel> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, double> _logFreq;

    /// <summary>Lookup by span: <c>log(freq)</c> of a dictionary word, <see cref="double.NaN"/> for a prefix that is
    /// not itself a word (or has frequency 0); absent when the span is not even a prefix of a word.</summary>
    public Dictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> LogFreq { get; }

    /// <summary>Natural log of the sum of all word frequencies (jieba's <c>log(total)</c>).</summary>
    public double LogTotal { get; }

    /// <summary>Emission log-probabilities indexed by state (0 B, 1 M, 2 E, 3 S) * 65536 + UTF-16 unit;
    /// <see cref="MinFloat"/> where the table has no entry.</summary>
    public double[] Emit { get; }

    /// <summary>Number of dictionary entries including prefixes.</summary>
    public int Entries => _logFreq.Count;

    private JiebaModel(Dictionary<string, int> freq, long total, double[] emit)
    {
        // log() once per entry here instead of once per DAG edge while segmenting (the same libm call, so the same values).
        _logFreq = new Dictionary<string, double>(freq.Count, StringComparer.Ordinal);
        foreach (var (word, f) in freq) _logFreq[word] = f > 0 ? Math.Log(f) : double.NaN;
        LogFreq = _logFreq.GetAlternateLookup<ReadOnlySpan<char>>();
        LogTotal = Math.Log(total);
        Emit = emit;
    }

    /// <summary>The process-wide model (loaded on first use, about a second).</summary>
    public static JiebaModel Instance => Shared.Value;

    private static Stream OpenResource(string name) =>
        typeof(JiebaModel).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"jieba: embedded resource {name} is missing from {typeof(JiebaModel).Assembly.GetName().Name}");

    private static JiebaModel Load()
    {
        var freq = new Dictionary<string, int>(600_000, StringComparer.Ordinal);
        var lookup = freq.GetAlternateLookup<ReadOnlySpan<char>>();
        long total = 0;
        using (var reader = new StreamReader(OpenResource("YuLanData.Filters.Jieba.dict.txt"), Encoding.UTF8))
        {
            int lineNo = 0;
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNo++;
                var l = line.AsSpan().Trim();
                if (l.IsEmpty) continue;
                int sp1 = l.IndexOf(' ');
                if (sp1 <= 0) throw new InvalidDataException($"jieba dict.txt:{lineNo}: expected 'word freq [tag]'");
                var word = l[..sp1];
                var rest = l[(sp1 + 1)..];
                int sp2 = rest.IndexOf(' ');
                if (sp2 >= 0) rest = rest[..sp2];
                if (!int.TryParse(rest, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int f))
                    throw new InvalidDataException($"jieba dict.txt:{lineNo}: frequency '{rest}' is not an integer");
                // Python: lfreq[word] = freq; ltotal += freq; then every prefix not yet present gets 0.
                lookup[word] = f;
                total += f;
                for (int k = 1; k < word.Length; k++)
                    if (!lookup.ContainsKey(word[..k])) lookup[word[..k]] = 0;
            }
        }
        var emit = new double[4 * 65536];
        Array.Fill(emit, MinFloat);
        using (var doc = JsonDocument.Parse(OpenResource("YuLanData.Filters.Jieba.prob_emit.json")))
        {
            foreach (var state in doc.RootElement.EnumerateObject())
            {
                int s = state.Name switch { "B" => 0, "M" => 1, "E" => 2, "S" => 3, _ => throw new InvalidDataException($"jieba prob_emit.json: unknown state '{state.Name}'") };
                foreach (var kv in state.Value.EnumerateObject())
                {
                    if (kv.Name.Length != 1) continue; // the table only holds BMP characters
                    emit[s * 65536 + kv.Name[0]] = kv.Value.GetDouble();
                }
            }
        }
        return new JiebaModel(freq, total, emit);
    }
}
