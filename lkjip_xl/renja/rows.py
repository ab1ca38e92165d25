"""The rows of an office's own Renja form, sorted into the hierarchy they stand for.

A hand-made form says what a row is in several ways, none of them everywhere: the name ("Program
..."), the kode (its depth: 1 / 1.01 / 1.01.01 / ...), which rows its totals add up (a kegiatan row
whose Rp is ``SUM`` of the rows below it has sub-kegiatan), bold and indentation, and position. The
rows are read with all of them, in this order of trust:

1. a **program** is named "Program ..." (the nomenclature of Permendagri 90/2019 and 13/2006
   alike); without any such name, the bold rows (or the shallowest kode) are;
2. an **urusan / bidang** heading is a row above programs: its totals add up programs (or other
   headings), or its kode is shorter than the programs', or it stands right above a program or a
   heading with no amount of its own;
3. inside a program's block, a row whose Rp totals add up rows below it is a **kegiatan with
   sub-kegiatan**, and the rows after it up to the next such row are its sub-kegiatan; without such
   totals, two kode depths (or indentations, or bold against plain) tell kegiatan from
   sub-kegiatan, and one kind alone are all kegiatan;
4. a row with an indicator but no name is **one more indicator** of the row above it; a row named
   "Rata-rata ...", "Jumlah ...", "Predikat ..." (or a row of formulas without a name under one)
   is a **summary**, of its program or, after the last block, of the whole OPD; the table ends at
   "Faktor pendorong / penghambat / tindak lanjut", the signature block, or three empty rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkjip_xl.renja.foreign import CellLook, SheetCells
from lkjip_xl.renja.form import FormMap, normalise
from lkjip_xl.formula_text import analyse

SUMMARY = re.compile(r"^(rata|jumlah|total|predikat|capaian kinerja|tingkat capaian|nilai rata)|seluruh program")
TEXT_ROW = re.compile(r"^(faktor pendorong|faktor penghambat|tindak lanjut)")
SIGNATURE = re.compile(r"^(kepala|nip\b|nip\.|mengetahui|disusun|dievaluasi|\(\s*[.…]{3})|, tanggal|"
                       r"^[a-z .]+, +(\d{1,2} +)?(januari|februari|maret|april|mei|juni|juli|agustus|september|"
                       r"oktober|november|desember)\b")

OPD = re.compile(r"seluruh|\bopd\b|perangkat daerah")

LEVELS = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")


@dataclass(eq=False)
class FormRow:
    row: int
    kind: str  # "unit", "indikator", "summary", "total"
    uraian: str | None = None
    indikator: str | None = None
    satuan: str | None = None
    kode: str | None = None
    kode_depth: int = 0
    label: str | None = None
    bold: bool = False
    indent: int = 0
    level: str | None = None  # for units: one of LEVELS
    parent: FormRow | None = None
    children: list[FormRow] = field(default_factory=list)
    extra: list[FormRow] = field(default_factory=list)  # indicator rows under a unit
    owner: FormRow | None = None  # the unit of an indicator row; the program of a summary row
    refs: set[int] = field(default_factory=set)  # rows its Rp totals refer to
    typed: bool = False  # numbers typed (not formulas) in its Rp or quarter columns

    def subtree(self) -> list[FormRow]:
        out = [self]
        for c in self.children:
            out.extend(c.subtree())
        return out

    def is_leaf(self) -> bool:
        return self.kind == "unit" and not self.children and self.level not in ("urusan", "bidang")


@dataclass
class FormTable:
    rows: list[FormRow]
    end_row: int
    programs: list[FormRow] = field(default_factory=list)
    headings: list[FormRow] = field(default_factory=list)
    #: key -> (row, text) of the text rows under the table (faktor pendorong, ...)
    texts: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: rows with figures that could not be placed: (row, what)
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    by_row: dict[int, FormRow] = field(default_factory=dict)

    def units(self) -> list[FormRow]:
        return [r for r in self.rows if r.kind == "unit"]

    def block_of(self, row: int) -> FormRow | None:
        """The program whose block holds a row (None above the first program or after the last)."""
        for p in self.programs:
            if p.row <= row <= _block_end(self, p):
                return p
        return None


def _text(cells: SheetCells, row: int, col: int | None) -> str | None:
    if col is None:
        return None
    v = cells.value(row, col)
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s or None


def _numeric_columns(fm: FormMap) -> list[int]:
    return [c for p in fm.all_pairs() for c in (p.k, p.rp, p.pct) if c is not None]


def _rp_columns(fm: FormMap) -> list[int]:
    return [p.rp for p in fm.all_pairs() if p.rp is not None]


def _first_text(cells: SheetCells, row: int, last_col: int) -> str | None:
    for c in range(1, last_col + 1):
        t = _text(cells, row, c)
        if t and not t.replace(".", "").isdigit():
            return t
    return None


def kode_depth(parts: list[str]) -> int:
    """How deep a kode reaches: its parts that are not zero placeholders (``X.XX.01.2.01.00.01``,
    a kegiatan, reaches 6; its sub-kegiatan ``X.XX.01.2.01.01.01`` 7; ``1.01.01`` 3)."""
    return sum(1 for p in parts if p.strip() and p.strip().strip("0") != "")


def classify(cells: SheetCells, fm: FormMap, look=None) -> FormTable:
    """The table's rows, classified and linked into the hierarchy."""
    look = look or (lambda _: CellLook("General", False, 0, None, True))
    numeric = _numeric_columns(fm)
    rp_cols = _rp_columns(fm)
    typed_cols = rp_cols + [q.k for q in fm.triwulan if q.k is not None]
    label_end = max([fm.uraian, *(fm.kode or []), fm.no or 0])
    rows: list[FormRow] = []
    texts: dict[str, tuple[int, str]] = {}
    unplaced: list[tuple[int, str]] = []
    empty_run, end = 0, fm.first_data_row - 1
    for r in range(fm.first_data_row, cells.max_row + 1):
        row_texts = [_text(cells, r, c) for c in range(1, cells.max_col + 1)]
        present = [t for t in row_texts if t]
        if not present and not any(cells.formula(r, c) for c in range(1, cells.max_col + 1)):
            empty_run += 1
            if empty_run >= 3 and rows:
                break
            continue
        empty_run = 0
        lead = normalise(_first_text(cells, r, label_end) or "")
        if TEXT_ROW.match(lead):
            key = ("faktor_pendorong" if "pendorong" in lead else "faktor_penghambat" if "penghambat" in lead
                   else "tindak_lanjut_renja" if "renja" in lead or "rkpd" in lead else "tindak_lanjut_triwulan")
            texts[key] = (r, _first_text(cells, r, cells.max_col) or "")
            continue
        if any(SIGNATURE.search(normalise(t)) for t in present if isinstance(t, str)) or texts:
            break
        end = r
        uraian = _text(cells, r, fm.uraian)
        indikator = _text(cells, r, fm.indikator)
        label = lead or None
        has_figures = any(cells.value(r, c) not in (None, "") or cells.formula(r, c) for c in numeric)
        style = look(cells.style(r, fm.uraian))
        kode_parts = [_text(cells, r, c) for c in fm.kode]
        kode_parts = [k for k in kode_parts if k]
        kode = ".".join(kode_parts) if kode_parts else None
        depth = kode_depth(kode_parts if len(fm.kode) > 1 else (kode.split(".") if kode else []))
        fr = FormRow(r, "unit", uraian=uraian, indikator=indikator, satuan=_text(cells, r, fm.satuan), kode=kode,
                     kode_depth=depth, bold=style.bold, indent=style.indent)
        name = normalise(uraian or label or "")
        if name and SUMMARY.search(name) and not name.startswith("program"):
            fr.kind, fr.label, fr.uraian = "summary", uraian or label, None
        elif uraian and not uraian.replace(".", "").isdigit():
            fr.kind = "unit"
        elif indikator:
            fr.kind = "indikator"
        elif has_figures:
            fr.kind = "summary" if rows and rows[-1].kind == "summary" else "total"
        else:
            continue
        fr.typed = any(isinstance(cells.value(r, c), (int, float)) and not cells.formula(r, c)
                       for c in typed_cols)
        for c in rp_cols:
            f = cells.formula(r, c)
            if f:
                for ref in analyse(f).refs:
                    if ref.sheet is None and ref.c1 == ref.c2 == c:
                        fr.refs.update(x for x in ref.rows() if x != r)
        rows.append(fr)
    table = FormTable(rows, end, texts=texts, unplaced=unplaced, by_row={r.row: r for r in rows})
    _levels(table)
    _link(table)
    return table


