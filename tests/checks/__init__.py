"""Planted-fault tests of the checks, and the helpers they share.

A test builds a workbook from a small report (``EXTENDED_YAML``: two kelompok, three programs, every
sheet filled), plants the mistake a staff member makes, evaluates it once with the formulas engine
and asserts the finding at the right cell with the right rule and severity.

Rows inserted or deleted are planted as Excel does it (``excel_insert_rows``/``excel_delete_rows``
move the cells *and* adjust every formula and defined name that refers to them, turning references
to deleted cells into ``#REF!``). openpyxl's own ``insert_rows``/``delete_rows`` only move cells,
which no real user ever ends up with.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import openpyxl
import yaml
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.workbook.workbook import Workbook

from lkjip_xl import layout as lay
from lkjip_xl import loads_report
from lkjip_xl import model as m
from lkjip_xl.expected import named_cell, named_rows, read_rekap_rows
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.layout import REKAP_LAYOUT, RekapKind
from lkjip_xl.writer import write_workbook
from tests.conftest import MINIMAL_YAML

L = REKAP_LAYOUT
LAP = L.years["laporan"]
DAS = L.years["dasar"]
REKAP = L.sheet
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

#: The rules that compare the workbook's formulas with the layout's (the owner's checks).
FORMULA_RULES = ("rumus-tertimpa", "rumus-berbeda", "rentang-salah", "nilai-berbeda", "persentase-dijumlah",
                 "galat-rumus")
#: The rules about the data the staff typed.
DATA_RULES = ("realisasi-melebihi-pagu", "isian-kurang", "tabel-tidak-sesuai", "jumlah-tidak-sesuai",
              "struktur-berubah")


def _extended() -> dict[str, Any]:
    """tests/conftest.py's MINIMAL_YAML, extended so that every sheet has something to check."""
    data = yaml.safe_load(MINIMAL_YAML)
    data["data_umum"] = {
        "luas_wilayah_km2": "40,99",
        "kelurahan": [{"nama": "Kelurahan A", "jumlah_rt_rw": 16},
                      {"nama": "Kelurahan B", "jumlah_rt_rw": 20, "rt": 15, "rw": 5}],
        "sdm": {"jumlah_pegawai": 10,
                "pendidikan": [{"jenjang": "S1", "jumlah": 6}, {"jenjang": "SMA", "jumlah": 4}],
                "pangkat": [{"jenjang": "Penata/ III c", "jumlah": 7}, {"jenjang": "Pengatur/ II c", "jumlah": 3}],
                "eselon": [{"jenjang": "III a", "jumlah": 1}, {"jenjang": "IV a", "jumlah": 2},
                           {"jenjang": "Non eselon", "jumlah": 7}]},
    }
    data["perjanjian_kinerja"] = [
        {"no": 1, "sasaran": "Meningkatnya kualitas pelayanan publik", "indikator": [
            {"kode": "IKU-1", "uraian": "Indeks Kepuasan Masyarakat", "satuan": "%", "target": 75},
            {"kode": "IKU-2", "uraian": "Cakupan pelayanan PATEN tepat waktu", "satuan": "%", "target": 100}]},
        {"no": 2, "sasaran": "Meningkatnya akuntabilitas kinerja", "indikator": [
            {"kode": "IKU-3", "uraian": "Nilai SAKIP", "satuan": "skor", "target": 48}]},
    ]
    data["pengukuran"] = [
        {"no": 1, "sasaran": "Meningkatnya kualitas pelayanan publik", "indikator": [
            {"kode": "IKU-1", "uraian": "Indeks Kepuasan Masyarakat", "satuan": "%", "target": 75,
             "realisasi": "77,44"},
            {"kode": "IKU-2", "uraian": "Cakupan pelayanan PATEN tepat waktu", "satuan": "%", "target": 100,
             "realisasi": 100}]},
        {"no": 2, "sasaran": "Meningkatnya akuntabilitas kinerja", "indikator": [
            {"kode": "IKU-3", "uraian": "Nilai SAKIP", "satuan": "skor", "target": 48, "realisasi": "40,28"}]},
    ]
    data["indikator_formula"] = [
        {"kode": "IKU-2", "uraian": "Cakupan pelayanan PATEN tepat waktu", "satuan": "%",
         "pembilang": "Jumlah pelayanan PATEN tepat waktu", "penyebut": "Jumlah seluruh pelayanan PATEN",
         "nilai_pembilang": 2145, "nilai_penyebut": 2145},
        {"program": "5001.11", "uraian": "Capaian pembangunan infrastruktur kecamatan", "satuan": "%",
         "pembilang": "Jumlah infrastruktur dibangun", "penyebut": "Jumlah infrastruktur direncanakan",
         "nilai_pembilang": 4, "nilai_penyebut": 7},
    ]
    non_urusan = data["rekap"]["kelompok"][0]
    non_urusan["program"].append({
        "kode": "5001.01", "nama": "Program Pelayanan Administrasi Perkantoran",
        "indikator": [{"uraian": "Evaluasi SAKIP", "dasar": {"target": "CC", "realisasi": "CC"},
                       "laporan": {"target": 80, "realisasi": 80}}],
        "kegiatan": [
            {"kode": "5001.500105.01.001", "nama": "Pelayanan Administrasi Perkantoran",
             "dasar": {"pagu": "210.849.520", "realisasi_rp": "198.839.289"},
             "laporan": {"pagu": "317.076.000", "realisasi_rp": "315.469.078"},
             "indikator": [
                 {"uraian": "Tersedianya pelayanan administrasi perkantoran",
                  "dasar": {"target": 12, "realisasi": 12}, "laporan": {"target": 12, "realisasi": 12}},
                 {"uraian": "Terbayarnya jasa kebersihan kantor", "laporan": {"target": 12, "realisasi": 10}}]},
            {"kode": "5001.500105.01.003", "nama": "Pemeliharaan Rutin Gedung Kantor",
             "laporan": {"pagu": "50.000.000", "realisasi_rp": "48.500.000"},
             "indikator": [{"uraian": "Terpeliharanya gedung kantor", "laporan": {"target": 1, "realisasi": 1}}]},
        ],
    })
    data["rekap"]["kelompok"].append({
        "nama": "URUSAN KEWILAYAHAN",
        "program": [{
            "kode": "5001.11", "nama": "Program Peningkatan Infrastruktur Kecamatan",
            "indikator": [{"uraian": "Capaian pembangunan infrastruktur kecamatan", "satuan": "%",
                           "laporan": {"target": 40, "realisasi": "57,142"}}],
            "kegiatan": [{
                "kode": "5001.500105.11.001", "nama": "Pelayanan Administrasi Terpadu Kecamatan (PATEN)",
                "dasar": {"pagu": "30.000.000", "realisasi_rp": "29.000.000"},
                "laporan": {"pagu": "35.000.000", "realisasi_rp": "34.100.000"},
                "indikator": [{"uraian": "Lama pelayanan PATEN", "metode": "negatif", "satuan": "hari",
                               "dasar": {"target": 5, "realisasi": 4}, "laporan": {"target": 5, "realisasi": 6}},
                              {"uraian": "Persentase berkas lengkap", "metode": "rentang", "satuan": "%",
                               "laporan": {"target": {"min": 80, "max": 90}, "realisasi": "92,5"}},
                              {"uraian": "Opini BPK atas laporan keuangan", "satuan": "opini",
                               "dasar": {"target": "WTP", "realisasi": "WDP"}}],
            }],
        }],
    })
    data["keuangan"] = {"btl": "500.000.000", "bl": "814.839.920", "realisasi": "1.280.000.000",
                        "rincian": [{"uraian": "Pagu anggaran kelurahan", "nilai": "412.763.920"}]}
    return data


