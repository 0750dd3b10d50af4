using System.Runtime.InteropServices;

namespace YuLanData.Synthesis.Sandbox;

/// <summary>
/// The seccomp filter of sandboxed programs, as a classic BPF program for bubblewrap's <c>--seccomp FD</c>: a deny-list
/// of the system calls that change mounts, namespaces, keys, kernel modules or the clock, trace or read other processes,
/// or reach kernel surfaces an untrusted program never needs (bpf, perf_event_open, io_uring, userfaultfd). They fail
/// with EPERM; <c>clone</c> fails only when asked for a new namespace, and <c>clone3</c> (whose flags live in memory a
/// filter cannot read) fails with ENOSYS so that the C library falls back to <c>clone</c>. A call from another
/// architecture's ABI (i386 or x32 on x86_64, arm32 on aarch64) kills the process: the numbers would mean other calls.
/// </summary>
/// <remarks>
/// Generated here rather than through libseccomp: the policy is one page, needs no native library at run time, and
/// <see cref="ClassicBpfAssembler"/> plus the tests' BPF interpreter check every rule on both architectures.
/// </remarks>
public static class SeccompDenyList
{
    /// <summary>AUDIT_ARCH_X86_64.</summary>
    public const uint ArchX8664 = 0xC000003E;
    /// <summary>AUDIT_ARCH_AARCH64.</summary>
    public const uint ArchAarch64 = 0xC00000B7;
    /// <summary>SECCOMP_RET_ALLOW.</summary>
    public const uint Allow = 0x7FFF0000;
    /// <summary>SECCOMP_RET_ERRNO (the low 16 bits carry the errno).</summary>
    public const uint Errno = 0x00050000;
    /// <summary>SECCOMP_RET_KILL_PROCESS.</summary>
    public const uint KillProcess = 0x80000000;
    /// <summary>EPERM.</summary>
    public const int EPerm = 1;
    /// <summary>ENOSYS.</summary>
    public const int ENoSys = 38;
    /// <summary>CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME.</summary>
    public const uint NamespaceFlags = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080;

    /// <summary>Names of the refused calls (clone is refused only with namespace flags, clone3 with ENOSYS).</summary>
    public static readonly IReadOnlyList<string> Refused =
    [
        "mount", "umount2", "pivot_root", "chroot", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
        "unshare", "setns", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
        "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd", "fanotify_init",
        "io_uring_setup", "io_uring_enter", "io_uring_register", "name_to_handle_at", "open_by_handle_at",
        "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot", "swapon", "swapoff",
        "acct", "quotactl", "quotactl_fd", "nfsservctl", "lookup_dcookie", "syslog", "vhangup", "sethostname", "setdomainname",
        "settimeofday", "clock_settime", "clock_adjtime", "uselib", "iopl", "ioperm",
    ];

    private static readonly Dictionary<string, uint> X8664 = new(StringComparer.Ordinal)
    {
        ["mount"] = 165, ["umount2"] = 166, ["pivot_root"] = 155, ["chroot"] = 161, ["swapon"] = 167, ["swapoff"] = 168, ["reboot"] = 169,
        ["sethostname"] = 170, ["setdomainname"] = 171, ["iopl"] = 172, ["ioperm"] = 173, ["init_module"] = 175, ["delete_module"] = 176,
        ["quotactl"] = 179, ["nfsservctl"] = 180, ["acct"] = 163, ["settimeofday"] = 164, ["clock_settime"] = 227, ["clock_adjtime"] = 305,
        ["ptrace"] = 101, ["syslog"] = 103, ["uselib"] = 134, ["vhangup"] = 153, ["lookup_dcookie"] = 212, ["kexec_load"] = 246,
        ["kexec_file_load"] = 320, ["add_key"] = 248, ["request_key"] = 249, ["keyctl"] = 250, ["unshare"] = 272, ["setns"] = 308,
        ["clone"] = 56, ["clone3"] = 435, ["perf_event_open"] = 298, ["fanotify_init"] = 300, ["name_to_handle_at"] = 303,
        ["open_by_handle_at"] = 304, ["process_vm_readv"] = 310, ["process_vm_writev"] = 311, ["kcmp"] = 312, ["finit_module"] = 313,
        ["bpf"] = 321, ["userfaultfd"] = 323, ["io_uring_setup"] = 425, ["io_uring_enter"] = 426, ["io_uring_register"] = 427,
        ["open_tree"] = 428, ["move_mount"] = 429, ["fsopen"] = 430, ["fsconfig"] = 431, ["fsmount"] = 432, ["fspick"] = 433,
        ["pidfd_getfd"] = 438, ["mount_setattr"] = 442, ["quotactl_fd"] = 443,
    };

