using System.Buffers.Binary;

namespace YuLanData.Synthesis.Tests;

/// <summary>
/// Runs a classic BPF program over a <c>struct seccomp_data</c> as the kernel does, for the instructions the seccomp
/// filter uses (absolute word loads, jeq/jge/jset with constants, ja, ret). Anything else is an error, so a filter that
/// grew an instruction this interpreter does not know fails its tests instead of passing them.
/// </summary>
internal static class ClassicBpfInterpreter
{
    /// <summary>The value the program returns for system call <paramref name="nr"/> of <paramref name="arch"/> with first argument <paramref name="arg0"/>.</summary>
    public static uint Run(byte[] program, uint arch, uint nr, ulong arg0 = 0)
    {
        var data = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(data, nr);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), arch);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16), arg0);
        Assert.Equal(0, program.Length % 8);
        var count = program.Length / 8;
        uint a = 0;
        for (var pc = 0; pc < count; pc++)
        {
            var ins = program.AsSpan(pc * 8, 8);
            var code = BinaryPrimitives.ReadUInt16LittleEndian(ins);
            var jt = ins[2];
            var jf = ins[3];
            var k = BinaryPrimitives.ReadUInt32LittleEndian(ins[4..]);
            switch (code)
            {
                case 0x20: // ld [k]
                    if (k % 4 != 0 || k + 4 > data.Length) throw new InvalidOperationException($"load at {k} out of seccomp_data");
                    a = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)k));
                    break;
                case 0x15: pc += a == k ? jt : jf; break;
                case 0x35: pc += a >= k ? jt : jf; break;
                case 0x45: pc += (a & k) != 0 ? jt : jf; break;
                case 0x05: pc += (int)k; break;
                case 0x06: return k;
                default: throw new InvalidOperationException($"instruction 0x{code:x} at {pc} is not interpreted");
            }
        }
        throw new InvalidOperationException("the program ran off its end (the kernel refuses such a filter)");
    }
}
