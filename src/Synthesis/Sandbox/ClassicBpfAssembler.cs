using System.Buffers.Binary;

namespace YuLanData.Synthesis.Sandbox;

/// <summary>
/// Assembles a classic BPF program (the instruction set seccomp filters use) from the few instructions a syscall
/// filter needs, with named jump targets resolved at the end. The output is the kernel's <c>struct sock_filter</c>
/// array in this machine's byte order: 8 bytes per instruction (u16 code, u8 jt, u8 jf, u32 k).
/// </summary>
public sealed class ClassicBpfAssembler
{
    /// <summary>BPF_LD | BPF_W | BPF_ABS: load the 32-bit word at a byte offset of the input into the accumulator.</summary>
    public const ushort LoadWordAbsolute = 0x20;
    /// <summary>BPF_JMP | BPF_JEQ | BPF_K: jump if accumulator == k.</summary>
    public const ushort JumpIfEqual = 0x15;
    /// <summary>BPF_JMP | BPF_JGE | BPF_K: jump if accumulator &gt;= k (unsigned).</summary>
    public const ushort JumpIfGreaterOrEqual = 0x35;
    /// <summary>BPF_JMP | BPF_JSET | BPF_K: jump if accumulator &amp; k != 0.</summary>
    public const ushort JumpIfAnyBitSet = 0x45;
    /// <summary>BPF_RET | BPF_K: end with the value k.</summary>
    public const ushort ReturnConstant = 0x06;

    private readonly List<(ushort Code, string? True, string? False, uint K)> _instructions = [];
    private readonly Dictionary<string, int> _labels = new(StringComparer.Ordinal);

    /// <summary>Number of instructions so far.</summary>
    public int Count => _instructions.Count;

    /// <summary>Loads the 32-bit word at byte <paramref name="offset"/> of the input.</summary>
    /// <param name="offset">Byte offset into the filter's input (<c>struct seccomp_data</c> for seccomp).</param>
    public void Load(uint offset) => _instructions.Add((LoadWordAbsolute, null, null, offset));

    /// <summary>A conditional jump: to <paramref name="whenTrue"/> or <paramref name="whenFalse"/> (null: the next instruction).</summary>
    /// <param name="code">One of the jump codes above.</param>
    /// <param name="k">The constant compared with the accumulator.</param>
    /// <param name="whenTrue">Label jumped to when the test holds; null falls through.</param>
    /// <param name="whenFalse">Label jumped to when it does not; null falls through.</param>
    public void Jump(ushort code, uint k, string? whenTrue, string? whenFalse)
    {
        if (code is not (JumpIfEqual or JumpIfGreaterOrEqual or JumpIfAnyBitSet)) throw new ArgumentException($"0x{code:x} is not a conditional jump", nameof(code));
        _instructions.Add((code, whenTrue, whenFalse, k));
    }

    /// <summary>Ends the program with <paramref name="value"/> (for seccomp: the action).</summary>
    /// <param name="value">The returned value.</param>
    public void Return(uint value) => _instructions.Add((ReturnConstant, null, null, value));

    /// <summary>Names the position of the next instruction.</summary>
    /// <param name="name">A label not used before.</param>
    public void Label(string name)
    {
        if (!_labels.TryAdd(name, _instructions.Count)) throw new ArgumentException($"label '{name}' defined twice", nameof(name));
    }

    /// <summary>The program's bytes.</summary>
    /// <exception cref="InvalidOperationException">A label is undefined, jumps backwards, or lies more than 255 instructions ahead.</exception>
    public byte[] Assemble()
    {
        if (_instructions.Count is 0 or > 4096) throw new InvalidOperationException($"a BPF program has 1 to 4096 instructions, not {_instructions.Count}");
        var bytes = new byte[_instructions.Count * 8];
        for (var i = 0; i < _instructions.Count; i++)
        {
            var (code, whenTrue, whenFalse, k) = _instructions[i];
            var span = bytes.AsSpan(i * 8, 8);
            BinaryPrimitives.WriteUInt16LittleEndian(span, code);
            span[2] = Offset(i, whenTrue);
            span[3] = Offset(i, whenFalse);
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], k);
            if (!BitConverter.IsLittleEndian)
            {
                span[..2].Reverse();
                span[4..].Reverse();
            }
        }
        return bytes;
    }

    private byte Offset(int from, string? label)
    {
        if (label is null) return 0;
        if (!_labels.TryGetValue(label, out var to)) throw new InvalidOperationException($"undefined label '{label}'");
        var distance = to - from - 1;
        if (distance is < 0 or > 255) throw new InvalidOperationException($"label '{label}' is {distance} instructions from instruction {from}; classic BPF jumps 0 to 255 forward");
        if (to >= _instructions.Count) throw new InvalidOperationException($"label '{label}' is past the last instruction");
        return (byte)distance;
    }
}
