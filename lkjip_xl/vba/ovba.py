"""MS-OVBA: the parts of a VBA project storage that lkjip-xl writes, from the specification.

[MS-OVBA] "Office VBA File Format Structure" (Microsoft Open Specifications) describes the streams
of a ``vbaProject.bin``. This module implements the subset a *source-only* project needs, with
the standard library only:

* the compression of section 2.4.1 (and the decompression, for the tests and for reading);
* the ``dir`` stream records of section 2.3.4.2 (project information, references, modules);
* the ``PROJECT`` text stream of section 2.3.1 and the ``PROJECTwm`` stream of section 2.3.3;
* the ``_VBA_PROJECT`` stream of section 2.3.4.1 with version 0xFFFF and no performance cache,
  which tells the host that there is no compiled code: Excel compiles the modules from their
  source when the workbook is opened;
* module streams (section 2.3.4.3) without a performance cache: the stream is the compressed
  source, and every MODULEOFFSET is 0;
* the data encryption of section 2.4.3 for the CMG / DPB / GC values of the PROJECT stream
  (protection state, password, visibility: "none", "none", "visible").

Every function is deterministic: the same input gives the same bytes. Nothing here reads a
clock or a random number generator; the project GUID and the encryption seed are constants.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from lkjip_xl.errors import LkjipError

__all__ = [
    "CLASS_BASE",
    "CODE_PAGE",
    "DOCUMENT_SHEET_BASE",
    "DOCUMENT_WORKBOOK_BASE",
    "DEFAULT_REFERENCES",
    "ENCODING",
    "Decrypted",
    "Module",
    "ModuleKind",
    "OvbaError",
    "Reference",
    "compress",
    "copy_token_help",
    "decompress",
    "decrypt",
    "dir_stream",
    "encrypt",
    "module_stream",
    "project_key",
    "project_stream",
    "projectwm_stream",
    "vba_project_stream",
]

#: PROJECTCODEPAGE: Windows-1252 (Western European), which covers Indonesian text.
CODE_PAGE = 1252
ENCODING = "cp1252"
#: PROJECTLCID and PROJECTLCIDINVOKE: MUST be 0x409 (section 2.3.4.2.1.2 and .3).
LCID = 0x0409
#: PROJECTSYSKIND: 0x3 = 64-bit Windows, as in the xlwings quickstart project (Excel opens it on
#: 32-bit Office too: the source is compiled on open).
SYS_KIND_WIN64 = 0x00000003

#: VB_Base of a class module, of the ThisWorkbook document module and of a worksheet document module.
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"
DOCUMENT_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
DOCUMENT_SHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"


class OvbaError(LkjipError, ValueError):
    """Bytes that are not valid MS-OVBA data, or a project that cannot be written."""


# =================================================================================================
# 2.4.1 Compression and decompression
# =================================================================================================
CHUNK_SIZE = 4096  # decompressed bytes per chunk
MAX_COMPRESSED_CHUNK = 4098  # header (2) + at most 4096 data bytes
_SIGNATURE = 0x01


def copy_token_help(difference: int) -> tuple[int, int, int, int]:
    """Section 2.4.1.3.19.1 CopyToken Help: ``(length_mask, offset_mask, bit_count, maximum_length)``.

    ``difference`` is the number of bytes already decompressed in the current chunk (1..4096).
    ``bit_count`` is the number of bits of the offset: ceil(log2(difference)), at least 4, so a
    token can always reach back to the start of the chunk; the remaining 16 - bit_count bits hold
    the length minus 3.
    """
    if not 1 <= difference <= CHUNK_SIZE:
        raise OvbaError(f"copy token at position {difference} of a chunk (must be 1..4096)")
    bit_count = max((difference - 1).bit_length(), 4)  # ceil(log2(difference)), at least 4
    length_mask = 0xFFFF >> bit_count
    offset_mask = ~length_mask & 0xFFFF
    maximum_length = length_mask + 3
    return length_mask, offset_mask, bit_count, maximum_length


def pack_copy_token(difference: int, offset: int, length: int) -> int:
    """Section 2.4.1.3.19.3 Pack CopyToken."""
    _, _, bit_count, maximum_length = copy_token_help(difference)
    if not 1 <= offset <= difference or not 3 <= length <= maximum_length:
        raise OvbaError(f"copy token offset {offset} / length {length} out of range at {difference}")
    return ((offset - 1) << (16 - bit_count)) | (length - 3)


def unpack_copy_token(difference: int, token: int) -> tuple[int, int]:
    """Section 2.4.1.3.19.2 Unpack CopyToken: ``(offset, length)``."""
    length_mask, offset_mask, bit_count, _ = copy_token_help(difference)
    length = (token & length_mask) + 3
    offset = ((token & offset_mask) >> (16 - bit_count)) + 1
    return offset, length


def _common_length(buf: bytes, c: int, d: int, known: int, end: int) -> int:
    """Length of the common prefix of ``buf[c:end]`` and ``buf[d:end]``, knowing that the first
    ``known`` bytes match (the match may overlap ``d``: it is read from the input, as in the spec)."""
    lo, hi = known, end - d
    while lo < hi:  # binary search on slice equality: the comparisons run in C
        mid = (lo + hi + 1) // 2
        if buf[c:c + mid] == buf[d:d + mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _compress_chunk(chunk: bytes) -> bytes:
    """Sections 2.4.1.3.7 to 2.4.1.3.10: one CompressedChunk (header included) for at most
    4096 input bytes.

    The matching is that of 2.4.1.3.19.4: the longest match in the chunk so far, the closest one
    of equal length, a copy token when it is 3 bytes or longer (capped at the maximum length of
    the position). Candidates are found through the positions of each 3-byte prefix, which gives
    the same choice as the specification's scan of every earlier position, much faster.
    """
    end = len(chunk)
    out = bytearray(b"\x00\x00")  # header, filled in below
    compressed_end = MAX_COMPRESSED_CHUNK
    positions: dict[bytes, list[int]] = {}
    indexed = 0  # positions < indexed are in ``positions``
    current = 0
    while current < end and len(out) < compressed_end:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if current >= end or len(out) >= compressed_end:
                break
            while indexed < current:  # index every position passed, copied ones too
                if indexed + 3 <= end:
                    positions.setdefault(chunk[indexed:indexed + 3], []).append(indexed)
                indexed += 1
            best_length = 0
            best_candidate = -1
            if current + 3 <= end:
                limit = end - current
                for candidate in reversed(positions.get(chunk[current:current + 3], ())):
                    probe = best_length + 1
                    if chunk[candidate:candidate + probe] != chunk[current:current + probe]:
                        continue  # cannot be longer than the best so far
                    length = _common_length(chunk, candidate, current, probe, end)
                    best_length, best_candidate = length, candidate
                    if length == limit:
                        break  # nothing can be longer; closer candidates were seen first
            if best_length >= 3:
                if len(out) + 1 < compressed_end:
                    _, _, _, maximum_length = copy_token_help(current)
                    length = min(best_length, maximum_length)
                    token = pack_copy_token(current, current - best_candidate, length)
                    out += struct.pack("<H", token)
                    flags |= 1 << bit
                    current += length
                else:
                    out += b"\x00" * (compressed_end - len(out))  # overflow: no room for a token
            else:
                if len(out) < compressed_end:
                    out.append(chunk[current])
                    current += 1
        out[flag_index] = flags
    if current < end:
        # 2.4.1.3.10 Compressing a RawChunk: the 4096 bytes as they are (zero-padded when the
        # input is shorter, which only a final chunk of incompressible data can be).
        header = (MAX_COMPRESSED_CHUNK - 3) | 0x3000
        return struct.pack("<H", header) + chunk + b"\x00" * (CHUNK_SIZE - end)
    header = (len(out) - 3) | 0x3000 | 0x8000
    out[0:2] = struct.pack("<H", header)
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Section 2.4.1.3.6: a CompressedContainer (signature byte 0x01, then one chunk per 4096
    input bytes). Deterministic; ``decompress(compress(data)) == data`` except where a final
    chunk of incompressible data must be stored raw, which the format pads with zeros to 4096."""
    data = bytes(data)
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        out += _compress_chunk(data[start:start + CHUNK_SIZE])
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """Section 2.4.1.3.1: the bytes a CompressedContainer holds. Raises :class:`OvbaError` on
    anything malformed (bad signature, bad chunk header, a copy token before the chunk start)."""
    data = bytes(data)
    if not data or data[0] != _SIGNATURE:
        raise OvbaError(f"compressed container must start with 0x01, got {data[:1].hex() or 'nothing'}")
    out = bytearray()
    pos = 1
    while pos < len(data):
        if pos + 2 > len(data):
            raise OvbaError(f"truncated chunk header at byte {pos}")
        (header,) = struct.unpack_from("<H", data, pos)
        size = (header & 0x0FFF) + 3
        if (header >> 12) & 0x7 != 0b011:
            raise OvbaError(f"chunk signature at byte {pos} is not 0b011 (header {header:#06x})")
        compressed = header >> 15
        chunk_end = min(len(data), pos + size)
        pos += 2
        chunk_start = len(out)
        if not compressed:
            if size != MAX_COMPRESSED_CHUNK:
                raise OvbaError(f"raw chunk at byte {pos - 2} has size {size}, must be 4098")
            if chunk_end - pos != CHUNK_SIZE:
                raise OvbaError(f"raw chunk at byte {pos - 2} is truncated")
            out += data[pos:chunk_end]
            pos = chunk_end
            continue
        while pos < chunk_end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                if pos + 2 > chunk_end:
                    raise OvbaError(f"truncated copy token at byte {pos}")
                (token,) = struct.unpack_from("<H", data, pos)
                pos += 2
                difference = len(out) - chunk_start
                if difference == 0:
                    raise OvbaError(f"copy token at the start of a chunk (byte {pos - 2})")
                offset, length = unpack_copy_token(difference, token)
                src = len(out) - offset
                if offset >= length:
                    out += out[src:src + length]
                else:  # the copy overlaps what it produces: repeat the period
                    period = out[src:]
                    reps = -(-length // offset)
                    out += (period * reps)[:length]
        if len(out) - chunk_start > CHUNK_SIZE:
            raise OvbaError(f"a chunk decompresses to {len(out) - chunk_start} bytes (more than 4096)")
    return bytes(out)


# =================================================================================================
# 2.4.3 Data encryption (the CMG, DPB and GC values of the PROJECT stream)
# =================================================================================================
def project_key(project_id: str) -> int:
    """ProjKey of section 2.4.3.2: the sum of the bytes of the project's ID (``{GUID}``), mod 256."""
    return sum(project_id.encode(ENCODING)) & 0xFF


class Decrypted(NamedTuple):
    key: int  # ProjKey: must equal project_key() of the PROJECT stream's ID
    ignored: bytes  # the (seed & 6) / 2 bytes the algorithm adds and ignores
    data: bytes


def encrypt(data: bytes, project_id: str, seed: int, ignored: bytes | None = None) -> str:
    """Section 2.4.3.2 Encryption, as upper-case hex. ``seed`` is fixed by the caller (the
    specification lets it be any byte): the output is deterministic. The ignored bytes are 0
    unless given (a test reproduces a value Excel wrote)."""
    if not 0 <= seed <= 0xFF:
        raise OvbaError(f"encryption seed {seed} is not a byte")
    count = (seed & 6) // 2
    ignored = bytes(count) if ignored is None else bytes(ignored)
    if len(ignored) != count:
        raise OvbaError(f"seed {seed:#04x} needs {count} ignored bytes, got {len(ignored)}")
    version = 2
    key = project_key(project_id)
    out = bytearray([seed, seed ^ version, seed ^ key])
    unencrypted1, encrypted1, encrypted2 = key, seed ^ key, seed ^ version

    def put(byte: int) -> None:
        nonlocal unencrypted1, encrypted1, encrypted2
        enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte

    for byte in ignored:
        put(byte)
    for byte in struct.pack("<I", len(data)):
        put(byte)
    for byte in data:
        put(byte)
    return out.hex().upper()


def decrypt(text: str) -> Decrypted:
    """Section 2.4.3.3 Decryption of a CMG / DPB / GC value."""
    raw = bytes.fromhex(text)
    if len(raw) < 7:
        raise OvbaError(f"encrypted value {text!r} is too short")
    seed, version_enc, key_enc = raw[0], raw[1], raw[2]
    if seed ^ version_enc != 2:
        raise OvbaError(f"encrypted value {text!r}: version is {seed ^ version_enc}, must be 2")
    key = seed ^ key_enc
    unencrypted1, encrypted1, encrypted2 = key, key_enc, version_enc
    pos = 3

    def take() -> int:
        nonlocal pos, unencrypted1, encrypted1, encrypted2
        if pos >= len(raw):
            raise OvbaError(f"encrypted value {text!r} is truncated")
        enc = raw[pos]
        pos += 1
        byte = enc ^ ((encrypted2 + unencrypted1) & 0xFF)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
        return byte

    ignored = bytes(take() for _ in range((seed & 6) // 2))
    length = struct.unpack("<I", bytes(take() for _ in range(4)))[0]
    data = bytes(take() for _ in range(length))
    if pos != len(raw):
        raise OvbaError(f"encrypted value {text!r} has {len(raw) - pos} bytes after its data")
    return Decrypted(key, ignored, data)


# =================================================================================================
# The project's parts
# =================================================================================================
class ModuleKind(str, Enum):
    PROCEDURAL = "procedural"  # a .bas module: MODULETYPE 0x0021, "Module=" in PROJECT
    CLASS = "class"  # a .cls class module: MODULETYPE 0x0022, "Class="
    DOCUMENT = "document"  # ThisWorkbook and the sheets: MODULETYPE 0x0022, "Document=.../&H00000000"


@dataclass(frozen=True)
class Module:
    name: str  # the module name = its stream name = its Attribute VB_Name
    kind: ModuleKind
    source: str  # the text as VBA stores it: CRLF line ends, Attribute lines first

    def source_bytes(self) -> bytes:
        try:
            return self.source.encode(ENCODING)
        except UnicodeEncodeError as exc:
            raise OvbaError(f"module {self.name}: character {exc.object[exc.start]!r} cannot be "
                            f"written in code page {CODE_PAGE}") from exc


@dataclass(frozen=True)
class Reference:
    """A REFERENCEREGISTERED (section 2.3.4.2.2.5) with its REFERENCENAME."""

    name: str
    libid: str


#: The two references of a new Excel project (and of the xlwings quickstart): OLE Automation and
#: the Office object library. The paths are hints; VBA finds the libraries by GUID and version.
DEFAULT_REFERENCES = (
    Reference("stdole", "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
                        "C:\\Windows\\System32\\stdole2.tlb#OLE Automation"),
    Reference("Office", "*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#"
                        "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL"
                        "#Microsoft Office 16.0 Object Library"),
)


def _mbcs(text: str, what: str) -> bytes:
    try:
        return text.encode(ENCODING)
    except UnicodeEncodeError as exc:
        raise OvbaError(f"{what} {text!r} cannot be written in code page {CODE_PAGE}") from exc


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _record(record_id: int, data: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(data)) + data


def _u32(record_id: int, value: int) -> bytes:
    return _record(record_id, struct.pack("<I", value))


def _u16(record_id: int, value: int) -> bytes:
    return _record(record_id, struct.pack("<H", value))


def _text_pair(record_id: int, text: bytes, reserved: int, unicode: bytes) -> bytes:
    """A record with an MBCS string, then a Reserved id and the same string in UTF-16."""
    return _record(record_id, text) + struct.pack("<HI", reserved, len(unicode)) + unicode


def dir_stream(project_name: str, modules: list[Module],
               references: tuple[Reference, ...] = DEFAULT_REFERENCES,
               version: tuple[int, int] = (1, 0)) -> bytes:
    """Section 2.3.4.2: the *decompressed* ``dir`` stream (compress it with :func:`compress`)."""
    name = _mbcs(project_name, "project name")
    out = bytearray()
    # 2.3.4.2.1 PROJECTINFORMATION
    out += _u32(0x0001, SYS_KIND_WIN64)  # PROJECTSYSKIND
    out += _u32(0x0002, LCID)  # PROJECTLCID
    out += _u32(0x0014, LCID)  # PROJECTLCIDINVOKE
    out += _u16(0x0003, CODE_PAGE)  # PROJECTCODEPAGE
    out += _record(0x0004, name)  # PROJECTNAME
    out += _text_pair(0x0005, b"", 0x0040, b"")  # PROJECTDOCSTRING
    out += _text_pair(0x0006, b"", 0x003D, b"")  # PROJECTHELPFILEPATH (HelpFile1, HelpFile2)
    out += _u32(0x0007, 0)  # PROJECTHELPCONTEXT
    out += _u32(0x0008, 0)  # PROJECTLIBFLAGS
    out += struct.pack("<HIIH", 0x0009, 4, version[0], version[1])  # PROJECTVERSION (Reserved = 4)
    out += _text_pair(0x000C, b"", 0x003C, b"")  # PROJECTCONSTANTS
    # 2.3.4.2.2 PROJECTREFERENCES
    for ref in references:
        out += _text_pair(0x0016, _mbcs(ref.name, "reference name"), 0x003E, _utf16(ref.name))
        libid = _mbcs(ref.libid, "reference libid")
        out += _record(0x000D, struct.pack("<I", len(libid)) + libid + struct.pack("<IH", 0, 0))
    # 2.3.4.2.3 PROJECTMODULES
    out += _u16(0x000F, len(modules))
    out += _u16(0x0013, 0xFFFF)  # PROJECTCOOKIE
    for module in modules:
        mname = _mbcs(module.name, "module name")
        out += _record(0x0019, mname)  # MODULENAME
        out += _record(0x0047, _utf16(module.name))  # MODULENAMEUNICODE
        out += _text_pair(0x001A, mname, 0x0032, _utf16(module.name))  # MODULESTREAMNAME
        out += _text_pair(0x001C, b"", 0x0048, b"")  # MODULEDOCSTRING
        out += _u32(0x0031, 0)  # MODULEOFFSET: no performance cache, the source starts at 0
        out += _u32(0x001E, 0)  # MODULEHELPCONTEXT
        out += _u16(0x002C, 0xFFFF)  # MODULECOOKIE
        type_id = 0x0021 if module.kind is ModuleKind.PROCEDURAL else 0x0022
        out += struct.pack("<HI", type_id, 0)  # MODULETYPE
        out += struct.pack("<HI", 0x002B, 0)  # Terminator
    out += struct.pack("<HI", 0x0010, 0)  # dir stream Terminator
    return bytes(out)


def vba_project_stream() -> bytes:
    """Section 2.3.4.1 ``_VBA_PROJECT``: Reserved1 0x61CC, Version 0xFFFF, Reserved2 0x00,
    Reserved3 0x0000, no PerformanceCache. Version 0xFFFF means "no compiled code": the host
    compiles the source."""
    return struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0000)


def module_stream(module: Module) -> bytes:
    """Section 2.3.4.3: a module stream without PerformanceCache, i.e. the compressed source."""
    return compress(module.source_bytes())


def project_stream(project_id: str, project_name: str, modules: list[Module],
                   encryption_seed: int = 0x4C) -> bytes:
    """Section 2.3.1: the ``PROJECT`` stream (text, CRLF)."""
    cmg = encrypt(bytes(4), project_id, encryption_seed)  # protection state: none
    dpb = encrypt(bytes([0x00]), project_id, encryption_seed)  # password: none
    gc = encrypt(bytes([0xFF]), project_id, encryption_seed)  # visibility: visible
    lines = [f'ID="{project_id}"']
    for m in modules:
        if m.kind is ModuleKind.DOCUMENT:
            lines.append(f"Document={m.name}/&H00000000")
        elif m.kind is ModuleKind.CLASS:
            lines.append(f"Class={m.name}")
        else:
            lines.append(f"Module={m.name}")
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{cmg}"',
        f'DPB="{dpb}"',
        f'GC="{gc}"',
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        "[Workspace]",
    ]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return _mbcs("\r\n".join(lines) + "\r\n", "PROJECT stream")


def projectwm_stream(modules: list[Module]) -> bytes:
    """Section 2.3.3: the ``PROJECTwm`` stream (NAMEMAP: each module name in MBCS and UTF-16)."""
    out = bytearray()
    for m in modules:
        out += _mbcs(m.name, "module name") + b"\x00" + _utf16(m.name) + b"\x00\x00"
    out += b"\x00\x00"
    return bytes(out)
