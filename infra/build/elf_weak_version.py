#!/usr/bin/env python3
"""Marks symbol-version requirements of an ELF64 little-endian shared library as weak.

Sets VER_FLG_WEAK (0x2) on the vna_flags of each .gnu.version_r (SHT_GNU_verneed) entry whose
version name is given, so the dynamic loader accepts the library on a system whose libstdc++ lacks
that version (it only warns under LD_DEBUG). Used for TorchSharp 0.107.0's libLibTorchSharp.so,
which asks GLIBCXX_3.4.32 for one never-called marker symbol (std::ios_base_library_init).

Idempotent: a file already patched is left untouched (not rewritten, mtime kept).
Usage: elf_weak_version.py FILE [VERSION ...]   (default version: GLIBCXX_3.4.32)
Exit 0 on success, also when the version is not required at all; 1 on a malformed file.
"""
import os
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def fail(path, message):
    sys.stderr.write(f"elf_weak_version: {path}: {message}\n")
    sys.exit(1)


def c_string(data, offset):
    end = data.index(b"\0", offset)
    return data[offset:end].decode("ascii", "replace")


def patch(path, versions):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if data[:4] != b"\x7fELF":
        fail(path, "not an ELF file")
    if data[4] != 2 or data[5] != 1:
        fail(path, "only 64-bit little-endian ELF is supported")
    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
    if e_shoff == 0 or e_shentsize != 64:
        fail(path, "no section header table")
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * 64) for i in range(e_shnum)]
    found, changed = [], 0
    for _name, sh_type, _fl, _addr, sh_offset, _size, sh_link, sh_info, _al, _es in sections:
        if sh_type != SHT_GNU_VERNEED:
            continue
        strtab = sections[sh_link][4]
        need = sh_offset
        for _ in range(sh_info):
            _vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, need)
            aux = need + vn_aux
            for _ in range(vn_cnt):
                _hash, flags, _other, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
                name = c_string(data, strtab + vna_name)
                if name in versions:
                    found.append(name)
                    if not flags & VER_FLG_WEAK:
                        struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
                        changed += 1
                if vna_next == 0:
                    break
                aux += vna_next
            if vn_next == 0:
                break
            need += vn_next
    if changed:
        tmp = path + ".weak-tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.chmod(tmp, os.stat(path).st_mode)
        os.replace(tmp, path)
    state = f"marked weak: {', '.join(found)}" if changed else ("already weak" if found else "version not required")
    print(f"elf_weak_version: {path}: {state}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        fail("-", "usage: elf_weak_version.py FILE [VERSION ...]")
    patch(sys.argv[1], set(sys.argv[2:]) or {"GLIBCXX_3.4.32"})