EXTENDED_YAML = yaml.safe_dump(_extended(), allow_unicode=True, sort_keys=False)


def extended_report(change: Callable[[dict[str, Any]], None] | None = None) -> m.Report:
    """The extended report, optionally changed (as data) before it is loaded."""
    data = _extended()
    if change is not None:
        change(data)
    return loads_report(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "extended.yaml")


# -- a built workbook and where its rows are ----------------------------------------------------------------
@dataclass
class Built:
    path: Path
    report: m.Report

    def rows(self) -> list:
        wb = openpyxl.load_workbook(self.path)
        sheet, first, last = named_rows(wb, lay.NAME_REKAP_TABLE)
        return read_rekap_rows(wb[sheet], first, last)

    def row(self, kind: RekapKind, kunci: str) -> int:
        """The row of a Rekap row of this kind whose Kunci is ``kunci`` (a program kode, a kegiatan
        kode with or without its program, ``<kegiatan>#n`` for an indicator, a kelompok name, OPD)."""
        for r in self.rows():
            if r.kind is kind and (r.kunci == kunci or r.kunci.endswith("/" + kunci)):
                return r.row
        raise KeyError((kind, kunci))

    def cell(self, name: str) -> tuple[str, str]:
        """(sheet, cell) of a defined name."""
        found = named_cell(openpyxl.load_workbook(self.path), name)
        assert found is not None, name
        return found

    def table_row(self, table: lay.Table, n: int = 0) -> tuple[str, int]:
        """(sheet, row) of the n-th data row of a named table."""
        sheet, first, _ = named_rows(openpyxl.load_workbook(self.path), table.name)
        return sheet, first + n


