using SkiaSharp;
using YuLanData.Service.Reports;
using YuLanData.Service.Runs;

namespace YuLanData.Service.Tests;

/// <summary>The report's drop chart stays readable with many reasons: one distinct colour each, the legend beside the bars, never over them.</summary>
public class DropChartTests
{
    [Fact]
    public void NineteenReasonsGetNineteenColoursAndTheLegendStaysOutsideTheBars()
    {
        // One stage dropping for 19 reasons, the largest first, as the report had.
        var dropped = Enumerable.Range(0, 19).Select(i => KeyValuePair.Create($"reason_{i:D2}", (long)(1000 - i * 40))).ToArray();
        long total = dropped.Sum(d => d.Value);
        var stats = new RunStats(1, total + 500, 0, 500, [], [],
            [new StageCounts("01_filter", total + 500, 500, dropped, 0, 1), new StageCounts("02_other", 500, 500, [], 0, 1)], 1);
        var plot = RunReport.Drops(stats);
        string png = Path.Combine(Path.GetTempPath(), $"drops-{Guid.NewGuid():N}.png");
        try
        {
            plot.SavePng(png, RunReport.DropsWidth, RunReport.DropsHeight(stats));
            var data = plot.RenderManager.LastRender.DataRect;
            using var bitmap = SKBitmap.Decode(png);
            var colours = Enumerable.Range(0, 19).Select(i => SKColor.Parse(ReasonPalette.Hex(i))).ToArray();
            Assert.Equal(19, colours.Distinct().Count());
            foreach (var (colour, i) in colours.Select((c, i) => (c, i)))
            {
                int inside = 0, beside = 0;
                for (int y = 0; y < bitmap.Height; y++)
                    for (int x = 0; x < bitmap.Width; x++)
                        if (bitmap.GetPixel(x, y) == colour)
                        {
                            if (x >= data.Left && x < data.Right && y >= data.Top && y < data.Bottom) inside++;
                            else if (x >= data.Right) beside++;
                        }
                // Each reason's bar segment is drawn, in full (nothing lies over it), and its legend swatch right of the data area.
                double expectedWidth = dropped[i].Value / (double)total * (data.Width / 1.1); // the axis leaves 10 % room on the right
                Assert.True(inside > 0, $"reason {i}: no bar pixels");
                Assert.True(beside > 0, $"reason {i}: no legend swatch beside the data area");
                Assert.InRange(inside / (double)expectedWidth, 0.5 * (data.Height / 2.2), 2.0 * data.Height);
            }
        }
        finally
        {
            File.Delete(png);
        }
    }
}
