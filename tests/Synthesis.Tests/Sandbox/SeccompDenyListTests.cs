using YuLanData.Synthesis.Sandbox;

namespace YuLanData.Synthesis.Tests;

/// <summary>The seccomp filter's BPF, run through an interpreter, on both architectures; and its assembler's guards.</summary>
public class SeccompDenyListTests
{
    public static TheoryData<uint> Arches => [SeccompDenyList.ArchX8664, SeccompDenyList.ArchAarch64];

    [Theory]
    [MemberData(nameof(Arches))]
    public void RefusesEveryListedCallAndAllowsOrdinaryOnes(uint arch)
    {
        var program = SeccompDenyList.Build(arch);
        var numbers = SeccompDenyList.Numbers(arch);
        const uint eperm = SeccompDenyList.Errno | SeccompDenyList.EPerm;
        foreach (var name in SeccompDenyList.Refused)
        {
            if (!numbers.TryGetValue(name, out var nr))
            {
                Assert.Equal(SeccompDenyList.ArchAarch64, arch); // only x86-only calls lack an aarch64 number
                Assert.Contains(name, new[] { "uselib", "iopl", "ioperm" });
                continue;
            }
            Assert.True(eperm == ClassicBpfInterpreter.Run(program, arch, nr), $"{name} ({nr}) is not refused");
        }
        foreach (var name in new[] { "mount", "ptrace", "keyctl", "add_key", "request_key", "bpf", "unshare", "setns", "perf_event_open", "kexec_load", "init_module", "umount2" })
            Assert.Equal(eperm, ClassicBpfInterpreter.Run(program, arch, numbers[name]));
        // read, write, openat, mmap, exit_group, wait4 of each table pass.
        uint[] ordinary = arch == SeccompDenyList.ArchX8664 ? [0, 1, 257, 9, 231, 61] : [63, 64, 56, 222, 94, 260];
        foreach (var nr in ordinary) Assert.Equal(SeccompDenyList.Allow, ClassicBpfInterpreter.Run(program, arch, nr));
    }

    [Theory]
    [MemberData(nameof(Arches))]
    public void CloneIsRefusedOnlyWithNamespaceFlags(uint arch)
    {
        var program = SeccompDenyList.Build(arch);
        var clone = SeccompDenyList.Numbers(arch)["clone"];
        const ulong sigchld = 17, thread = 0x3d0f00; // fork(), and glibc's pthread_create flags
        Assert.Equal(SeccompDenyList.Allow, ClassicBpfInterpreter.Run(program, arch, clone, sigchld));
        Assert.Equal(SeccompDenyList.Allow, ClassicBpfInterpreter.Run(program, arch, clone, thread));
        foreach (var flag in new ulong[] { 0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x80 })
            Assert.Equal(SeccompDenyList.Errno | SeccompDenyList.EPerm, ClassicBpfInterpreter.Run(program, arch, clone, sigchld | flag));
        // clone3 passes its flags in memory: ENOSYS makes the C library fall back to clone, where they are checked.
        Assert.Equal(SeccompDenyList.Errno | SeccompDenyList.ENoSys, ClassicBpfInterpreter.Run(program, arch, SeccompDenyList.Numbers(arch)["clone3"]));
    }

    [Fact]
    public void ForeignAbisAreKilled()
    {
        var x86 = SeccompDenyList.Build(SeccompDenyList.ArchX8664);
        const uint i386 = 0x40000003, arm = 0x40000028;
        Assert.Equal(SeccompDenyList.KillProcess, ClassicBpfInterpreter.Run(x86, i386, 1));
        Assert.Equal(SeccompDenyList.KillProcess, ClassicBpfInterpreter.Run(x86, SeccompDenyList.ArchX8664, 0x40000000 | 165)); // x32 mount
        Assert.Equal(SeccompDenyList.KillProcess, ClassicBpfInterpreter.Run(x86, SeccompDenyList.ArchX8664, 0x40000000)); // x32 read
        var a64 = SeccompDenyList.Build(SeccompDenyList.ArchAarch64);
        Assert.Equal(SeccompDenyList.KillProcess, ClassicBpfInterpreter.Run(a64, arm, 63));
        Assert.Equal(SeccompDenyList.KillProcess, ClassicBpfInterpreter.Run(a64, SeccompDenyList.ArchX8664, 63));
    }

    [Fact]
    public void AssemblerRefusesBrokenPrograms()
    {
        var undefined = new ClassicBpfAssembler();
        undefined.Load(0);
        undefined.Jump(ClassicBpfAssembler.JumpIfEqual, 1, "nowhere", null);
        undefined.Return(0);
        Assert.Contains("nowhere", Assert.Throws<InvalidOperationException>(() => undefined.Assemble()).Message, StringComparison.Ordinal);

        var far = new ClassicBpfAssembler();
        far.Jump(ClassicBpfAssembler.JumpIfEqual, 1, "end", null);
        for (var i = 0; i < 256; i++) far.Load(0);
        far.Label("end");
        far.Return(0);
        Assert.Contains("255", Assert.Throws<InvalidOperationException>(() => far.Assemble()).Message, StringComparison.Ordinal);

        var twice = new ClassicBpfAssembler();
        twice.Label("a");
        Assert.Throws<ArgumentException>(() => twice.Label("a"));
        Assert.Throws<ArgumentException>(() => twice.Jump(ClassicBpfAssembler.ReturnConstant, 0, null, null));
    }

    [Fact]
    public void BytesAreSockFilterStructs()
    {
        var asm = new ClassicBpfAssembler();
        asm.Load(4);
        asm.Jump(ClassicBpfAssembler.JumpIfEqual, 0xC000003E, "ok", null);
        asm.Return(0);
        asm.Label("ok");
        asm.Return(0x7FFF0000);
        // code (u16) jt (u8) jf (u8) k (u32), little-endian, as in <linux/filter.h>.
        Assert.Equal(Convert.FromHexString("2000000004000000" + "150001003E0000C0" + "0600000000000000" + "060000000000FF7F"), asm.Assemble());
    }
}
