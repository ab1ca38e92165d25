"""A report started from a table of programs, kegiatan and sub-kegiatan with kode and pagu: an
export of the DPA (Dokumen Pelaksanaan Anggaran) or of SIPD, saved as .xlsx or .csv.

The columns are found by their headers, in the first rows of the first sheet that has them:

* **kode**: ``Kode``, ``Kode Rekening``, ``Kode Program/Kegiatan``, ``No Rek``, ``Kode RKA``;
* **uraian** (needed): ``Uraian``, ``Nama``, ``Program/Kegiatan/Sub Kegiatan``, ``Nomenklatur``,
  ``Program / Kegiatan / Uraian``;
* **pagu** (if there is one): ``Pagu``, ``Pagu Anggaran``, ``Anggaran``, ``Jumlah``, ``Nilai``,
  ``Jumlah / Total Pagu``;
* **jenis** (if there is one): ``Jenis``, ``Level``, ``Tingkat`` holding program / kegiatan / sub
  kegiatan.

Spaces around a slash in a header do not count (``Jumlah / Total Pagu`` is ``Jumlah/Total Pagu``).
A table with a kode column is looked for first, in every sheet, so every table read before a kode
in the uraian was accepted still reads the same. Then a table without one: SIPD exports put the kode at the head
of the uraian cell (``5.01.01.2.01 Penyusunan Dokumen ...``, ``1.01.01 - Program Penunjang ...``), and
the kode is split off there; rows whose uraian does not start with a kode are skipped, as rows
without a kode are.

A row's level is its jenis when the table has one, else its kode's depth: the kode of
Permendagri 90/2019 (``1.01.01`` program, ``1.01.01.2.01`` kegiatan, ``1.01.01.2.01.0001``
sub-kegiatan; shorter: urusan and bidang), and otherwise the deepest two (LKjIP) or three
(Renja) depths of the table. An RKA-K/L (a ministry's RKA: program ``113.01.06``, kegiatan ``5096``,
output ``5096.001``, then sub-output and komponen) is read by the shape of its kode: program,
kegiatan, output as sub-kegiatan; sub-output and komponen are detail below the report. Rows
above the programs (urusan, bidang) head the programs under
them: the LKjIP's kelompok, the Renja's urusan and bidang. Each program and unit gets one empty
indicator row to type into. Pagu goes to the kegiatan (LKjIP: the sum of its sub-kegiatan when
the kegiatan has none of its own) or to the budget units (Renja).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from lkjip_xl import model as m
from lkjip_xl.errors import NumberFormatError, TableError
from lkjip_xl.parsing import parse_number
from lkjip_xl.renja import model as rm
from lkjip_xl.start.template_rows import blank_indikator, blank_renja_indikator
from lkjip_xl.rules.numbers import to_decimal
from lkjip_xl.workbook_kind import refuse_unreadable
from lkjip_xl.ooxml import safety
from lkjip_xl.ooxml.sheet import read_worksheets

HEADERS = {
    "kode": ("kode", "kode rekening", "kode program/kegiatan", "kode program/kegiatan/sub kegiatan", "no rek",
             "no. rek", "kd rek", "kode rek", "kode rka"),
    "uraian": ("uraian", "nama", "program/kegiatan/sub kegiatan", "program/kegiatan", "nomenklatur",
               "uraian program/kegiatan/sub kegiatan", "nama program/kegiatan/sub kegiatan", "urusan/bidang/program/kegiatan",
               "program / kegiatan / sub kegiatan", "program/kegiatan/uraian"),
    "pagu": ("pagu", "pagu anggaran", "anggaran", "jumlah", "nilai", "jumlah anggaran", "pagu indikatif", "total",
             "jumlah/total pagu", "total pagu", "jumlah pagu"),
    "jenis": ("jenis", "level", "tingkat"),
}
NEEDED = ("kode", "uraian")
#: A kode at the head of an uraian cell: ``5.01.01.2.01 Penyusunan ...``, ``1.01.01 - Program ...``,
#: ``X.XX.01 PROGRAM ...`` (SIPD's placeholder for a program of every urusan); it must hold a digit.
KODE_IN_URAIAN = re.compile(r"^((?:\d+|[Xx]+)(?:\.[0-9A-Za-z]+)*)\.?(?:\s*[-\u2013\u2014:]\s*|\s+)(\S.*)$", re.S)
#: RKA-K/L kode: program (bagian anggaran.eselon.program), kegiatan, output.
RKA_KL = {"program": re.compile(r"^\d{3}\.\d{2}\.\d{2}$"), "kegiatan": re.compile(r"^\d{4}$"),
          "sub_kegiatan": re.compile(r"^\d{4}\.[0-9A-Za-z]{3}$")}
#: How far down the header row is looked for.
HEADER_ROWS = 30
LEVELS = ("program", "kegiatan", "sub_kegiatan")


@dataclass
class Item:
    row: int
    kode: str
    uraian: str
    pagu: Decimal | None
    level: str | None = None  # program / kegiatan / sub_kegiatan; "heading" above programs
    children: list[Item] = field(default_factory=list)


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "").replace("\n", " ")).strip().lower().rstrip(":")


def _header(text: Any) -> str:
    return re.sub(r"\s*/\s*", "/", _norm(text))


def _text(value: Any) -> str:
    """A cell's text with Excel's ``_x000D_`` escapes decoded (a line break typed in the cell, as RKA
    exports store it: ``Operasi Intelijen_x000D_[Base Line]``), the break made one ``\\n``."""
    text = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), str(value))
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _kode(value: Any) -> str:
    """A kode cell as text: a kode typed as a number (``16``, ``16.001``) is read back as Excel shows it,
    without a ``.0`` (a trailing zero Excel dropped, ``16.010`` as 16.01, cannot come back)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value or "").strip()


