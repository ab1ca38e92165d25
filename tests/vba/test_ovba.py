"""MS-OVBA: compression (against the specification's own examples, a literal transcription of its
matching algorithm and oletools' independent decompressor), the data encryption (against values
Excel wrote), and the dir / PROJECT / PROJECTwm / _VBA_PROJECT streams."""

from __future__ import annotations

import random
import struct

import pytest

from lkjip_xl.vba import ovba
from tests.vba import quickstart_vba_project
from lkjip_xl.vba.ovba import (Module, ModuleKind, OvbaError, compress, copy_token_help, decompress, decrypt,
                               encrypt)

# -- [MS-OVBA] 3.2 examples ----------------------------------------------------------------------
SPEC_EXAMPLES = [
    # 3.2.1 No Compression Example
    ("abcdefghijklmnopqrstuv.",
     "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"),
    # 3.2.2 Normal Compression Example
    ("#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
     "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 6D 6E 6F "
     "70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C"),
    # 3.2.3 Maximum Compression Example
    ("a" * 73, "01 03 B0 02 61 45 00"),
]


@pytest.mark.parametrize("text, hex_bytes", SPEC_EXAMPLES, ids=["no", "normal", "maximum"])
def test_spec_examples_compress_to_the_published_bytes(text, hex_bytes):
    assert compress(text.encode("ascii")) == bytes.fromhex(hex_bytes)


@pytest.mark.parametrize("text, hex_bytes", SPEC_EXAMPLES, ids=["no", "normal", "maximum"])
def test_spec_examples_decompress_to_the_text(text, hex_bytes):
    assert decompress(bytes.fromhex(hex_bytes)) == text.encode("ascii")


# -- 2.4.1.3.19.1 CopyToken Help -------------------------------------------------------------------
@pytest.mark.parametrize("difference, bit_count", [
    (1, 4), (2, 4), (15, 4), (16, 4), (17, 5), (32, 5), (33, 6), (64, 6), (65, 7), (128, 7), (129, 8),
    (256, 8), (257, 9), (512, 9), (513, 10), (1024, 10), (1025, 11), (2048, 11), (2049, 12), (4096, 12),
])
def test_copy_token_help_bit_count_is_ceil_log2_at_least_4(difference, bit_count):
    length_mask, offset_mask, bits, maximum_length = copy_token_help(difference)
    assert bits == bit_count
    assert length_mask == 0xFFFF >> bit_count
    assert offset_mask == (~length_mask) & 0xFFFF
    assert length_mask | offset_mask == 0xFFFF
    assert maximum_length == (0xFFFF >> bit_count) + 3
    # the offset field always reaches back to the chunk start
    assert (offset_mask >> (16 - bit_count)) + 1 >= difference