    // asm-generic numbering; aarch64 has no uselib, iopl or ioperm.
    private static readonly Dictionary<string, uint> Aarch64 = new(StringComparer.Ordinal)
    {
        ["mount"] = 40, ["umount2"] = 39, ["pivot_root"] = 41, ["chroot"] = 51, ["swapon"] = 224, ["swapoff"] = 225, ["reboot"] = 142,
        ["sethostname"] = 161, ["setdomainname"] = 162, ["init_module"] = 105, ["delete_module"] = 106, ["quotactl"] = 60,
        ["nfsservctl"] = 42, ["acct"] = 89, ["settimeofday"] = 170, ["clock_settime"] = 112, ["clock_adjtime"] = 266, ["ptrace"] = 117,
        ["syslog"] = 116, ["vhangup"] = 58, ["lookup_dcookie"] = 18, ["kexec_load"] = 104, ["kexec_file_load"] = 294, ["add_key"] = 217,
        ["request_key"] = 218, ["keyctl"] = 219, ["unshare"] = 97, ["setns"] = 268, ["clone"] = 220, ["clone3"] = 435,
        ["perf_event_open"] = 241, ["fanotify_init"] = 262, ["name_to_handle_at"] = 264, ["open_by_handle_at"] = 265,
        ["process_vm_readv"] = 270, ["process_vm_writev"] = 271, ["kcmp"] = 272, ["finit_module"] = 273, ["bpf"] = 280,
        ["userfaultfd"] = 282, ["io_uring_setup"] = 425, ["io_uring_enter"] = 426, ["io_uring_register"] = 427, ["open_tree"] = 428,
        ["move_mount"] = 429, ["fsopen"] = 430, ["fsconfig"] = 431, ["fsmount"] = 432, ["fspick"] = 433, ["pidfd_getfd"] = 438,
        ["mount_setattr"] = 442, ["quotactl_fd"] = 443,
    };

    /// <summary>The system call numbers of <paramref name="arch"/> (an AUDIT_ARCH value), by name.</summary>
    /// <param name="arch"><see cref="ArchX8664"/> or <see cref="ArchAarch64"/>.</param>
    public static IReadOnlyDictionary<string, uint> Numbers(uint arch) => arch switch
    {
        ArchX8664 => X8664,
        ArchAarch64 => Aarch64,
        _ => throw new PlatformNotSupportedException($"no system call table for audit arch 0x{arch:x8}"),
    };

    /// <summary>The AUDIT_ARCH value of this process, or null where the sandbox has no filter for it.</summary>
    public static uint? CurrentArch => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => ArchX8664,
        Architecture.Arm64 => ArchAarch64,
        _ => null,
    };

    /// <summary>The filter for <paramref name="arch"/> as <c>struct sock_filter</c> bytes.</summary>
    /// <param name="arch"><see cref="ArchX8664"/> or <see cref="ArchAarch64"/>.</param>
    public static byte[] Build(uint arch)
    {
        var numbers = Numbers(arch);
        var asm = new ClassicBpfAssembler();
        // struct seccomp_data: int nr at 0, u32 arch at 4, u64 instruction_pointer at 8, u64 args[6] at 16 (little-endian).
        asm.Load(4);
        asm.Jump(ClassicBpfAssembler.JumpIfEqual, arch, null, "kill");
        asm.Load(0);
        // x32 calls are x86_64 numbers with bit 30 set, under the same audit arch.
        if (arch == ArchX8664) asm.Jump(ClassicBpfAssembler.JumpIfGreaterOrEqual, 0x40000000, "kill", null);
        foreach (var name in Refused)
            if (numbers.TryGetValue(name, out var nr))
                asm.Jump(ClassicBpfAssembler.JumpIfEqual, nr, "eperm", null);
        asm.Jump(ClassicBpfAssembler.JumpIfEqual, numbers["clone3"], "enosys", null);
        asm.Jump(ClassicBpfAssembler.JumpIfEqual, numbers["clone"], null, "allow");
        asm.Load(16); // the low half of args[0]: clone's flags on both architectures
        asm.Jump(ClassicBpfAssembler.JumpIfAnyBitSet, NamespaceFlags, "eperm", "allow");
        asm.Label("allow");
        asm.Return(Allow);
        asm.Label("eperm");
        asm.Return(Errno | EPerm);
        asm.Label("enosys");
        asm.Return(Errno | ENoSys);
        asm.Label("kill");
        asm.Return(KillProcess);
        return asm.Assemble();
    }
}