def _levels(t: FormTable) -> None:
    units = t.units()
    programs = [u for u in units if normalise(u.uraian).startswith("program")]
    if not programs:
        bold = [u for u in units if u.bold]
        if bold and len(bold) < len(units):
            programs = bold
        else:
            depths = sorted({u.kode_depth for u in units if u.kode_depth})
            programs = [u for u in units if depths and u.kode_depth == depths[0]] if depths else units
    for p in programs:
        p.level = "program"
    t.programs = programs
    program_rows = {p.row for p in programs}
    program_depth = min((p.kode_depth for p in programs if p.kode_depth), default=0)
    # Headings, from the bottom up (a heading may stand above another heading).
    headings: set[int] = set()
    for i in range(len(units) - 1, -1, -1):
        u = units[i]
        if u.level == "program":
            continue
        below = units[i + 1] if i + 1 < len(units) else None
        sums_up = bool(u.refs & (program_rows | headings))
        short_kode = program_depth and u.kode_depth and u.kode_depth < program_depth
        above = below is not None and (below.row in program_rows or below.row in headings)
        if sums_up or short_kode or (above and not u.indikator and not u.typed):
            headings.add(u.row)
            u.level = "bidang"
    for u in units:
        if u.row in headings:
            nxt = next((v for v in units if v.row > u.row), None)
            if nxt is not None and nxt.row in headings:
                u.level = "urusan"
    t.headings = [u for u in units if u.row in headings]
    # Inside each program's block.
    for p in programs:
        members = [u for u in units if p.row < u.row <= _block_end(t, p) and u.level is None]
        parents = [u for u in members if any(r > u.row and r in {m.row for m in members} for r in u.refs)]
        if parents:
            current = None
            for u in members:
                if u in parents:
                    current, u.level = u, "kegiatan"
                elif current is not None:
                    u.level = "sub_kegiatan"
                else:
                    u.level = "kegiatan"
            continue
        for key in (lambda u: u.kode_depth, lambda u: u.indent, lambda u: 0 if u.bold else 1):
            values = sorted({key(u) for u in members})
            if len(values) == 2 and (key(members[0]) == values[0]):
                for u in members:
                    u.level = "kegiatan" if key(u) == values[0] else "sub_kegiatan"
                break
        else:
            for u in members:
                u.level = "kegiatan"