def test_copy_token_pack_unpack_round_trip_at_every_position():
    for difference in range(1, 4097):
        _, _, _, maximum_length = copy_token_help(difference)
        half = (max(1, difference // 2), 3 + maximum_length // 2)
        for offset, length in {(1, 3), (difference, maximum_length), half}:
            token = ovba.pack_copy_token(difference, offset, length)
            assert 0 <= token <= 0xFFFF
            assert ovba.unpack_copy_token(difference, token) == (offset, length)


def test_copy_token_help_rejects_positions_outside_a_chunk():
    for bad in (0, 4097):
        with pytest.raises(OvbaError):
            copy_token_help(bad)


# -- a literal transcription of the specification's compressor (2.4.1.3.6 - 2.4.1.3.19.4) --------
def spec_compress(data: bytes) -> bytes:
    """Slow, straight from the pseudocode: every earlier position of the chunk is a candidate."""
    out = bytearray([0x01])
    buffer_end = len(data)
    chunk_start = 0
    while chunk_start < buffer_end:
        d_end = min(chunk_start + 4096, buffer_end)
        c_start = len(out)
        chunk = bytearray(b"\x00\x00")
        c_end = 4098
        current = chunk_start
        while current < d_end and len(chunk) < c_end:
            flag_at = len(chunk)
            chunk.append(0)
            flags = 0
            for index in range(8):
                if current < d_end and len(chunk) < c_end:
                    # 2.4.1.3.19.4 Matching
                    candidate = current - 1
                    best_length = 0
                    best_candidate = 0
                    while candidate >= chunk_start:
                        c, d, length = candidate, current, 0
                        while d < d_end and data[d] == data[c]:
                            length += 1
                            c += 1
                            d += 1
                        if length > best_length:
                            best_length, best_candidate = length, candidate
                        candidate -= 1
                    if best_length >= 3:
                        _, _, bit_count, maximum_length = copy_token_help(current - chunk_start)
                        length = min(best_length, maximum_length)
                        offset = current - best_candidate
                        if len(chunk) + 1 < c_end:
                            chunk += struct.pack("<H", ((offset - 1) << (16 - bit_count)) | (length - 3))
                            flags |= 1 << index
                            current += length
                        else:
                            chunk += b"\x00" * (c_end - len(chunk))
                    else:
                        if len(chunk) < c_end:
                            chunk.append(data[current])
                            current += 1
                        else:
                            chunk += b"\x00" * (c_end - len(chunk))
            chunk[flag_at] = flags
        if current < d_end:
            raw = data[chunk_start:d_end]
            chunk = bytearray(struct.pack("<H", 0x3FFF)) + raw + b"\x00" * (4096 - len(raw))
        else:
            chunk[0:2] = struct.pack("<H", (len(chunk) - 3) | 0xB000)
        out += chunk
        assert len(out) - c_start <= 4098
        chunk_start = d_end
    return bytes(out)


def _random_bytes(seed: int, n: int) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(256) for _ in range(n))


def _samples(seed: int) -> list[bytes]:
    rnd = random.Random(seed)
    small = [bytes(rnd.choice(b"ab") for _ in range(rnd.randrange(1, 900))),
             bytes(rnd.choice(b"abc \r\n") for _ in range(rnd.randrange(1, 900))),
             bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 300))),
             b"x" * rnd.randrange(1, 900) + b"yz" + b"x" * rnd.randrange(1, 900),
             bytes(rnd.randrange(256) for _ in range(37)) * rnd.randrange(2, 30)]
    return small


@pytest.mark.parametrize("seed", range(6))
def test_fast_matching_gives_exactly_the_specifications_output(seed):
    for data in _samples(seed):
        assert compress(data) == spec_compress(data), data[:40]


def test_specification_transcription_is_itself_right():
    for text, hex_bytes in SPEC_EXAMPLES:
        assert spec_compress(text.encode("ascii")) == bytes.fromhex(hex_bytes)


def test_fast_matching_equals_specification_across_a_chunk_boundary():
    rnd = random.Random(7)
    data = bytes(rnd.choice(b"ab ") for _ in range(4096 + 500))
    assert compress(data) == spec_compress(data)


# -- round trips -----------------------------------------------------------------------------------
def _tokens(container: bytes) -> list[tuple[int, int, int]]:
    """(chunk index, offset, length) of every copy token of a container."""
    out = []
    pos, chunk = 1, 0
    decompressed = 0
    while pos < len(container):
        header = struct.unpack_from("<H", container, pos)[0]
        end = pos + (header & 0x0FFF) + 3
        pos += 2
        if not header >> 15:
            pos = end
            chunk += 1
            continue
        start = decompressed
        while pos < end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if flags >> bit & 1:
                    token = struct.unpack_from("<H", container, pos)[0]
                    pos += 2
                    offset, length = ovba.unpack_copy_token(decompressed - start, token)
                    out.append((chunk, offset, length))
                    decompressed += length
                else:
                    pos += 1
                    decompressed += 1
        chunk += 1
    return out


def _oletools_decompress(data: bytes, expected: bytes) -> bool:
    """oletools' decompressor (written independently of ours) agrees; True without oletools."""
    try:
        from oletools.olevba import decompress_stream
    except ImportError:  # pragma: no cover - oletools is in the test extra
        return True
    return bytes(decompress_stream(bytearray(data))) == expected


