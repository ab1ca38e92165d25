"""A minimal, deterministic writer of compound files ([MS-CFB] version 3, 512-byte sectors).

A ``vbaProject.bin`` is a compound file (an "OLE" file): a small file system of storages
(folders) and streams (files). This writer takes a tree of dicts and bytes and returns the file:

    build({"PROJECT": b"...", "PROJECTwm": b"...", "VBA": {"dir": b"...", ...}})

What it does, and why:

* Version 3, 512-byte sectors, mini stream cutoff 4096: streams shorter than 4096 bytes live in
  64-byte mini sectors inside the root entry's mini stream, as the specification requires.
* The layout is fixed: header, FAT sectors, directory sectors, mini FAT, mini stream, then the
  large streams in directory order. No DIFAT (up to 109 FAT sectors: files of about 7 MB).
* Every CLSID, state bit and timestamp is zero, so the same tree gives byte-identical output.
* Siblings are stored as a red-black tree (MS-CFB 2.6.4) built perfectly balanced from the
  sorted names (shorter names first, then by upper-case comparison): the nodes of the deepest
  level are red, all others black, which satisfies every red-black rule.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

from lkjip_xl.errors import LkjipError

__all__ = ["CfbError", "Tree", "build", "sort_key"]

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
MAX_FAT_SECTORS = 109  # the header's DIFAT array; more would need DIFAT sectors

FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF

TYPE_EMPTY, TYPE_STORAGE, TYPE_STREAM, TYPE_ROOT = 0, 1, 2, 5
RED, BLACK = 0, 1

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")

#: A storage: names to streams (bytes) or to storages (nested mappings).
Tree = Mapping[str, "bytes | Tree"]


class CfbError(LkjipError, ValueError):
    """The tree cannot be written as a compound file (a bad name, or too large)."""


def sort_key(name: str) -> tuple[int, str]:
    """MS-CFB 2.6.4 order of sibling names: shorter first, then by upper-case code points."""
    return (len(name.encode("utf-16-le")) // 2, name.upper())


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[int] = field(default_factory=list)  # directory ids, any order
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def _check_name(name: str, where: str) -> None:
    if not name:
        raise CfbError(f"empty entry name in {where or 'the root storage'}")
    if len(name.encode("utf-16-le")) // 2 > 31:
        raise CfbError(f"entry name {name!r} in {where or 'the root storage'} is longer than 31 characters")
    bad = sorted({ch for ch in name if ch in "/\\:!"})
    if bad:
        raise CfbError(f"entry name {name!r} contains {''.join(bad)!r}, which MS-CFB forbids")


def _flatten(tree: Tree) -> list[_Entry]:
    """Directory entries, root first, in depth-first order of sorted names."""
    entries = [_Entry("Root Entry", TYPE_ROOT)]

    def add(parent: int, node: Tree, where: str) -> None:
        seen: dict[str, str] = {}
        for name in sorted(node, key=sort_key):
            _check_name(name, where)
            folded = name.upper()
            if folded in seen:
                raise CfbError(f"entry names {seen[folded]!r} and {name!r} in {where or 'the root storage'} "
                               f"differ only in case")
            seen[folded] = name
            value = node[name]
            idx = len(entries)
            entries[parent].children.append(idx)
            if isinstance(value, Mapping):
                entries.append(_Entry(name, TYPE_STORAGE))
                add(idx, value, f"{where}/{name}" if where else name)
            elif isinstance(value, (bytes, bytearray, memoryview)):
                entries.append(_Entry(name, TYPE_STREAM, bytes(value)))
            else:
                raise CfbError(f"entry {name!r}: expected bytes or a mapping, got {type(value).__name__}")

    add(0, tree, "")
    return entries


def _link_siblings(entries: list[_Entry], ids: list[int]) -> int:
    """Make a balanced red-black tree of ``ids`` (already in sort order); return its root."""
    if not ids:
        return NOSTREAM
    depth: dict[int, int] = {}

    def build_tree(lo: int, hi: int, d: int) -> int:
        if lo >= hi:
            return NOSTREAM
        mid = (lo + hi) // 2
        node = ids[mid]
        depth[node] = d
        entries[node].left = build_tree(lo, mid, d + 1)
        entries[node].right = build_tree(mid + 1, hi, d + 1)
        return node

    root = build_tree(0, len(ids), 0)
    deepest = max(depth.values())
    for node, d in depth.items():
        entries[node].color = RED if d == deepest and d > 0 else BLACK
    return root


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i + 1 < count else ENDOFCHAIN


def _pad(data: bytes, unit: int) -> bytes:
    return data + b"\x00" * (-len(data) % unit)


def build(tree: Tree) -> bytes:
    """The compound file holding ``tree`` (see the module documentation)."""
    entries = _flatten(tree)
    for e in entries:
        if e.kind in (TYPE_ROOT, TYPE_STORAGE):
            e.child = _link_siblings(entries, sorted(e.children, key=lambda i: sort_key(entries[i].name)))

    # mini stream: the small streams, 64-byte aligned, in directory order
    mini = bytearray()
    minifat: list[int] = []
    big: list[_Entry] = []
    for e in entries:
        if e.kind != TYPE_STREAM:
            continue
        e.size = len(e.data)
        if e.size == 0:
            e.start = ENDOFCHAIN
        elif e.size < MINI_CUTOFF:
            first = len(mini) // MINI_SECTOR
            count = -(-e.size // MINI_SECTOR)
            mini += _pad(e.data, MINI_SECTOR)
            minifat += [0] * count
            _chain(minifat, first, count)
            e.start = first
        else:
            big.append(e)

    n_dir = -(-len(entries) * 128 // SECTOR)
    n_minifat = -(-len(minifat) * 4 // SECTOR)
    n_mini = -(-len(mini) // SECTOR)
    n_big = [-(-e.size // SECTOR) for e in big]
    rest = n_dir + n_minifat + n_mini + sum(n_big)
    n_fat = 1
    while n_fat * (SECTOR // 4) < n_fat + rest:
        n_fat += 1
    if n_fat > MAX_FAT_SECTORS:
        raise CfbError(f"compound file too large: {n_fat} FAT sectors needed, at most {MAX_FAT_SECTORS}")

    total = n_fat + rest
    fat = [FREESECT] * (n_fat * (SECTOR // 4))
    for i in range(n_fat):
        fat[i] = FATSECT
    dir_start = n_fat
    _chain(fat, dir_start, n_dir)
    minifat_start = dir_start + n_dir
    _chain(fat, minifat_start, n_minifat)
    mini_start = minifat_start + n_minifat
    _chain(fat, mini_start, n_mini)
    sector = mini_start + n_mini
    for e, count in zip(big, n_big):
        e.start = sector
        _chain(fat, sector, count)
        sector += count
    assert sector == total

    root = entries[0]
    root.start = mini_start if mini else ENDOFCHAIN
    root.size = len(mini)

    header = bytearray()
    header += SIGNATURE
    header += bytes(16)  # header CLSID
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)  # minor, major, byte order, shifts
    header += bytes(6)  # reserved
    header += struct.pack("<III", 0, n_fat, dir_start)  # directory sectors (0 in v3), FAT sectors, first dir
    header += struct.pack("<II", 0, MINI_CUTOFF)  # transaction signature, mini stream cutoff
    header += struct.pack("<II", minifat_start if n_minifat else ENDOFCHAIN, n_minifat)
    header += struct.pack("<II", ENDOFCHAIN, 0)  # first DIFAT sector, DIFAT sectors
    difat = list(range(n_fat)) + [FREESECT] * (MAX_FAT_SECTORS - n_fat)
    header += struct.pack(f"<{MAX_FAT_SECTORS}I", *difat)
    assert len(header) == SECTOR

    directory = bytearray()
    for e in entries:
        name = e.name.encode("utf-16-le")
        directory += name + bytes(64 - len(name))
        directory += struct.pack("<HBB", len(name) + 2, e.kind, e.color)
        directory += struct.pack("<III", e.left, e.right, e.child)
        directory += bytes(16)  # CLSID
        directory += struct.pack("<I", 0)  # state bits
        directory += bytes(16)  # creation and modification times
        directory += struct.pack("<IQ", e.start if e.kind != TYPE_STORAGE else 0, e.size)
    while len(directory) % SECTOR:  # unused entries
        directory += bytes(64) + struct.pack("<HBB", 0, TYPE_EMPTY, RED)
        directory += struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM) + bytes(16 + 4 + 16 + 4 + 8)

    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat)
    minifat_bytes += struct.pack("<I", FREESECT) * (-len(minifat) % (SECTOR // 4))

    out = bytearray(header)
    out += struct.pack(f"<{len(fat)}I", *fat)
    out += directory
    out += minifat_bytes
    out += _pad(bytes(mini), SECTOR)
    for e in big:
        out += _pad(e.data, SECTOR)
    assert len(out) == SECTOR * (1 + total)
    return bytes(out)
