"""The compound-file writer: olefile reads back every stream (mini and regular, around the 4096-byte
cutoff, several FAT sectors), the sibling trees are valid red-black trees, and the output is
deterministic."""

from __future__ import annotations

import io
import struct

import pytest

from lkjip_xl.vba import cfb
from lkjip_xl.vba.cfb import CfbError

olefile = pytest.importorskip("olefile")


def open_strict(data: bytes):
    """olefile, raising on every defect it can detect (not only fatal ones)."""
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)


def streams_of(tree, prefix=()):
    for name, value in tree.items():
        if isinstance(value, dict):
            yield from streams_of(value, prefix + (name,))
        else:
            yield prefix + (name,), value


TREE = {
    "PROJECT": b"ID=\"{x}\"\r\n" * 10,
    "PROJECTwm": b"\x00\x00",
    "VBA": {
        "_VBA_PROJECT": bytes.fromhex("CC61FFFF000000"),
        "dir": bytes(range(256)) * 3,
        "mini 4095": b"m" * 4095,
        "regular 4096": b"r" * 4096,
        "regular 4097": bytes(range(256)) * 16 + b"!",
        "big": bytes(i * 7 % 251 for i in range(100_000)),
        "empty": b"",
        "Inner": {"deep": b"deep stream"},
    },
}


def test_olefile_reads_back_every_stream_and_storage():
    data = cfb.build(TREE)
    assert len(data) % 512 == 0
    ole = open_strict(data)
    expected = dict(streams_of(TREE))
    assert sorted(tuple(e) for e in ole.listdir(streams=True, storages=False)) == sorted(expected)
    assert sorted(tuple(e) for e in ole.listdir(streams=False, storages=True)) == [("VBA",), ("VBA", "Inner")]
    for path, content in expected.items():
        assert ole.get_size("/".join(path)) == len(content)
        assert ole.openstream("/".join(path)).read() == content, path
    ole.close()


def test_small_streams_go_to_the_mini_stream_and_large_ones_to_sectors():
    data = cfb.build(TREE)
    ole = open_strict(data)
    entries = {e.name: e for e in ole.direntries if e is not None}
    assert entries["mini 4095"].size < ole.minisectorcutoff
    assert entries["regular 4096"].size >= ole.minisectorcutoff
    assert ole.minisectorcutoff == 4096 and ole.sectorsize == 512 and ole.minisectorsize == 64
    assert ole.num_fat_sectors >= 2  # 100 kB of streams need more than 128 sectors
    ole.close()


def test_header_fields():
    data = cfb.build(TREE)
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    assert data[8:24] == bytes(16)
    minor, major, byte_order, sector_shift, mini_shift = struct.unpack_from("<HHHHH", data, 24)
    assert (minor, major, byte_order, sector_shift, mini_shift) == (0x3E, 3, 0xFFFE, 9, 6)
    assert struct.unpack_from("<I", data, 40)[0] == 0  # number of directory sectors: 0 in version 3
    assert struct.unpack_from("<I", data, 56)[0] == 4096  # mini stream cutoff


def test_timestamps_and_clsids_are_zero_and_output_is_deterministic():
    data = cfb.build(TREE)
    assert data == cfb.build(TREE)
    ole = open_strict(data)
    for entry in ole.direntries:
        if entry is None:
            continue
        assert entry.createTime == 0 and entry.modifyTime == 0
        assert entry.clsid == ""  # olefile shows a null CLSID as ""
        assert entry.dwUserFlags == 0
    ole.close()


def test_building_in_another_insertion_order_gives_the_same_bytes():
    reordered = {"VBA": dict(reversed(list(TREE["VBA"].items()))), "PROJECTwm": TREE["PROJECTwm"],
                 "PROJECT": TREE["PROJECT"]}
    assert cfb.build(reordered) == cfb.build(TREE)


def _directory(data: bytes) -> list[tuple[str, int, int, int, int, int]]:
    """(name, type, color, left, right, child) of every directory entry."""
    first_dir = struct.unpack_from("<I", data, 48)[0]
    n_fat = struct.unpack_from("<I", data, 44)[0]
    difat = struct.unpack_from("<109I", data, 76)[:n_fat]
    fat = []
    for s in difat:
        fat += struct.unpack_from("<128I", data, 512 * (s + 1))
    entries = []
    sector = first_dir
    while sector != cfb.ENDOFCHAIN:
        for i in range(4):
            raw = data[512 * (sector + 1) + 128 * i: 512 * (sector + 1) + 128 * (i + 1)]
            name_len = struct.unpack_from("<H", raw, 64)[0]
            name = raw[:max(name_len - 2, 0)].decode("utf-16-le")
            kind, color = raw[66], raw[67]
            left, right, child = struct.unpack_from("<III", raw, 68)
            entries.append((name, kind, color, left, right, child))
        sector = fat[sector]
    return entries


def _check_red_black(entries, root: int) -> list[str]:
    """The in-order names of the tree at ``root``, after checking every red-black rule."""
    assert entries[root][2] == cfb.BLACK, "the root must be black"

    def walk(node: int) -> tuple[int, list[str]]:
        if node == cfb.NOSTREAM:
            return 1, []
        name, _, color, left, right, _ = entries[node]
        if color == cfb.RED:
            for child in (left, right):
                assert child == cfb.NOSTREAM or entries[child][2] == cfb.BLACK, "a red node has a red child"
        lh, lnames = walk(left)
        rh, rnames = walk(right)
        assert lh == rh, f"unequal black heights under {name!r}"
        return lh + (color == cfb.BLACK), lnames + [name] + rnames

    return walk(root)[1]


@pytest.mark.parametrize("n", list(range(1, 40)) + [63, 64, 65, 100, 127, 128, 129, 255])
def test_sibling_trees_are_valid_red_black_search_trees(n):
    names = [f"S{i}" for i in range(n)]
    data = cfb.build({name: name.encode() for name in names})
    entries = _directory(data)
    assert entries[0][0] == "Root Entry" and entries[0][1] == cfb.TYPE_ROOT
    in_order = _check_red_black(entries, entries[0][5])
    assert in_order == sorted(names, key=cfb.sort_key)
    ole = open_strict(data)
    assert sorted(e[0] for e in ole.listdir()) == sorted(names)
    ole.close()


def test_sort_key_is_length_then_upper_case():
    names = ["dir", "VBA", "PROJECT", "_VBA_PROJECT", "Sheet10", "Sheet2", "aaa", "AAB", "PROJECTwm"]
    assert sorted(names, key=cfb.sort_key) == ["aaa", "AAB", "dir", "VBA", "Sheet2", "PROJECT", "Sheet10",
                                               "PROJECTwm", "_VBA_PROJECT"]


@pytest.mark.parametrize("tree, message", [
    ({"a/b": b""}, "forbids"),
    ({"x" * 32: b""}, "longer than 31"),
    ({"": b""}, "empty entry name"),
    ({"VBA": {"Dir": b"", "DIR": b""}}, "differ only in case"),
    ({"x": 3}, "expected bytes"),
])
def test_bad_trees_are_refused_with_the_reason(tree, message):
    with pytest.raises(CfbError, match=message):
        cfb.build(tree)


def test_an_empty_tree_is_a_valid_file():
    ole = open_strict(cfb.build({}))
    assert ole.listdir() == []
    ole.close()