def build(report: m.Report, path: Path) -> Built:
    write_workbook(report, path)
    return Built(path, report)


def edit(src: Built | Path, dst: Path, *changes: Callable[[Workbook], None]) -> Path:
    """A copy of a workbook with ``changes`` made through openpyxl (as a user would, cell by cell)."""
    shutil.copyfile(src.path if isinstance(src, Built) else src, dst)
    wb = openpyxl.load_workbook(dst)
    for change in changes:
        change(wb)
    wb.save(dst)
    return dst


def check(path: Path) -> list[Finding]:
    """Every finding of a workbook file, as `lkjip-xl check` finds them (the default engine recomputes it)."""
    from lkjip_xl.recalc import check_file

    return check_file(path).findings


def check_with_context(path: Path):
    """(findings, CheckContext) of a workbook file, for tests that run one check on its own."""
    from lkjip_xl.recalc import check_file

    result = check_file(path)
    return result.findings, result.context


def find(findings: Iterable[Finding], rule: str | None = None, sheet: str | None = None, cell: str | None = None,
         severity: Severity | None = None) -> list[Finding]:
    return [f for f in findings
            if (rule is None or f.rule == rule) and (sheet is None or f.sheet == sheet)
            and (cell is None or f.cell == cell) and (severity is None or f.severity is severity)]


def one(findings: Iterable[Finding], rule: str, sheet: str, cell: str, severity: Severity) -> Finding:
    """The single finding of ``rule`` at ``sheet!cell``, with ``severity``; a readable failure otherwise."""
    findings = list(findings)
    hits = find(findings, rule, sheet, cell)
    assert len(hits) == 1, (f"expected one [{rule}] at {sheet}!{cell}, got {len(hits)}; findings:\n"
                            + describe(findings))
    assert hits[0].severity is severity, describe(hits)
    return hits[0]


def describe(findings: Iterable[Finding]) -> str:
    return "\n".join(f"  {f.severity.value:<10} {f.sheet}!{f.cell:<8} [{f.rule}] {f.message}" for f in findings)


# -- rows inserted and deleted the way Excel does it ------------------------------------------------------
_REF = re.compile(r"^(?P<sheet>(?:'(?:[^']|'')+'|[^'!:]+)!)?"
                  r"(?P<a>\$?[A-Za-z]{1,3}\$?\d+)(?::(?P<b>\$?[A-Za-z]{1,3}\$?\d+))?$")
_CELL = re.compile(r"^(\$?[A-Za-z]{1,3})(\$?)(\d+)$")


def _sheet_of(prefix: str | None, own: str) -> str:
    if not prefix:
        return own
    name = prefix[:-1]
    if name.startswith("'"):
        name = name[1:-1].replace("''", "'")
    return name


def _shift_ref(ref: str, own_sheet: str, target: str, move: Callable[[int, int], tuple[int, int] | None]) -> str:
    m_ = _REF.match(ref)
    if not m_ or _sheet_of(m_.group("sheet"), own_sheet) != target:
        return ref
    prefix = m_.group("sheet") or ""
    a, b = m_.group("a"), m_.group("b")
    ca, cb = _CELL.match(a), _CELL.match(b or a)
    r1, r2 = int(ca.group(3)), int(cb.group(3))
    moved = move(r1, r2)
    if moved is None:
        return prefix + "#REF!"
    n1, n2 = moved
    new_a = f"{ca.group(1)}{ca.group(2)}{n1}"
    if b is None:
        return prefix + new_a
    return f"{prefix}{new_a}:{cb.group(1)}{cb.group(2)}{n2}"