def _block_end(t: FormTable, p: FormRow) -> int:
    """The last row of a program's block: before the next program or heading (or the table's end)."""
    later = [r.row for r in t.rows if r.row > p.row and (r.level in ("program", "bidang", "urusan"))]
    return (min(later) - 1) if later else t.end_row


def _link(t: FormTable) -> None:
    """Parents and children, indicator rows to their unit, summary rows to their program."""
    stack: dict[str, FormRow] = {}
    last_unit: FormRow | None = None
    previous: FormRow | None = None
    order = {lvl: i for i, lvl in enumerate(LEVELS)}
    for r in t.rows:
        if r.kind == "unit":
            if r.level is None:
                r.level = "kegiatan"
            for lvl in LEVELS[order[r.level]:]:
                stack.pop(lvl, None)
            parent = None
            for lvl in reversed(LEVELS[:order[r.level]]):
                if lvl in stack:
                    parent = stack[lvl]
                    break
            if r.level == "sub_kegiatan" and "kegiatan" not in stack:
                r.level, parent = "kegiatan", stack.get("program", parent)
            r.parent = parent
            if parent is not None:
                parent.children.append(r)
            stack[r.level] = r
            last_unit = r
        elif r.kind == "indikator":
            r.owner = last_unit
            if last_unit is not None:
                last_unit.extra.append(r)
        else:
            label = normalise(r.label or "")
            if r.kind == "total" or OPD.search(label):
                r.owner = None
            elif not label and previous is not None and previous.kind == "summary":
                r.owner = previous.owner
            else:
                r.owner = t.block_of(r.row)
            last_unit = None
        previous = r
