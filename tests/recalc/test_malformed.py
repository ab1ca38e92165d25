"""Malformed workbooks: a clear LkjipError naming the file, in bounded time and memory.

Each case runs ``lkjip-xl check`` (or ``recalc``) in a subprocess whose address space is limited
to 1.5 GB (RLIMIT_AS) and whose run time is limited by a timeout: a case that allocated without
bound would die of MemoryError (exit 1 and a traceback), one that looped would time out.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.display import format_number

from lkjip_xl.adapters.openpyxl_adapter import load
from lkjip_xl.ooxml.safety import MAX_USED_CELLS, WorkbookError
from lkjip_xl.errors import LkjipError
from tests.recalc import minimal_workbook, parts, run_bounded, write_parts

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
REL_SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
#: Billion laughs: &lol9; expands to 10**9 "lol" (3 GB).
BILLION_LAUGHS = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10))
                  + "]>\n")
REKAP_PART = "xl/worksheets/sheet6.xml"
NO_PROLOG_CHECK = ("import lkjip_xl.ooxml.safety as c; c._xml_prolog_problem = lambda head: None\n"
                   "import lkjip_xl.adapters.openpyxl_adapter as a")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    path = minimal_workbook(tmp_path_factory.mktemp("base"))
    with zipfile.ZipFile(path) as z:  # the Rekap sheet is the sixth part
        assert b'<dimension ref="A1:V' in z.read(REKAP_PART)
    return path


def _rekap_xml(base: Path) -> str:
    return parts(base)[REKAP_PART].decode()


def _with(base: Path, out: Path, changes: dict[str, str | bytes]) -> Path:
    content = parts(base)
    content.update(changes)
    return write_parts(out, content)


def _run(argv: list[str], **kw):
    proc = run_bounded(argv, **kw)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc


def _refused(path: Path, message: str, command: str = "check", **kw) -> str:
    """Run the command on ``path``: exit 2 and one line ``lkjip-xl: gagal: <message>``."""
    listing = sorted(os.listdir(path.parent))
    original = path.read_bytes()
    proc = _run([command, str(path)], **kw)
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert re.fullmatch(re.escape("lkjip-xl: gagal: ") + message, lines[0]), lines[0]
    assert path.read_bytes() == original
    assert sorted(os.listdir(path.parent)) == listing  # no backup, no temporary file
    return lines[0]


def test_control_a_sound_workbook_passes_under_the_same_limits(base):
    proc = _run(["check", str(base)])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{base}: 0 kesalahan, ")


def test_not_a_zip(tmp_path):
    path = tmp_path / "laporan.xlsx"
    path.write_text("Ini bukan buku kerja.\n")
    message = (f"{path}: bukan buku kerja Excel .xlsx/.xlsm (isinya bukan paket zip seperti buku kerja Excel; "
               "mungkin berkas teks atau CSV yang diberi nama .xlsx)")
    _refused(path, re.escape(message))
    _refused(path, re.escape(message), command="recalc")


def test_zip_without_a_workbook(tmp_path):
    path = write_parts(tmp_path / "laporan.xlsx", {"[Content_Types].xml": "<Types/>", "catatan.txt": "halo"})
    _refused(path, re.escape(f"{path}: berkas zip tanpa buku kerja (xl/workbook.xml tidak ada)"))


def test_workbook_without_the_rekap_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active["A1"] = 1
    path = tmp_path / "lain.xlsx"
    wb.save(path)
    # check audits a workbook that is not one of ours (lkjip_xl.audit) instead of refusing it
    original = path.read_bytes()
    proc = _run(["check", str(path)])
    assert proc.returncode == 0, (proc.stdout[-2000:], proc.stderr[-2000:])
    assert proc.stdout.splitlines()[0] == "bukan buku kerja lkjip-xl; tidak ada formulir baku yang dikenali"
    assert path.read_bytes() == original
    message = (f"{path}: bukan buku kerja lkjip-xl, jadi berkas ini tidak ditulis ulang. Untuk menulis temuannya ke "
               f"salinan: lkjip-xl recalc {path} -o diperiksa.xlsx (berkas asli tidak diubah); untuk melihat "
               f"temuannya saja: lkjip-xl check {path}")
    _refused(path, re.escape(message), command="recalc")


def _sheet_bomb(base: Path, out: Path) -> Path:
    xml = BILLION_LAUGHS + (f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t>'
                            f'</is></c></row></sheetData></worksheet>')
    return _with(base, out, {REKAP_PART: xml})


def _shared_strings_bomb(base: Path, out: Path) -> Path:
    content = parts(base)
    content["xl/sharedStrings.xml"] = (BILLION_LAUGHS + f'<sst {NS} count="1" uniqueCount="1"><si><t>&lol9;</t>'
                                       f'</si></sst>').encode()
    ct = content["[Content_Types].xml"].decode()
    content["[Content_Types].xml"] = ct.replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT_SST}"/></Types>').encode()
    rels = content["xl/_rels/workbook.xml.rels"].decode()
    content["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", f'<Relationship Id="rIdSst" Type="{REL_SST}" Target="sharedStrings.xml"/></Relationships>').encode()
    # A cell that uses the string, so that a reader must expand it.
    sheet = content[REKAP_PART].decode()
    content[REKAP_PART] = re.sub(r'<c r="A1"[^>]*>.*?</c>', '<c r="A1" t="s"><v>0</v></c>', sheet, count=1).encode()
    return write_parts(out, content)


def _workbook_bomb(base: Path, out: Path) -> Path:
    content = parts(base)
    wb = content["xl/workbook.xml"].decode()
    content["xl/workbook.xml"] = (BILLION_LAUGHS + wb.replace('name="Petunjuk"', 'name="&lol9;"')).encode()
    return write_parts(out, content)


@pytest.mark.parametrize("make, part", [(_sheet_bomb, REKAP_PART), (_shared_strings_bomb, "xl/sharedStrings.xml"),
                                        (_workbook_bomb, "xl/workbook.xml")])
def test_xml_bomb_refused_before_parsing(base, tmp_path, make, part):
    path = make(base, tmp_path / "bom.xlsx")
    _refused(path, re.escape(f"{path}: bagian {part} berisi deklarasi tipe dokumen (<!DOCTYPE ...>: definisi "
                             f"entitas ditolak); ditolak"))


@pytest.mark.parametrize("defused", [True, False], ids=["defusedxml", "stdlib-expat"])
@pytest.mark.parametrize("make", [_sheet_bomb, _shared_strings_bomb])
def test_xml_bomb_without_the_prolog_check_is_still_a_clean_refusal(base, tmp_path, make, defused):
    """Second line of defence: the streaming reader of the sheets and strings expands no entity
    and refuses a part that declares them, with or without defusedxml."""
    if defused:
        pytest.importorskip("defusedxml")
    path = make(base, tmp_path / "bom.xlsx")
    env = {} if defused else {"OPENPYXL_DEFUSEDXML": "False"}
    part = REKAP_PART if make is _sheet_bomb else "xl/sharedStrings.xml"
    _refused(path, re.escape(f"{path}: tidak dapat dibaca sebagai buku kerja Excel (bagian {part} mendeklarasikan tipe "
                             f"dokumen: definisi entitas ditolak)"), prelude=NO_PROLOG_CHECK, env=env)
    _refused(path, re.escape(f"{path}: tidak dapat dibaca sebagai buku kerja Excel (bagian {part} mendeklarasikan tipe "
                             f"dokumen: definisi entitas ditolak)"), command="recalc",
             prelude=NO_PROLOG_CHECK, env=env)


@pytest.mark.parametrize("defused", [True, False], ids=["defusedxml", "stdlib-expat"])
@pytest.mark.parametrize("make", [_sheet_bomb, _shared_strings_bomb])
def test_xml_bomb_reaching_openpyxl_is_still_a_clean_refusal(base, tmp_path, make, defused):
    """openpyxl's own parser (``load``, used by export): defusedxml when installed, else expat's
    amplification limit, refuses the entities, and load() turns that into a WorkbookError."""
    if defused:
        pytest.importorskip("defusedxml")
    path = make(base, tmp_path / "bom.xlsx")
    code = (f"import os, sys\n{NO_PROLOG_CHECK}\nfrom lkjip_xl.errors import LkjipError\n"
            f"try:\n    a.load(sys.argv[1])\nexcept LkjipError as e:\n    print(e)\n")
    env = {} if defused else {"OPENPYXL_DEFUSEDXML": "False"}
    cause = r"EntitiesForbidden: .*" if defused else r"ParseError: limit on input amplification factor .*"
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})
    assert re.fullmatch(re.escape(f"{path}: tidak dapat dibaca sebagai buku kerja Excel (") + r".*" + cause + r"\)",
                        proc.stdout.strip()), (proc.stdout, proc.stderr[-2000:])


def test_openpyxl_uses_defusedxml():
    pytest.importorskip("defusedxml")
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_a_claimed_ten_million_row_dimension(base, tmp_path):
    """A <dimension> beyond Excel's grid is refused (an engine that trusts it would size the sheet
    by it); nothing is allocated for it."""
    xml = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:V10000000"', _rekap_xml(base))
    path = _with(base, tmp_path / "dimensi.xlsx", {REKAP_PART: xml})
    _refused(path, re.escape(f"{path}: sheet 'Rekap Kegiatan' mengaku berukuran A1:V10000000 (<dimension>-nya), "
                             f"melewati batas Excel 1.048.576 baris x 16.384 kolom"))


@pytest.mark.parametrize("claim", ["A1:V1048576", "A1:XFD1048576"])
def test_a_claimed_whole_sheet_dimension_is_harmless(base, tmp_path, claim):
    """Within the grid, the claim is ignored: openpyxl, the scan and the engine go by the cells."""
    xml = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{claim}"', _rekap_xml(base))
    path = _with(base, tmp_path / "dimensi.xlsx", {REKAP_PART: xml})
    proc = _run(["check", str(path)])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{path}: 0 kesalahan, ")


def test_a_single_cell_at_the_last_row(base, tmp_path):
    xml = _rekap_xml(base).replace(
        "</sheetData>", '<row r="1048576"><c r="V1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    path = _with(base, tmp_path / "jauh.xlsx", {REKAP_PART: xml})
    _refused(path, re.escape(
        f"{path}: sheet 'Rekap Kegiatan' merentang A1:V1048576 (23.068.672 sel); seluruh sheet sebuah buku "
        f"kerja paling banyak {format_number(MAX_USED_CELLS)} sel. Hapus sel nyasar yang jauh dari data (misalnya "
        f"V1048576) lalu simpan lagi"))
    _refused(path, re.escape(f"{path}: sheet 'Rekap Kegiatan' merentang A1:V1048576") + ".*", command="recalc")


def test_a_cell_beyond_excels_last_row(base, tmp_path):
    xml = _rekap_xml(base).replace("</sheetData>", '<row r="10000000"><c r="A10000000"><v>1</v></c></row></sheetData>')
    path = _with(base, tmp_path / "baris.xlsx", {REKAP_PART: xml})
    _refused(path, re.escape(f"{path}: sheet 'Rekap Kegiatan' berisi sel di baris 10000000, kolom 1, di luar "
                             f"batas Excel 1048576 baris x 16384 kolom"))


def test_too_many_cells(base, tmp_path):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, MAX_USED_CELLS + 20))
    path = _with(base, tmp_path / "banyak.xlsx", {"xl/worksheets/sheet1.xml": f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>"})
    _refused(path, re.escape(f"{path}: buku kerja berisi lebih dari {format_number(MAX_USED_CELLS)} sel (sheet 'Petunjuk' "
                             f"saja lebih dari ") + r"[\d.]+\); ditolak")


@pytest.fixture(scope="module")
def zip_bomb(base, tmp_path_factory) -> Path:
    """A workbook whose first sheet unpacks to 1 GB (one huge inline string), 1 MB on disk."""
    path = tmp_path_factory.mktemp("bomb") / "bom-zip.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts(base).items():
            if name != "xl/worksheets/sheet1.xml":
                z.writestr(name, data)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size = 1 << 30
        with z.open(info, "w", force_zip64=True) as f:
            f.write(f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'.encode())
            block = b"A" * (1 << 20)
            for _ in range(1024):
                f.write(block)
            f.write(b"</t></is></c></row></sheetData></worksheet>")
    assert path.stat().st_size < 3 * 1024 * 1024
    return path


def test_zip_bomb(zip_bomb):
    _refused(zip_bomb, re.escape(f"{zip_bomb}: bagian xl/worksheets/sheet1.xml mengembang ") + r"[\d.]+"
             + re.escape(" kali (1.073.741.997 byte): ditolak sebagai kemungkinan bom zip"))


def test_zip_bomb_with_lying_sizes(zip_bomb, tmp_path):
    """The central directory claims 2 KB for the 1 GB part: zipfile stops at the claimed size and
    the CRC check fails; nothing reads past it."""
    path = tmp_path / "bohong.xlsx"
    shutil.copyfile(zip_bomb, path)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for sig, size_at, name_len_at, extra_len_at, name_at in ((b"PK\x01\x02", 24, 28, 30, 46), (b"PK\x03\x04", 22, 26, 28, 30)):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            n = struct.unpack_from("<H", data, pos + name_len_at)[0]
            if bytes(data[pos + name_at:pos + name_at + n]) == name:
                struct.pack_into("<I", data, pos + size_at, 2048)
                extra_len = struct.unpack_from("<H", data, pos + extra_len_at)[0]
                extra = pos + name_at + n
                # The zip64 extra field repeats the sizes: claim 2 KB there too.
                end = extra + extra_len
                while extra + 4 <= end:
                    tag, size = struct.unpack_from("<HH", data, extra)
                    if tag == 1:
                        struct.pack_into("<Q", data, extra + 4, 2048)
                    extra += 4 + size
            pos += 4
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        assert z.getinfo(name.decode()).file_size == 2048
    _refused(path, re.escape(f"{path}: ") + r"(paket zip rusak|tidak dapat dibaca sebagai buku kerja Excel) \(.*\)")


@pytest.mark.parametrize("case", ["not-zip", "no-workbook", "dtd", "far-cell"])
def test_load_raises_a_workbook_error_naming_the_file(base, tmp_path, case):
    path = tmp_path / f"{case}.xlsx"
    if case == "not-zip":
        path.write_bytes(b"\x00" * 100)
    elif case == "no-workbook":
        write_parts(path, {"a.xml": "<a/>"})
    elif case == "dtd":
        _sheet_bomb(base, path)
    else:
        xml = _rekap_xml(base).replace("</sheetData>", '<row r="99999"><c r="Z99999"><v>1</v></c></row></sheetData>')
        _with(base, path, {REKAP_PART: xml})
    with pytest.raises(WorkbookError) as info:
        load(path)
    assert isinstance(info.value, LkjipError)
    assert str(info.value).startswith(f"{path}: ")
