using TorchSharp;
using YuLanData.Inference.Native;

namespace YuLanData.Inference.Tests.Native;

/// <summary>Fails when TorchSharp's native library (patched by the build) does not load on this machine.</summary>
public class TorchNativeLoadTests
{
    [Fact]
    public void CpuTensorMatmulRunsAndIsCorrect()
    {
        var device = TorchRuntime.Device("cpu");
        using var a = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 }, device: device);
        using var b = torch.tensor(new float[] { 7, 8, 9, 10, 11, 12 }, new long[] { 3, 2 }, device: device);
        using var c = torch.matmul(a, b);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, c.data<float>().ToArray());
    }

    [Fact]
    public void OutputCopyOfNativeLibraryIsPatched()
    {
        var dir = AppContext.BaseDirectory;
        var copies = Directory.GetFiles(dir, "libLibTorchSharp.so", SearchOption.AllDirectories);
        Assert.NotEmpty(copies);
        foreach (var path in copies)
            Assert.True(HasWeakGlibcxx3432(File.ReadAllBytes(path)), $"{path}: GLIBCXX_3.4.32 requirement is not weak");
    }

    [Fact]
    public void UnknownDeviceNameIsRefused() =>
        Assert.Throws<ArgumentException>(() => TorchRuntime.Device("tpu"));

    // Walks .gnu.version_r (ELF64 LE) and reports whether the GLIBCXX_3.4.32 entry carries VER_FLG_WEAK.
    private static bool HasWeakGlibcxx3432(byte[] elf)
    {
        var span = elf.AsSpan();
        var shoff = (int)BitConverter.ToUInt64(elf, 0x28);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var sh = shoff + i * 64;
            if (BitConverter.ToUInt32(elf, sh + 4) != 0x6FFFFFFE) continue;
            var offset = (int)BitConverter.ToUInt64(elf, sh + 24);
            var link = (int)BitConverter.ToUInt32(elf, sh + 40);
            var count = (int)BitConverter.ToUInt32(elf, sh + 44);
            var strtab = (int)BitConverter.ToUInt64(elf, shoff + link * 64 + 24);
            var need = offset;
            for (var n = 0; n < count; n++)
            {
                int cnt = BitConverter.ToUInt16(elf, need + 2);
                var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (var k = 0; k < cnt; k++)
                {
                    var nameAt = strtab + (int)BitConverter.ToUInt32(elf, aux + 8);
                    var name = System.Text.Encoding.ASCII.GetString(span[nameAt..].Slice(0, span[nameAt..].IndexOf((byte)0)));
                    if (name == "GLIBCXX_3.4.32") return (BitConverter.ToUInt16(elf, aux + 4) & 2) != 0;
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }
        return true; // the requirement is absent: nothing to weaken
    }
}
