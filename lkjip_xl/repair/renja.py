"""The repair of a Renja evaluation workbook: the rows of the form staff added, copied or removed.

Pure, like :mod:`.lkjip`: the Renja reader's rows (a row without Jenis classified by what was
typed), the Renja plan's formulas (:func:`lkjip_xl.renja.plan.expected_formulas`), and the one
rule of :func:`~lkjip_xl.repair.decide.decide` for every computed cell. A program added needs its
two summary rows (rata-rata and predikat): it takes the first two empty rows after its block.
"""

from __future__ import annotations

from lkjip_xl import a1
from lkjip_xl.adapters.base import BookData, SheetData
from lkjip_xl.findings import Severity
from lkjip_xl.renja import layout as rl
from lkjip_xl.renja.layout import INDIKATOR_KINDS, LABELS, LAYOUT, RowKind
from lkjip_xl.renja.plan import RenjaRow, Structure, UnitBlock, expected_formulas, structure
from lkjip_xl.renja.reader import read_renja_book
from lkjip_xl.repair.decide import Action, aggregate_repaired, empty, write_expected
from lkjip_xl.repair.gate import TableColumns, untouched
from lkjip_xl.repair.edits import RANGE_REPAIRED, ROW_INCOMPLETE, ROW_REPAIRED, Repair
from lkjip_xl.repair.wording import columns_text, joined
from lkjip_xl.rules import PERMENDAGRI_86_2017, Bands

K = RowKind
L = LAYOUT
_FIRST, _LAST = a1.col_index(L.first_column), a1.col_index(L.last_column)
_JENIS, _KUNCI = a1.col_index(L.jenis), a1.col_index(L.kunci)
UNITS = (K.PROGRAM, K.KEGIATAN, K.SUB_KEGIATAN)
_WHAT = {K.PROGRAM: "program baru", K.KEGIATAN: "kegiatan baru", K.SUB_KEGIATAN: "sub-kegiatan baru",
         K.INDIKATOR_PROGRAM: "indikator program baru", K.INDIKATOR_KEGIATAN: "indikator kegiatan baru",
         K.INDIKATOR_SUB_KEGIATAN: "indikator sub-kegiatan baru", K.RATA_RATA_PROGRAM: "baris rata-rata program",
         K.PREDIKAT_PROGRAM: "baris predikat program"}
_COLUMN_NAMES = {L.realisasi.k: "realisasi", L.realisasi.rp: "realisasi", L.realisasi_renstra.k: "realisasi Renstra",
                 L.realisasi_renstra.rp: "realisasi Renstra", L.capaian.k: "capaian", L.capaian.rp: "capaian",
                 L.capaian_renstra.k: "capaian Renstra", L.capaian_renstra.rp: "capaian Renstra"}
for _col in L.rp_inputs():
    _COLUMN_NAMES.setdefault(_col, "jumlah")


_GATE = TableColumns(L.first_column, L.last_printed, L.jenis, L.kunci, (L.kode, L.uraian, L.indikator),
                     frozenset(k.value for k in (*UNITS, *INDIKATOR_KINDS)), K.PROGRAM.value,
                     (K.RATA_RATA_PROGRAM.value, K.PREDIKAT_PROGRAM.value))


def _text(sheet: SheetData, row: int, col: int) -> str:
    value = sheet.value_at(row, col)
    return "" if value is None else str(value).strip()


def _row_empty(sheet: SheetData, row: int) -> bool:
    return all(empty(sheet.value_at(row, c)) and sheet.formula_at(row, c) is None for c in range(_FIRST, _LAST + 1))


def _filled(r: RenjaRow) -> bool:
    if r.kind in UNITS:
        unit = {K.PROGRAM: r.program, K.KEGIATAN: r.kegiatan, K.SUB_KEGIATAN: r.sub}[r.kind]
        return unit is not None and bool(unit.kode or unit.nama)
    if r.kind in INDIKATOR_KINDS:
        return r.indikator is not None and bool(r.indikator.uraian)
    return False