ROUND_TRIP_CASES = {
    "empty": b"",
    "one byte": b"a",
    "three bytes": b"abc",
    "text": b"Attribute VB_Name = \"LkjipXl\"\r\nSub Recalculate()\r\n    RunPython \"x\"\r\nEnd Sub\r\n" * 50,
    "run 4095": b"a" * 4095,
    "run 4096": b"a" * 4096,
    "run 4097": b"a" * 4097,
    "run 8192": b"a" * 8192,
    "run 8193": b"a" * 8193,
    "run 100000": b"q" * 100_000,
    "period 2": b"ab" * 9000,
    "period 3": b"abc" * 5000,
    "period 100": _random_bytes(1, 100) * 120,
    "period 3000": _random_bytes(2, 3000) * 5,
    "all bytes": bytes(range(256)) * 70,
    "zeros then tail": bytes(4096 * 3) + b"tail",
}


@pytest.mark.parametrize("name", ROUND_TRIP_CASES)
def test_round_trip(name):
    data = ROUND_TRIP_CASES[name]
    packed = compress(data)
    assert decompress(packed) == data
    assert _oletools_decompress(packed, data)


@pytest.mark.parametrize("size", [1, 100, 4095, 4096, 4097, 8191, 8192, 8193, 20000])
def test_random_text_round_trips_at_chunk_boundaries(size):
    rnd = random.Random(size)
    words = [b"Dim", b"As", b"String", b"If", b"Then", b"End", b"    ", b"\r\n", b"RunPython", b"x"]
    data = b" ".join(rnd.choice(words) for _ in range(size))[:size]
    packed = compress(data)
    assert decompress(packed) == data
    assert _oletools_decompress(packed, data)


def test_long_runs_use_the_longest_tokens_the_position_allows():
    # one chunk of 'a': a literal, then one token of 4095 bytes (4 offset bits: up to 4098)
    assert compress(b"a" * 4096) == bytes.fromhex("01 03 B0 02 61 FC 0F")
    # the 4097th byte starts a new chunk with one literal
    assert compress(b"a" * 4097) == bytes.fromhex("01 03 B0 02 61 FC 0F 01 B0 00 61")
    # a block of 100 random bytes repeated: offset 100 needs 7 bits, so tokens are capped at
    # (0xFFFF >> 7) + 3 = 514 bytes
    block = _random_bytes(3, 100)
    data = block * 40
    tokens = _tokens(compress(data))
    assert (0, 100, 514) in tokens
    assert max(length for _, _, length in tokens) == 514
    assert decompress(compress(data)) == data
    # a later chunk starts over: its first tokens may again be long with few offset bits
    data = _random_bytes(4, 4096) + b"z" * 4096
    tokens = _tokens(compress(data))
    assert tokens == [(1, 1, 4095)]


def test_random_bytes_round_trip_through_raw_chunks():
    rnd = random.Random(5)
    data = bytes(rnd.randrange(256) for _ in range(4096 * 3))
    packed = compress(data)
    assert len(packed) == 1 + 3 * 4098
    assert all(struct.unpack_from("<H", packed, 1 + i * 4098)[0] == 0x3FFF for i in range(3))
    assert decompress(packed) == data
    assert _oletools_decompress(packed, data)


def test_a_short_incompressible_last_chunk_is_padded_as_the_specification_says():
    # 2.4.1.3.10: a raw chunk always holds 4096 bytes; a shorter final chunk is zero-padded
    data = _random_bytes(6, 4095)
    packed = compress(data)
    assert struct.unpack_from("<H", packed, 1)[0] == 0x3FFF
    assert decompress(packed) == data + b"\x00"


def test_compression_is_deterministic():
    data = ROUND_TRIP_CASES["text"] + ROUND_TRIP_CASES["period 100"]
    assert compress(data) == compress(bytes(data))


