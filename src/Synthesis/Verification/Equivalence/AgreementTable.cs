namespace YuLanData.Synthesis.Verification.Equivalence;

/// <summary>
/// A table of answer pairs with the verdict a reference checker gives (tab-separated: reference, predicted,
/// <c>equal</c> or <c>different</c>, origin; <c>#</c> starts a comment line), and how <see cref="MathEquivalence"/> agrees.
/// </summary>
public sealed class AgreementTable
{
    /// <summary>One case and this checker's verdict on it.</summary>
    /// <param name="Line">1-based line in the file.</param>
    /// <param name="Reference">The reference answer.</param>
    /// <param name="Predicted">The predicted answer.</param>
    /// <param name="Expected">Whether the reference checker calls them equal.</param>
    /// <param name="Origin">Where the case comes from.</param>
    /// <param name="Actual">Whether <see cref="MathEquivalence"/> calls them equal.</param>
    public sealed record Case(int Line, string Reference, string Predicted, bool Expected, string Origin, bool Actual)
    {
        /// <summary>Whether this checker agrees with the expected verdict.</summary>
        public bool Agrees => Expected == Actual;
    }

    private AgreementTable(IReadOnlyList<Case> cases) => Cases = cases;

    /// <summary>The cases in file order.</summary>
    public IReadOnlyList<Case> Cases { get; }

    /// <summary>Cases where this checker agrees.</summary>
    public int Agreeing => Cases.Count(c => c.Agrees);

    /// <summary>Reads the table at <paramref name="path"/> and checks every case.</summary>
    /// <exception cref="InvalidDataException">A line does not have four fields or its verdict is not equal/different (names file and line).</exception>
    public static AgreementTable Load(string path)
    {
        var cases = new List<Case>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            if (f.Length != 4) throw new InvalidDataException($"{path}:{lineNo}: expected 4 tab-separated fields, got {f.Length}");
            var expected = f[2] switch
            {
                "equal" => true,
                "different" => false,
                _ => throw new InvalidDataException($"{path}:{lineNo}: verdict must be 'equal' or 'different', got '{f[2]}'"),
            };
            cases.Add(new Case(lineNo, f[0], f[1], expected, f[3], MathEquivalence.Equivalent(f[0], f[1])));
        }
        return new AgreementTable(cases);
    }

    /// <summary>Writes the table as Markdown, a summary line per origin and in total.</summary>
    public void WriteMarkdown(TextWriter w)
    {
        w.WriteLine("| reference | predicted | expected | verdict | agrees |");
        w.WriteLine("|---|---|---|---|---|");
        foreach (var c in Cases)
            w.WriteLine($"| `{c.Reference}` | `{c.Predicted}` | {(c.Expected ? "equal" : "different")} | {(c.Actual ? "equal" : "different")} | {(c.Agrees ? "yes" : "**no**")} |");
        w.WriteLine();
        foreach (var g in Cases.GroupBy(c => c.Origin).OrderBy(g => g.Key, StringComparer.Ordinal))
            w.WriteLine($"{g.Key}: {g.Count(c => c.Agrees)}/{g.Count()} agree");
        w.WriteLine($"total: {Agreeing}/{Cases.Count} agree");
    }
}
