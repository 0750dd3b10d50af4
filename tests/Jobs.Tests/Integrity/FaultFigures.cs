using System.Globalization;

namespace YuLanData.Jobs.Tests.Integrity;

/// <summary>The fault-injection figures of one kind of input: the table printed by the suite and quoted in the README.</summary>
public sealed class FaultFigures(string input)
{
    public string Input { get; } = input;
    public int Files { get; private set; }
    public int Reported { get; private set; }
    public int Harmless { get; private set; }
    public int Unreported { get; private set; }
    public long GarbledKept { get; private set; }
    public long GoodLost { get; private set; }
    public long Kept { get; private set; }

    public void Add(FaultOutcome o)
    {
        Files++;
        if (o.Reports > 0)
            Reported++;
        else if (o.Intact)
            Harmless++;
        else
            Unreported++;
        GarbledKept += o.Garbled;
        GoodLost += o.GoodLost;
        Kept += o.Kept;
    }

    public const string Header =
        "| input | corrupted files | reported | harmless (nothing changed, nothing to report) | unreported loss | garbled kept | good records lost | records kept |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Input} | {Files} | {Reported} | {Harmless} | {Unreported} | {GarbledKept} | {GoodLost} | {Kept} |");
}