def plan_renja(book: BookData, *, restore: bool = False, bands: Bands = PERMENDAGRI_86_2017) -> Repair:
    """The edits that make a Renja workbook whole again (see :mod:`lkjip_xl.repair`)."""
    repair = Repair()
    sheet = book.sheets.get(L.sheet)
    if sheet is None:
        return repair
    found = book.name_range(rl.NAME_TABLE)
    if not restore and found is not None and found[0] == L.sheet and untouched(sheet, found[1][0], found[1][2], _GATE):
        return repair
    read = read_renja_book(book)
    rows = list(read.rows)
    if not rows:
        return repair
    edits = repair.sheet(L.sheet, (_FIRST, _LAST))
    raw = {r.row: _text(sheet, r.row, _KUNCI) for r in rows}
    inserted = {r.row for r in rows if not _text(sheet, r.row, _JENIS)}
    copied: set[int] = set()
    named: set[int] = set()
    seen: set[tuple[RowKind, str]] = set()
    for r in rows:
        if r.row in inserted or r.kind not in (*UNITS, *INDIKATOR_KINDS):
            continue
        if not raw[r.row]:
            if _filled(r):
                named.add(r.row)
        elif (r.kind, raw[r.row]) in seen:
            copied.add(r.row)
        else:
            seen.add((r.kind, raw[r.row]))
    converted = _summary_rows(sheet, rows, repair)
    shape = structure(rows)
    listed = {r.row for r in rows}
    first, last = rows[0].row, rows[-1].row
    new_rows = inserted | copied | named | converted
    free = new_rows | {n for n in range(first, last + 1) if n not in listed}
    _hidden_columns(rows, shape, raw, inserted | converted, copied | named, edits)
    _formats(rows, shape, inserted | converted, edits)
    written = write_expected(expected_formulas(rows, shape, bands), sheet, L.sheet, edits.formulas, repair,
                             new_rows=new_rows, free=free, restore=restore)
    by_row = {r.row: r for r in rows}
    for row, cells in sorted(written.items()):
        _note(repair, by_row[row], cells, row in new_rows, sheet)
    return repair


def _summary_rows(sheet: SheetData, rows: list[RenjaRow], repair: Repair) -> set[int]:
    """A program added without its rata-rata and predikat rows takes the first two empty rows after
    its block (added to ``rows``); without them, it is said what to do."""
    made: set[int] = set()
    listed = sorted(r.row for r in rows)
    for prog in structure(rows).programs:
        if prog.rata_rata is not None and prog.predikat is not None:
            continue
        end = prog.last
        following = next((n for n in listed if n > end), end + 1)
        spare = [n for n in range(end + 1, following) if _row_empty(sheet, n)]
        missing = [k for k, have in ((K.RATA_RATA_PROGRAM, prog.rata_rata), (K.PREDIKAT_PROGRAM, prog.predikat))
                   if have is None]
        kode = prog.row.program.kode if prog.row.program is not None else None
        if len(spare) < len(missing):
            repair.note(ROW_INCOMPLETE, L.sheet, f"{L.kode}{prog.row.row}",
                        f"Program {kode or ''} (baris {prog.row.row}) belum memiliki baris "
                        f"{joined(chr(34) + LABELS[k] + chr(34) for k in missing)}: sisipkan {len(missing)} baris kosong "
                        f"di bawah baris terakhir bloknya (baris {end}), lalu Hitung Ulang.", severity=Severity.WARNING)
            continue
        for kind, n in zip(missing, spare):
            rows.append(RenjaRow(kind, n, prog.row.kunci or (kode or ""), label=LABELS[kind], program=prog.row.program))
            made.add(n)
    rows.sort(key=lambda r: r.row)
    return made