def _adjust(wb: Workbook, target: str, move: Callable[[int, int], tuple[int, int] | None]) -> None:
    """Rewrite every formula and defined name of ``wb`` that refers to rows of sheet ``target``."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    tok = Tokenizer(c.value)
                    for t in tok.items:
                        if t.type == Token.OPERAND and t.subtype == Token.RANGE:
                            t.value = _shift_ref(t.value, ws.title, target, move)
                    c.value = "=" + "".join(t.value for t in tok.items)
    for name, dn in list(wb.defined_names.items()):
        if dn.attr_text:
            dn.attr_text = _shift_ref(dn.attr_text, "", target, move)


def excel_insert_rows(wb: Workbook, sheet: str, idx: int, amount: int = 1) -> None:
    """Insert ``amount`` blank rows before row ``idx`` as Excel does: references at or below ``idx``
    move down, so a range that spans ``idx`` grows and one that ends just above it does not."""
    wb[sheet].insert_rows(idx, amount)

    def move(r1: int, r2: int) -> tuple[int, int]:
        return (r1 + amount if r1 >= idx else r1), (r2 + amount if r2 >= idx else r2)

    _adjust(wb, sheet, move)


def excel_delete_rows(wb: Workbook, sheet: str, idx: int, amount: int = 1) -> None:
    """Delete rows ``idx``..``idx+amount-1`` as Excel does: references below move up, a range loses
    the deleted rows, and a reference to nothing but deleted cells becomes ``#REF!``."""
    last = idx + amount - 1
    wb[sheet].delete_rows(idx, amount)

    def move(r1: int, r2: int) -> tuple[int, int] | None:
        if idx <= r1 and r2 <= last:
            return None
        n1 = r1 if r1 < idx else (idx if r1 <= last else r1 - amount)
        n2 = r2 if r2 < idx else (idx - 1 if r2 <= last else r2 - amount)
        return n1, n2

    _adjust(wb, sheet, move)


def current_row(wb: Workbook, kind: RekapKind, kunci: str, occurrence: int = 0) -> int:
    """The row of a Rekap row (by its hidden Jenis and Kunci) in a workbook being edited."""
    ws = wb[REKAP]
    found = [c.row for c in ws[L.jenis] if c.value == kind.value
             and (ws[f"{L.kunci}{c.row}"].value == kunci or str(ws[f"{L.kunci}{c.row}"].value).endswith("/" + kunci))]
    return found[occurrence]


def copy_rows(wb: Workbook, sheet: str, src: int, dst: int, amount: int = 1) -> None:
    """Copy rows ``src``.. to ``dst``.. as Excel's copy and paste does: values as they are, formulas
    with their relative references moved by the distance."""
    from openpyxl.formula.translate import Translator

    ws = wb[sheet]
    for i in range(amount):
        for cell in ws[src + i]:
            target = ws.cell(dst + i, cell.column)
            value = cell.value
            if isinstance(value, str) and value.startswith("="):
                value = Translator(value, origin=cell.coordinate).translate_formula(target.coordinate)
            target.value = value
            target._style = cell._style


def add_kegiatan_at_end(wb: Workbook, program: str = "5001.01") -> int:
    """What staff do to add a kegiatan: insert two rows above the program's rata-rata row and type
    the kegiatan (kode in column A, name, pagu, realisasi) and its indicator below it, without the
    hidden Jenis and Kunci. Returns the kegiatan's row."""
    at = current_row(wb, RekapKind.RATA_RATA_PROGRAM, program)
    excel_insert_rows(wb, REKAP, at, 2)
    set_cells(REKAP, {f"{L.kode}{at}": "5001.500105.01.004", f"{L.uraian}{at}": "Penyediaan Jasa Kebersihan",
                      f"{LAP.pagu}{at}": 10000000, f"{LAP.realisasi_rp}{at}": 9500000,
                      f"{L.indikator}{at + 1}": "Terbayarnya jasa kebersihan", f"{L.satuan}{at + 1}": "bulan",
                      f"{LAP.target}{at + 1}": 12, f"{LAP.realisasi}{at + 1}": 12})(wb)
    return at


def set_cells(sheet: str, values: dict[str, Any]) -> Callable[[Workbook], None]:
    """A change that types ``values`` into cells of ``sheet``."""

    def change(wb: Workbook) -> None:
        for ref, value in values.items():
            wb[sheet][ref].value = value

    return change