@pytest.mark.parametrize("bad, message", [
    (b"", "must start with 0x01"),
    (b"\x02\x00\xb0\x00a", "must start with 0x01"),
    (b"\x01\x00\x00", "signature"),
    (b"\x01\x02\xb0\x01\x00\x00", "start of a chunk"),
    (b"\x01\x00\x30" + b"x" * 10, "raw chunk"),
    (b"\x01\x05", "truncated chunk header"),
])
def test_decompress_rejects_malformed_containers(bad, message):
    with pytest.raises(OvbaError, match=message):
        decompress(bad)


# -- 2.4.3 data encryption -------------------------------------------------------------------------
# The values Excel wrote in the PROJECT stream of xlwings' quickstart_standalone.xlsm (0.37.8).
EXCEL_PROJECT_ID = "{5CF9CDAB-B77B-4FE4-BD7E-D29900070E1B}"
EXCEL_VALUES = {
    "CMG": ("8D8FA61394EA98EA98EA98EA98", bytes(4)),
    "DPB": ("8D8FA61394EF95EF95EF", b"\x00"),
    "GC": ("8D8FA61394EF95EF9510", b"\xff"),
}


@pytest.mark.parametrize("key", EXCEL_VALUES)
def test_decrypts_values_excel_wrote(key):
    text, data = EXCEL_VALUES[key]
    result = decrypt(text)
    assert result.key == ovba.project_key(EXCEL_PROJECT_ID)
    assert result.data == data


@pytest.mark.parametrize("key", EXCEL_VALUES)
def test_encrypts_exactly_as_excel_did(key):
    text, data = EXCEL_VALUES[key]
    ignored = decrypt(text).ignored
    assert encrypt(data, EXCEL_PROJECT_ID, int(text[:2], 16), ignored) == text


def test_encryption_round_trips_for_every_seed():
    for seed in range(256):
        for data in (bytes(4), b"\x00", b"\xff", b"password"):
            result = decrypt(encrypt(data, "{B595E1DE-BC62-5650-8D3D-43C1B571B536}", seed))
            assert result.data == data
            assert result.key == ovba.project_key("{B595E1DE-BC62-5650-8D3D-43C1B571B536}")


# -- the streams -----------------------------------------------------------------------------------
MODULES = [
    Module("ThisWorkbook", ModuleKind.DOCUMENT, 'Attribute VB_Name = "ThisWorkbook"\r\n'),
    Module("Sheet1", ModuleKind.DOCUMENT, 'Attribute VB_Name = "Sheet1"\r\n'),
    Module("LkjipXl", ModuleKind.PROCEDURAL, 'Attribute VB_Name = "LkjipXl"\r\nSub Recalculate()\r\nEnd Sub\r\n'),
    Module("Dictionary", ModuleKind.CLASS, 'Attribute VB_Name = "Dictionary"\r\n'),
]


def parse_dir(data: bytes) -> list[tuple[int, bytes]]:
    """(id, payload) of every dir stream record; the payload of a record with a Reserved+Unicode
    tail is the MBCS part, the tail is its own record (as the specification lays them out)."""
    records = []
    pos = 0
    while pos < len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == 0x0009:  # PROJECTVERSION: Reserved (=4), VersionMajor, VersionMinor
            size = 6
        records.append((record_id, data[pos + 6:pos + 6 + size]))
        pos += 6 + size
    assert pos == len(data)
    return records