def _hidden_columns(rows: list[RenjaRow], shape: Structure, raw: dict[int, str], typed_in: set[int],
                    rekey: set[int], edits) -> None:
    """Jenis and Kunci of the rows added (a summary row's label too); the Kunci of a copied row
    and of a blank workbook's row once filled in."""
    kunci: dict[int, str] = {}  # row -> the Kunci it has (or gets)
    siblings: dict[str, int] = {}
    for r in rows:
        if r.kind in INDIKATOR_KINDS and r.row not in typed_in and r.row not in rekey and raw.get(r.row):
            parent, _, n = raw[r.row].rpartition("#")
            if n.isdigit():
                siblings[parent] = max(siblings.get(parent, 0), int(n))
    owner_of: dict[int, UnitBlock] = {}
    parent_of: dict[int, UnitBlock | None] = {}
    for prog in shape.programs:
        parent_of[prog.row.row] = None
        for unit in (prog, *prog.children, *(s for k in prog.children for s in k.children)):
            for ind in unit.indikator:
                owner_of[ind.row] = unit
        for keg in prog.children:
            parent_of[keg.row.row] = prog
            for sub in keg.children:
                parent_of[sub.row.row] = keg
        if prog.rata_rata is not None:
            owner_of[prog.rata_rata.row] = prog
        if prog.predikat is not None:
            owner_of[prog.predikat.row] = prog
    for r in rows:
        have = raw.get(r.row, "")
        kunci[r.row] = have
        if r.row in typed_in:
            edits.values[f"{L.jenis}{r.row}"] = r.kind.value
            if r.kind in (K.RATA_RATA_PROGRAM, K.PREDIKAT_PROGRAM):
                edits.values[f"{L.uraian}{r.row}"] = LABELS[r.kind]
        elif have and r.row not in rekey:
            continue
        want = ""
        if r.kind in UNITS:
            unit = {K.PROGRAM: r.program, K.KEGIATAN: r.kegiatan, K.SUB_KEGIATAN: r.sub}[r.kind]
            own = unit.kode if unit is not None and unit.kode else ""
            up = parent_of.get(r.row)
            if own:
                want = own if up is None else f"{kunci.get(up.row.row) or ''}/{own}"
        elif r.kind in INDIKATOR_KINDS and r.row in owner_of:
            parent = kunci.get(owner_of[r.row].row.row) or ""
            if parent:
                siblings[parent] = siblings.get(parent, 0) + 1
                want = f"{parent}#{siblings[parent]}"
        elif r.kind in (K.RATA_RATA_PROGRAM, K.PREDIKAT_PROGRAM) and r.row in owner_of:
            want = kunci.get(owner_of[r.row].row.row) or ""
        if want and want != have:
            edits.values[f"{L.kunci}{r.row}"] = want
            kunci[r.row] = want


def _formats(rows: list[RenjaRow], shape: Structure, added: set[int], edits) -> None:
    """Each row added takes the formats of the nearest row of its kind (for a kegiatan: one with
    sub-kegiatan or one without, as it is), above it, else below."""
    parents = {b.row.row for b in shape.units() if b.parent}

    def key(r: RenjaRow) -> tuple[RowKind, bool]:
        return r.kind, r.row in parents

    by_key: dict[tuple[RowKind, bool], list[int]] = {}
    for r in rows:
        if r.row not in added:
            by_key.setdefault(key(r), []).append(r.row)
    for r in rows:
        if r.row not in added:
            continue
        same = by_key.get(key(r)) or by_key.get((r.kind, not key(r)[1]), [])
        above = [n for n in same if n < r.row]
        source = above[-1] if above else (same[0] if same else None)
        if source is not None:
            edits.formats[r.row] = source


def _note(repair: Repair, r: RenjaRow, cells: list[tuple[str, Action, set[int]]], new: bool, sheet: SheetData) -> None:
    names = _COLUMN_NAMES
    if r.kind in (K.RATA_RATA_PROGRAM, K.PREDIKAT_PROGRAM):
        names = {a1.column_of(c): "predikat" if r.kind is K.PREDIKAT_PROGRAM else "rata-rata" for c, _, _ in cells}
    what = columns_text((c for c, _, _ in cells), names)
    if new:
        kode = _text(sheet, r.row, a1.col_index(L.kode))
        uraian = _text(sheet, r.row, a1.col_index(L.indikator)) if r.kind in INDIKATOR_KINDS else ""
        name = f" {kode}" if kode and r.kind in UNITS else f" \"{uraian}\"" if uraian else ""
        repair.note(ROW_REPAIRED, L.sheet, f"{L.first_column}{r.row}",
                    f"Baris {r.row}: {_WHAT.get(r.kind, r.kind.value.replace('_', ' '))}{name}, rumus {what} ditambahkan.")
        return
    repair.note(RANGE_REPAIRED, L.sheet, cells[0][0], f"Baris {r.row} ({_label(r, sheet)}): rumus {what} {aggregate_repaired(cells)}.")


def _label(r: RenjaRow, sheet: SheetData) -> str:
    """``kegiatan 1.01.01.02``, ``rata-rata program 1.01.01``, ``jumlah OPD``."""
    if r.kind in UNITS:
        kode = _text(sheet, r.row, a1.col_index(L.kode))
        return f"{r.kind.value.replace('_', '-')}{' ' + kode if kode else ''}"
    if r.kind in (K.RATA_RATA_PROGRAM, K.PREDIKAT_PROGRAM):
        kode = r.program.kode if r.program is not None and r.program.kode else ""
        return f"{'rata-rata' if r.kind is K.RATA_RATA_PROGRAM else 'predikat'} program{' ' + kode if kode else ''}"
    return {K.JUMLAH_OPD: "jumlah OPD", K.RATA_RATA_OPD: "rata-rata OPD", K.PREDIKAT_OPD: "predikat OPD"}.get(
        r.kind, r.kind.value.replace("_", " "))
