#!/usr/bin/env python3
"""Marks one version requirement of an ELF shared library as weak (VER_FLG_WEAK), in place.

Usage: weaken-version-need.py LIBRARY VERSION   e.g. libLibTorchSharp.so GLIBCXX_3.4.32
The dynamic loader then accepts a libstdc++ that lacks VERSION instead of refusing to load the library.
Exit 0 when the entry is weak afterwards (also when it already was); 1 when the library has no such entry.
"""
import struct
import sys

VER_FLG_WEAK = 0x2
SHT_GNU_VERNEED = 0x6FFFFFFE


def main(path: str, version: str) -> int:
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            sys.exit(f"{path}: not a 64-bit little-endian ELF file")
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
        for sh in sections:
            if sh[1] != SHT_GNU_VERNEED:
                continue
            strtab_off = sections[sh[6]][4]  # sh_link names the string table

            def name_at(offset: int) -> str:
                end = data.index(b"\0", strtab_off + offset)
                return data[strtab_off + offset:end].decode()

            need = sh[4]
            for _ in range(sh[8]):  # sh_info = number of Verneed entries
                _, cnt, _, aux, nxt = struct.unpack_from("<HHIII", data, need)
                entry = need + aux
                for _ in range(cnt):
                    _, flags, _, name, anext = struct.unpack_from("<IHHII", data, entry)
                    if name_at(name) == version:
                        struct.pack_into("<H", data, entry + 4, flags | VER_FLG_WEAK)
                        f.seek(0)
                        f.write(data)
                        return 0
                    entry += anext
                need += nxt
    print(f"{path}: no version requirement {version}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
