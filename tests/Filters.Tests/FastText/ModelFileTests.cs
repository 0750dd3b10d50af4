using YuLanData.Filters.FastText;
using YuLanData.Testing;

namespace YuLanData.Filters.Tests.FastText;

/// <summary>Reading real model files and rejecting broken ones with a clear error.</summary>
public sealed class ModelFileTests
{
    private static readonly string LidPath = RepoPaths.SharedData("models", "lid.176.ftz");

    [Fact]
    public void Lid176_Header_And_Dictionary_Are_Read()
    {
        var model = FastTextModel.Load(LidPath);
        Assert.Equal(12, model.Version);
        Assert.Equal(16, model.Args.Dim);
        Assert.Equal(2, model.Args.MinN);
        Assert.Equal(4, model.Args.MaxN);
        Assert.Equal(FastTextModelKind.Supervised, model.Args.Model);
        Assert.Equal(7235, model.WordCount);
        Assert.Equal("__label__en", model.Labels[0]);
        Assert.Contains("__label__zh", model.Labels);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(30)]
    [InlineData(2000)]
    [InlineData(200_000)]
    [InlineData(938_012)]
    public void Truncated_Model_Gives_Error_Naming_File_And_Expected_Item(int keepBytes)
    {
        var bytes = File.ReadAllBytes(LidPath)[..keepBytes];
        var e = Assert.Throws<InvalidDataException>(() => FastTextModel.Read(new MemoryStream(bytes), "cut.ftz"));
        Assert.StartsWith("cut.ftz: truncated fastText model at byte", e.Message);
        Assert.Contains("expected", e.Message);
    }

    [Fact]
    public void Corrupt_Size_Fields_Fail_Before_Allocating()
    {
        var bytes = File.ReadAllBytes(LidPath);
        var hugeDict = (byte[])bytes.Clone();
        BitConverter.GetBytes(2_000_000_000).CopyTo(hugeDict, 64); // dictionary size
        BitConverter.GetBytes(1_999_999_824).CopyTo(hugeDict, 68); // word count (so the sizes add up)
        var e = Assert.Throws<InvalidDataException>(() => FastTextModel.Read(new MemoryStream(hugeDict), "x.ftz"));
        Assert.Contains("dictionary entries", e.Message);
        Assert.Contains("bytes left", e.Message);
    }

    [Fact]
    public void Wrong_Magic_Is_Rejected()
    {
        var bytes = File.ReadAllBytes(LidPath);
        bytes[0] ^= 0xFF;
        var e = Assert.Throws<InvalidDataException>(() => FastTextModel.Read(new MemoryStream(bytes), "x.bin"));
        Assert.Contains("not a fastText model", e.Message);
    }

    [Fact]
    public void Newer_Version_Is_Rejected()
    {
        var bytes = File.ReadAllBytes(LidPath);
        bytes[4] = 13;
        var e = Assert.Throws<InvalidDataException>(() => FastTextModel.Read(new MemoryStream(bytes), "x.bin"));
        Assert.Contains("version 13", e.Message);
    }

    [Fact]
    public void Bad_Loss_And_Bad_Entry_Type_Are_Rejected()
    {
        var bytes = File.ReadAllBytes(LidPath);
        var badLoss = (byte[])bytes.Clone();
        badLoss[8 + 6 * 4] = 9; // args.loss
        var e = Assert.Throws<InvalidDataException>(() => FastTextModel.Read(new MemoryStream(badLoss), "x.bin"));
        Assert.Contains("args.loss is 9", e.Message);

        // First dictionary entry: header 8 + args 56 + dict header 28, then a zero-terminated word, count, type.
        int start = 8 + 56 + 28;
        int zero = Array.IndexOf(bytes, (byte)0, start);
        var badType = (byte[])bytes.Clone();
        badType[zero + 1 + 8] = 7;
        e = Assert.Throws<InvalidDataException>(() => FastTextModel.Read(new MemoryStream(badType), "x.bin"));
        Assert.Contains("type 7", e.Message);
    }

    [Fact]
    public void Trailing_Bytes_Are_Rejected()
    {
        var bytes = File.ReadAllBytes(LidPath).Concat(new byte[] { 1, 2, 3 }).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => FastTextModel.Read(new MemoryStream(bytes), "x.bin"));
        Assert.Contains("unexpected bytes", e.Message);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.00001, "1.00001")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.000123456789, "0.000123457")]
    [InlineData(123456789.0, "1.23457e+08")]
    [InlineData(0.0009765625, "0.000976562")] // exact tie: printf rounds half to even
    [InlineData(100000.0, "100000")]
    [InlineData(999999.5, "1e+06")]
    public void Probabilities_Are_Formatted_Like_Printf_G(double value, string expected) =>
        Assert.Equal(expected, CNumberFormat.FormatG(value));
}