def test_dir_stream_records_follow_the_specification():
    records = parse_dir(ovba.dir_stream("VBAProject", MODULES))
    ids = [r for r, _ in records]
    info = [0x01, 0x02, 0x14, 0x03, 0x04, 0x05, 0x40, 0x06, 0x3D, 0x07, 0x08, 0x09, 0x0C, 0x3C]
    refs = [0x16, 0x3E, 0x0D] * 2
    per_module = [0x19, 0x47, 0x1A, 0x32, 0x1C, 0x48, 0x31, 0x1E, 0x2C]
    expected = info + refs + [0x0F, 0x13]
    for m in MODULES:
        expected += per_module + [0x21 if m.kind is ModuleKind.PROCEDURAL else 0x22, 0x2B]
    expected += [0x10]
    assert ids == expected
    values = dict(records[:5])
    assert values[0x03] == struct.pack("<H", 1252)
    assert values[0x04] == b"VBAProject"
    assert values[0x02] == struct.pack("<I", 0x409) and values[0x14] == struct.pack("<I", 0x409)
    assert records[ids.index(0x0F)][1] == struct.pack("<H", len(MODULES))
    assert records[ids.index(0x13)][1] == b"\xff\xff"
    offsets = [payload for rid, payload in records if rid == 0x31]
    assert offsets == [bytes(4)] * len(MODULES)  # source-only: every MODULEOFFSET is 0
    names = [payload for rid, payload in records if rid == 0x19]
    assert names == [m.name.encode() for m in MODULES]
    unicode_names = [payload for rid, payload in records if rid == 0x47]
    assert unicode_names == [m.name.encode("utf-16-le") for m in MODULES]
    cookies = [payload for rid, payload in records if rid == 0x2C]
    assert cookies == [b"\xff\xff"] * len(MODULES)
    libids = [payload for rid, payload in records if rid == 0x0D]
    assert b"{00020430-0000-0000-C000-000000000046}" in libids[0]  # stdole
    assert b"{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}" in libids[1]  # Office
    for payload in libids:
        (size,) = struct.unpack_from("<I", payload)
        assert len(payload) == 4 + size + 6 and payload[-6:] == bytes(6)


def test_dir_stream_has_the_record_layout_of_an_excel_project():
    """The record ids of our dir stream, compared with the dir stream Excel wrote in the xlwings
    quickstart (references aside: it references MSForms instead of stdole)."""
    olefile = pytest.importorskip("olefile")
    ole = olefile.OleFileIO(quickstart_vba_project())
    theirs = parse_dir(decompress(ole.openstream("VBA/dir").read()))
    ole.close()
    ours = parse_dir(ovba.dir_stream("VBAProject", MODULES))

    def shape(records):
        ids = [r for r, _ in records]
        first_ref, modules_at = ids.index(0x16), ids.index(0x0F)
        per_module = ids[ids.index(0x19):ids.index(0x2B) + 1]
        return ids[:first_ref], ids[modules_at:modules_at + 2], per_module[:-2], ids[-1]

    assert shape(ours) == shape(theirs)


def test_vba_project_stream_is_the_seven_byte_source_only_form():
    assert ovba.vba_project_stream() == bytes.fromhex("CC61FFFF000000")


def test_project_stream_lists_modules_and_decrypts():
    text = ovba.project_stream("{B595E1DE-BC62-5650-8D3D-43C1B571B536}", "VBAProject", MODULES).decode("cp1252")
    lines = text.split("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert lines[:6] == ['ID="{B595E1DE-BC62-5650-8D3D-43C1B571B536}"', "Document=ThisWorkbook/&H00000000",
                         "Document=Sheet1/&H00000000", "Module=LkjipXl", "Class=Dictionary", 'Name="VBAProject"']
    values = dict(line.split("=", 1) for line in lines if line[:3] in ("CMG", "DPB", "GC="))
    assert decrypt(values["CMG"].strip('"')).data == bytes(4)
    assert decrypt(values["DPB"].strip('"')).data == b"\x00"
    assert decrypt(values["GC"].strip('"')).data == b"\xff"
    assert "[Host Extender Info]" in lines and "[Workspace]" in lines


def test_projectwm_stream_is_the_name_map():
    data = ovba.projectwm_stream(MODULES[:2])
    assert data == (b"ThisWorkbook\x00" + "ThisWorkbook".encode("utf-16-le") + b"\x00\x00"
                    + b"Sheet1\x00" + "Sheet1".encode("utf-16-le") + b"\x00\x00" + b"\x00\x00")


def test_module_stream_is_the_compressed_source():
    module = MODULES[2]
    assert decompress(ovba.module_stream(module)) == module.source.encode("cp1252")


def test_text_outside_code_page_1252_is_an_error_that_names_the_module():
    with pytest.raises(OvbaError, match="LkjipXl"):
        Module("LkjipXl", ModuleKind.PROCEDURAL, "' \u4e2d\r\n").source_bytes()