def _rows(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """(sheet name, rows of values) of every sheet of an .xlsx, or the one table of a .csv."""
    if path.suffix.lower() == ".csv":
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        return [(path.name, [list(r) for r in csv.reader(text.splitlines(), _dialect(text))])]

    refuse_unreadable(path)  # .xls, .ods, a web page or a text file named .xlsx: told what to do, in Indonesian
    safety.check_package(path)
    return [(name, cells.values) for name, cells in read_worksheets(path, cached=True)[1].items()]


def _dialect(text: str) -> Any:
    """The csv dialect of ``text``. The sniffer gives up on an export with a title line above the table
    and commas inside names (``Perencanaan, Penganggaran, ...`` in a ``;`` table); then the delimiter
    that splits the most lines into more than one field is taken."""
    if not text.strip():
        return csv.excel
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        lines = text.splitlines()[:200]
        best = max(",;\t", key=lambda d: sum(len(r) > 1 for r in csv.reader(lines, delimiter=d)))
        return type("Found", (csv.excel,), {"delimiter": best})


def _columns(rows: list[list[Any]], needed: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """(header row index, role -> column index) of the first row holding the ``needed`` headers."""
    for i, row in enumerate(rows[:HEADER_ROWS]):
        names = [_header(v) for v in row]
        found: dict[str, int] = {}
        for role, synonyms in HEADERS.items():
            for synonym in map(_header, synonyms):  # the first synonym found wins (in order of preference)
                hit = next((j for j, n in enumerate(names) if n == synonym and j not in found.values()), None)
                if hit is not None:
                    found[role] = hit
                    break
        if all(r in found for r in needed):
            return i, found
    return None


def _kode_and_uraian(kode_cell: Any, uraian_cell: Any, split: bool) -> tuple[str, str] | None:
    """A row's (kode, uraian), or None for a row that is no program/kegiatan (a title, a total).
    ``split``: the table has no kode column, the kode heads the uraian cell."""
    if split:
        hit = KODE_IN_URAIAN.match(_text(uraian_cell or "")) if isinstance(uraian_cell, str) else None
        if hit is None or not re.search(r"\d", hit.group(1)):
            return None
        return hit.group(1), hit.group(2).strip()
    kode = _kode(kode_cell)
    if not kode or not re.match(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*\.?$", kode):
        return None
    return kode.rstrip("."), _text(uraian_cell or "")


def read_table(path: Path) -> tuple[str, list[Item]]:
    """The table's rows with a kode (sheet name, items); a clear error naming the columns needed."""
    try:
        sheets = _rows(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TableError(f"{path}: tidak dapat dibaca sebagai tabel .xlsx atau .csv ({exc})") from exc
    headed = None  # the first kode and uraian header row: a table with headers but no rows is told so
    for needed in (NEEDED, ("uraian",)):  # a kode column first, in every sheet; then a kode in the uraian
        for name, rows in sheets:
            found = _columns(rows, needed)
            if found is None:
                continue
            head, cols = found
            if needed == NEEDED:  # not a lone 'Nama' column of some other list
                headed = headed or (name, head + 1)
            split = "kode" not in cols
            items = []
            for i, row in enumerate(rows[head + 1:], head + 2):
                get = lambda role: row[cols[role]] if role in cols and cols[role] < len(row) else None  # noqa: E731
                row_kode = _kode_and_uraian(get("kode"), get("uraian"), split)
                if row_kode is not None:
                    items.append(Item(i, *row_kode, _pagu(get("pagu"), path, name, i), _level(get("jenis"))))
            if items:
                return name, items
    if headed is not None:
        raise TableError(f"{path}: sheet {headed[0]!r}: judul kolom ada di baris {headed[1]}, tetapi tidak ada "
                         "baris program/kegiatan berkode di bawahnya. Isi tabelnya dahulu, satu baris per "
                         "program/kegiatan dengan kodenya.")
    wanted = "; ".join(f"{role} (judul seperti {', '.join(repr(s.title()) for s in HEADERS[role][:3])})"
                       for role in NEEDED)
    raise TableError(f"{path}: tidak ditemukan tabel program/kegiatan. Kolom yang diperlukan, dikenali dari "
                     f"judulnya di {HEADER_ROWS} baris pertama: {wanted}, atau satu kolom uraian yang diawali "
                     "kode (seperti '1.01.01 - Program Penunjang ...'); kolom pagu (judul seperti 'Pagu', "
                     "'Anggaran', 'Jumlah') dan jenis ('Jenis', 'Level': program/kegiatan/sub kegiatan) dipakai "
                     "bila ada.")


def _pagu(value: Any, path: Path, sheet: str, row: int) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return to_decimal(value)
    try:
        return parse_number(str(value).replace("Rp", "").strip())
    except NumberFormatError as exc:
        raise TableError(f"{path}: sheet {sheet!r} baris {row}: pagu {value!r} bukan angka") from exc


def _level(value: Any) -> str | None:
    text = _norm(value).replace("-", " ")
    if text.startswith("sub"):
        return "sub_kegiatan"
    if text.startswith("kegiatan"):
        return "kegiatan"
    if text.startswith("program"):
        return "program"
    return None


def _depth(kode: str) -> int:
    return len([p for p in kode.split(".") if p])


def levels(items: list[Item], deepest: int) -> None:
    """Each item's level (see the module); ``deepest``: 2 for the LKjIP, 3 for the Renja."""
    if any(i.level for i in items):
        for i in items:
            i.level = i.level or "heading"
        return
    if any(RKA_KL["program"].match(i.kode) for i in items) and any(RKA_KL["kegiatan"].match(i.kode) for i in items):
        for i in items:
            i.level = next((lvl for lvl, shape in RKA_KL.items() if shape.match(i.kode)), "detail")
        return
    depths = sorted({_depth(i.kode) for i in items})
    if {3, 5} <= set(depths):  # Permendagri 90/2019
        by_depth = {3: "program", 5: "kegiatan", 6: "sub_kegiatan"}
    else:
        tail = depths[-3:] if len(depths) >= 3 and deepest == 3 else depths[-2:]
        by_depth = dict(zip(tail, LEVELS))
    for i in items:
        d = _depth(i.kode)
        i.level = by_depth.get(d) or ("heading" if d < min(by_depth) else "sub_kegiatan")


def tree(items: list[Item]) -> tuple[list[Item], dict[int, list[Item]]]:
    """The programs with their kegiatan and sub-kegiatan, and the headings above each program."""
    programs: list[Item] = []
    headings: dict[int, list[Item]] = {}
    open_headings: list[Item] = []
    program = kegiatan = None
    for item in items:
        if item.level == "heading":
            open_headings = [h for h in open_headings if _depth(h.kode) < _depth(item.kode)] + [item]
            program = kegiatan = None
        elif item.level == "program":
            program, kegiatan = item, None
            programs.append(item)
            headings[id(item)] = list(open_headings)
        elif item.level == "kegiatan" and program is not None:
            kegiatan = item
            program.children.append(item)
        elif item.level == "sub_kegiatan" and kegiatan is not None:
            kegiatan.children.append(item)
    return programs, headings


def from_table(path: Path, start: Any) -> m.Report | rm.RenjaReport:
    sheet, items = read_table(path)
    renja = start.jenis == "renja"
    levels(items, 3 if renja else 2)
    programs, headings = tree(items)
    if not programs:
        raise TableError(f"{path}: sheet {sheet!r}: tidak ada baris program (kode {', '.join(sorted({i.kode for i in items})[:3])} "
                         "...); beri kolom Jenis berisi program/kegiatan/sub kegiatan")
    tahun = start.tahun or date.today().year
    if renja:
        report = rm.RenjaReport(identitas=rm.Identitas(pemerintah_daerah=start.pemerintah_daerah or "",
                                                       opd=start.opd or "", tahun=tahun, triwulan=start.triwulan or 1))
        for p in programs:
            hs = headings.get(id(p), [])
            urusan = hs[0].uraian if len(hs) >= 2 else None
            bidang = hs[-1].uraian if hs else None
            report.program.append(rm.Program(
                nama=p.uraian, kode=p.kode, urusan=urusan, bidang=bidang, indikator=[blank_renja_indikator()],
                kegiatan=[_renja_kegiatan(k) for k in p.children]))
        return report
    ident = m.Identitas(pemerintah_daerah=start.pemerintah_daerah or "", instansi=start.opd or "",
                        tahun_laporan=tahun, tahun_dasar=tahun - 1)
    rekap = m.Rekap()
    for p in programs:
        hs = headings.get(id(p), [])
        name = hs[-1].uraian.upper() if hs and hs[-1].uraian else "PROGRAM"
        if not rekap.kelompok or rekap.kelompok[-1].nama != name:
            rekap.kelompok.append(m.Kelompok(nama=name))
        kegiatan = []
        for k in p.children:
            pagu = k.pagu if k.pagu is not None else (
                sum((s.pagu for s in k.children if s.pagu is not None), Decimal(0)) if k.children else None)
            kegiatan.append(m.Kegiatan(kode=k.kode, nama=k.uraian, indikator=[blank_indikator()],
                                       laporan=m.TahunRp(pagu=pagu) if pagu is not None else None))
        rekap.kelompok[-1].program.append(m.Program(kode=p.kode, nama=p.uraian, indikator=[blank_indikator()],
                                                    kegiatan=kegiatan))
    return m.Report(identitas=ident, rekap=rekap)


def _renja_kegiatan(k: Item) -> rm.Kegiatan:
    subs = [rm.SubKegiatan(nama=s.uraian, kode=s.kode, indikator=[blank_renja_indikator()],
                           anggaran=rm.Anggaran(pagu=s.pagu) if s.pagu is not None else None) for s in k.children]
    return rm.Kegiatan(nama=k.uraian, kode=k.kode, indikator=[blank_renja_indikator()], sub_kegiatan=subs,
                       anggaran=None if subs or k.pagu is None else rm.Anggaran(pagu=k.pagu))
