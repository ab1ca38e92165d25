"""The repair of a LKjIP workbook: the Rekap rows staff added, copied or removed, and the tables of
the other sheets (a sasaran indicator typed into an inserted row, the Ringkasan's table of
programs).

Pure: a workbook read (:class:`~lkjip_xl.adapters.base.BookData`) in, the planned edits
(:class:`~lkjip_xl.repair.edits.Repair`) out. The rows are the reader's (so a row is read as it is
repaired); the formulas are the layout's (:func:`lkjip_xl.rekap_plan.expected_formulas`,
:func:`lkjip_xl.expected.simple_expected_formulas`): the repair writes what the generator would
have written for the same rows.
"""

from __future__ import annotations

from typing import Any

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl.adapters.base import BookData, SheetData
from lkjip_xl.layout import INDIKATOR_KINDS, REKAP_LABELS, REKAP_LAYOUT, RekapKind
from lkjip_xl.reader import read_book
from lkjip_xl.sheet_formulas import simple_formulas
from lkjip_xl.rekap_plan import ProgramBlock, RekapRow, expected_formulas, indikator_kunci, kegiatan_kunci, structure
from lkjip_xl.repair.decide import Action, aggregate_repaired, decide, empty, write_expected
from lkjip_xl.repair.gate import TableColumns, untouched
from lkjip_xl.repair.edits import RANGE_REPAIRED, ROW_INCOMPLETE, ROW_REPAIRED, Repair
from lkjip_xl.repair.wording import cell_restored, columns_text, joined
from lkjip_xl.findings import Severity
from lkjip_xl.start.template_rows import unused_indikator

K = RekapKind
L = REKAP_LAYOUT
_FIRST, _LAST = a1.col_index(L.first_column), a1.col_index(L.last_column)
_JENIS, _KUNCI = a1.col_index(L.jenis), a1.col_index(L.kunci)
_WHAT = {
    K.PROGRAM: "program baru", K.KEGIATAN: "kegiatan baru", K.INDIKATOR_PROGRAM: "indikator program baru",
    K.INDIKATOR_KEGIATAN: "indikator kegiatan baru", K.RATA_RATA_PROGRAM: "baris rata-rata program",
}


def _column_names(kind: RekapKind) -> dict[str, str]:
    """What each computed column of a row of this kind is called in a catatan."""
    names = {L.predikat: "predikat"}
    for y in L.years.values():
        names[y.pagu] = names[y.realisasi_rp] = "jumlah"
        names[y.capaian_rp] = "rata-rata" if kind not in (K.KEGIATAN, K.PROGRAM, K.JUMLAH_OPD) else "capaian"
        names[y.capaian_k] = "capaian" if kind in INDIKATOR_KINDS else "rata-rata"
    return names


_GATE = TableColumns(L.first_column, L.last_column, L.jenis, L.kunci, (L.kode, L.uraian, L.indikator),
                     frozenset({K.PROGRAM.value, K.KEGIATAN.value, *(k.value for k in INDIKATOR_KINDS)}),
                     K.PROGRAM.value, (K.RATA_RATA_PROGRAM.value,))


def _text(sheet: SheetData, row: int, col: int) -> str:
    value = sheet.value_at(row, col)
    return "" if value is None else str(value).strip()


def _row_empty(sheet: SheetData, row: int) -> bool:
    return all(empty(sheet.value_at(row, c)) and sheet.formula_at(row, c) is None for c in range(_FIRST, _LAST + 1))


def _identity(r: RekapRow, kelompok_names: dict[int, str], siblings: dict[str, int]) -> str:
    """The Kunci a row should carry: ``5001.04``, ``5001.04/5001.500105.04.043``, ``...#3`` (an
    indicator's number one above the highest of its siblings, so that it stays unique); "" while
    the row (or its owner) has no kode or name yet."""
    if r.kind in (K.PROGRAM, K.RATA_RATA_PROGRAM):
        return r.program.kode if r.program is not None else ""
    if r.kind is K.KEGIATAN:
        if r.kegiatan is None or r.program is None or not r.kegiatan.kode:
            return ""
        return kegiatan_kunci(r.program, r.kegiatan)
    if r.kind in INDIKATOR_KINDS:
        if r.program is None or not r.program.kode or (r.kind is K.INDIKATOR_KEGIATAN and r.kegiatan is None):
            return ""
        parent = kegiatan_kunci(r.program, r.kegiatan) if r.kind is K.INDIKATOR_KEGIATAN else r.program.kode
        siblings[parent] = siblings.get(parent, 0) + 1
        return indikator_kunci(parent, siblings[parent])
    if r.kind in (K.KELOMPOK, K.RATA_RATA_KELOMPOK, K.JUMLAH_KELOMPOK):
        return kelompok_names.get(id(r.kelompok), "")
    return r.kunci


def _filled(r: RekapRow) -> bool:
    """A row of a blank workbook that staff typed into."""
    if r.kind is K.PROGRAM:
        return r.program is not None and bool(r.program.kode or r.program.nama)
    if r.kind is K.KEGIATAN:
        k = r.kegiatan
        return k is not None and bool(k.kode or k.nama or k.dasar or k.laporan)
    if r.kind in INDIKATOR_KINDS:
        return r.indikator is not None and not unused_indikator(r.indikator)
    return False


def plan_lkjip(book: BookData, *, restore: bool = False) -> Repair:
    """The edits that make a LKjIP workbook whole again (see :mod:`lkjip_xl.repair`)."""
    repair = Repair()
    sheet = book.sheets.get(L.sheet)
    if sheet is None:
        return repair
    found = book.name_range(lay.NAME_REKAP_TABLE)
    if not restore and found is not None and found[0] == L.sheet and untouched(sheet, found[1][0], found[1][2], _GATE):
        programs = [n for n in range(found[1][0], found[1][2] + 1) if _text(sheet, n, _JENIS) == K.PROGRAM.value]
        _simple_sheets(book, repair, restore, programs)
        return repair
    read = read_book(book)
    rows = list(read.rekap_rows)
    if not rows:
        return repair
    edits = repair.sheet(L.sheet, (_FIRST, _LAST))
    inserted = {r.row for r in rows if not _text(sheet, r.row, _JENIS)}
    raw = {r.row: _text(sheet, r.row, _KUNCI) for r in rows}
    copied: set[int] = set()
    named: set[int] = set()  # rows of a blank workbook now filled in
    seen: set[tuple[RekapKind, str]] = set()
    for r in rows:
        if r.row in inserted:
            continue
        if not raw[r.row]:
            if _filled(r):
                named.add(r.row)
        elif (r.kind, raw[r.row]) in seen and r.kind in (K.PROGRAM, K.KEGIATAN, *INDIKATOR_KINDS):
            copied.add(r.row)
        else:
            seen.add((r.kind, raw[r.row]))
    converted = _summary_rows(sheet, rows, repair)
    listed = {r.row for r in rows}
    first, last = rows[0].row, rows[-1].row
    new_rows = inserted | copied | named | converted
    free = new_rows | {n for n in range(first, last + 1) if n not in listed}
    _hidden_columns(sheet, rows, raw, inserted | converted, copied, edits)
    _formats(rows, inserted | converted, edits)
    written = write_expected(expected_formulas(rows), sheet, L.sheet, edits.formulas, repair,
                             new_rows=new_rows, free=free, restore=restore)
    by_row = {r.row: r for r in rows}
    for row, cells in sorted(written.items()):
        _note_row(repair, by_row[row], cells, row in new_rows)
    _simple_sheets(book, repair, restore, [r.row for r in rows if r.kind is K.PROGRAM])
    return repair


def _summary_rows(sheet: SheetData, rows: list[RekapRow], repair: Repair) -> set[int]:
    """A program added without its rata-rata row takes the first empty row after its block; with
    none, it is said what to do. Returns the rows made into rata-rata rows (added to ``rows``)."""
    made: set[int] = set()
    listed = sorted(r.row for r in rows)
    for kel in structure(rows).kelompok:
        for prog in kel.programs:
            if prog.rata_rata is not None or prog.row.program is None:
                continue
            end = _block_end(prog)
            following = next((n for n in listed if n > end), end + 1)
            spare = next((n for n in range(end + 1, following) if _row_empty(sheet, n)), None)
            kode = prog.row.program.kode
            if spare is None:
                repair.note(ROW_INCOMPLETE, L.sheet, f"{L.kode}{prog.row.row}",
                            f"Program {kode} (baris {prog.row.row}) belum memiliki baris \"{REKAP_LABELS[K.RATA_RATA_PROGRAM]}\": "
                            f"sisipkan satu baris kosong di bawah baris terakhir bloknya (baris {end}), lalu Hitung Ulang.",
                            severity=Severity.WARNING)
                continue
            row = RekapRow(K.RATA_RATA_PROGRAM, spare, kode, label=REKAP_LABELS[K.RATA_RATA_PROGRAM],
                           program=prog.row.program)
            rows.append(row)
            made.add(spare)
    rows.sort(key=lambda r: r.row)
    return made


def _block_end(prog: ProgramBlock) -> int:
    last = prog.row.row
    for r in prog.outcome:
        last = max(last, r.row)
    for keg, inds in prog.kegiatan:
        last = max(last, keg.row, *(i.row for i in inds))
    return last


def _hidden_columns(book_sheet: SheetData, rows: list[RekapRow], raw: dict[int, str], typed_in: set[int],
                    copied: set[int], edits) -> None:
    """Jenis and Kunci of the rows added (and a rata-rata row's label); the Kunci of a copied row,
    and of a blank workbook's row once filled in."""
    kelompok_names = {id(r.kelompok): _text(book_sheet, r.row, a1.col_index(L.uraian))
                      for r in rows if r.kind is K.KELOMPOK and r.kelompok is not None}
    siblings: dict[str, int] = {}
    for r in rows:  # the indicator numbers already taken
        have = raw.get(r.row, "")
        if r.kind in INDIKATOR_KINDS and r.row not in typed_in and r.row not in copied and have:
            parent, _, n = have.rpartition("#")
            if n.isdigit():
                siblings[parent] = max(siblings.get(parent, 0), int(n))
    for r in rows:
        have = raw.get(r.row, "")
        if r.row in typed_in:
            edits.values[f"{L.jenis}{r.row}"] = r.kind.value
            if r.kind is K.RATA_RATA_PROGRAM:
                edits.values[f"{L.uraian}{r.row}"] = REKAP_LABELS[K.RATA_RATA_PROGRAM]
        elif have and r.row not in copied:
            continue
        want = _identity(r, kelompok_names, siblings)
        if want and want != have:
            edits.values[f"{L.kunci}{r.row}"] = want


def _formats(rows: list[RekapRow], added: set[int], edits) -> None:
    """Each row added takes the formats of the nearest row of its kind (above it, else below)."""
    by_kind: dict[RekapKind, list[int]] = {}
    for r in rows:
        if r.row not in added:
            by_kind.setdefault(r.kind, []).append(r.row)
    for r in rows:
        if r.row not in added:
            continue
        same = by_kind.get(r.kind, [])
        above = [n for n in same if n < r.row]
        source = above[-1] if above else (same[0] if same else None)
        if source is not None:
            edits.formats[r.row] = source


def _note_row(repair: Repair, r: RekapRow, cells: list[tuple[str, Action, set[int]]], new: bool) -> None:
    what = columns_text((c for c, _, _ in cells), _column_names(r.kind))
    first = cells[0][0]
    if new:
        name = ""
        if r.kind is K.PROGRAM and r.program is not None:
            name = f" {r.program.kode}"
        elif r.kind is K.KEGIATAN and r.kegiatan is not None:
            name = f" {r.kegiatan.kode}"
        elif r.kind in INDIKATOR_KINDS and r.indikator is not None and r.indikator.uraian:
            name = f" \"{r.indikator.uraian}\""
        elif r.kind is K.RATA_RATA_PROGRAM and r.program is not None:
            name = f" {r.program.kode}"
        repair.note(ROW_REPAIRED, L.sheet, f"{L.first_column}{r.row}",
                    f"Baris {r.row}: {_WHAT.get(r.kind, r.kind.value.replace('_', ' '))}{name}, rumus {what} ditambahkan.")
        return
    repair.note(RANGE_REPAIRED, L.sheet, first, f"Baris {r.row} ({_row_label(r)}): rumus {what} {aggregate_repaired(cells)}.")


def _row_label(r: RekapRow) -> str:
    if r.kind is K.PROGRAM and r.program is not None:
        return f"program {r.program.kode}"
    if r.kind is K.KEGIATAN and r.kegiatan is not None:
        return f"kegiatan {r.kegiatan.kode}"
    if r.kind is K.RATA_RATA_PROGRAM and r.program is not None:
        return f"rata-rata program {r.program.kode}"
    if r.kind in (K.RATA_RATA_KELOMPOK, K.JUMLAH_KELOMPOK) and r.kelompok is not None:
        return f"{'rata-rata' if r.kind is K.RATA_RATA_KELOMPOK else 'jumlah'} kelompok {r.kelompok.nama}"
    if r.kind in (K.RATA_RATA_OPD, K.JUMLAH_OPD, K.TOTAL_RATA_RATA_OPD):
        return {K.RATA_RATA_OPD: "rata-rata OPD", K.JUMLAH_OPD: "jumlah OPD",
                K.TOTAL_RATA_RATA_OPD: "total rata-rata OPD"}[r.kind]
    return r.kind.value.replace("_", " ")


# -- the other sheets ----------------------------------------------------------------------------------
#: Tables that show another table's rows in order: any difference in the rows they refer to comes
#: from rows added or removed there.
_POSITION_TABLES = (lay.RINGKASAN_PROGRAM_TABLE, lay.RINGKASAN_SASARAN_TABLE)


def _simple_sheets(book: BookData, repair: Repair, restore: bool, program_rows: list[int]) -> None:
    """Rows typed into a table of the other sheets (a sasaran indicator: its capaian and predikat),
    the Ringkasan's tables following the Rekap's programs (those just added included) and the
    Pengukuran's indicators."""

    def value(sheet_name: str, ref: str) -> Any:
        data = book.sheets.get(sheet_name)
        return None if data is None else data.value_at(*a1.parse_cell(ref))

    expected = simple_formulas(book.names, value, program_rows)
    programs = len(program_rows)
    positional: dict[str, tuple[str, int, int]] = {}
    for t in _POSITION_TABLES:
        found = book.name_range(t.name)
        if found is not None:
            sheet_name, (r1, _, r2, _) = found
            positional[t.name] = (sheet_name, r1, r2)
    by_row: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for (sheet_name, cell), formula in expected.items():
        by_row.setdefault((sheet_name, a1.row_of(cell)), []).append((cell, formula))
    for (sheet_name, row), cells in sorted(by_row.items()):
        data = book.sheets.get(sheet_name)
        if data is None:
            continue
        looks = [(cell, formula, *_cell(data, cell)) for cell, formula in cells]
        new_row = all(f is None and empty(v) for _, _, f, v in looks)
        in_table = any(s == sheet_name and r1 <= row <= r2 for s, r1, r2 in positional.values())
        done = []
        for cell, formula, actual, value in looks:
            action = decide(formula, actual, value, new_row=new_row, free=None if in_table else set(),
                            restore=restore)
            if action is None:
                continue
            repair.sheet(sheet_name).formulas[cell] = formula
            if action is Action.RESTORE:
                repair.findings.append(cell_restored(sheet_name, cell, formula, value))
            else:
                done.append(cell)
        if done:
            where = next((t.title for t in _TABLES if _in_table(book, t, sheet_name, row)), sheet_name)
            repair.note(ROW_REPAIRED if new_row else RANGE_REPAIRED, sheet_name, done[0],
                        f"Baris {row} ({where}): rumus sel {joined(done)} "
                        f"{'ditambahkan' if new_row else 'disesuaikan dengan baris yang disisipkan atau dihapus'}.")
    _position_tables(book, repair, expected, positional, programs)


#: The tables of the other sheets, to say which one a repaired row is in.
_TABLES = (lay.PENGUKURAN_TABLE, lay.FORMULA_TABLE, lay.PK_TABLE, lay.RINGKASAN_PROGRAM_TABLE,
           lay.RINGKASAN_SASARAN_TABLE, lay.KELURAHAN_TABLE, *lay.SDM_TABLES.values())


def _in_table(book: BookData, table: lay.Table, sheet_name: str, row: int) -> bool:
    found = book.name_range(table.name)
    return found is not None and found[0] == sheet_name and found[1][0] <= row <= found[1][2]


def _cell(data: SheetData, cell: str) -> tuple[str | None, Any]:
    row, col = a1.parse_cell(cell)
    return data.formula_at(row, col), data.value_at(row, col)


def _position_tables(book: BookData, repair: Repair, expected: dict, positional: dict, programs: int) -> None:
    """A Ringkasan table with rows left over (a program removed) loses their formulas; one too
    short for the Rekap's programs is reported."""
    for t in _POSITION_TABLES:
        if t.name not in positional:
            continue
        sheet_name, r1, r2 = positional[t.name]
        data = book.sheets.get(sheet_name)
        if data is None:
            continue
        letters = [c.letter for c in t.columns]
        used = [r for r in range(r1, r2 + 1) if any((sheet_name, f"{c}{r}") in expected for c in letters)]
        for r in range(r1, r2 + 1):
            if r in used:
                continue
            stale = [f"{c}{r}" for c in letters if data.formula_at(r, a1.col_index(c)) is not None]
            for cell in stale:
                repair.sheet(sheet_name).values[cell] = None
            if stale:
                repair.note(RANGE_REPAIRED, sheet_name, stale[0],
                            f"Baris {r} tabel \"{t.title}\" tidak lagi menunjuk baris mana pun (baris di sumbernya "
                            "dihapus); rumusnya dikosongkan.")
    _too_short(repair, positional, programs)


def _too_short(repair: Repair, positional: dict, programs: int) -> None:
    t = lay.RINGKASAN_PROGRAM_TABLE
    if t.name not in positional:
        return
    sheet_name, r1, r2 = positional[t.name]
    if programs > r2 - r1 + 1:
        repair.note(ROW_INCOMPLETE, sheet_name, f"{t.columns[0].letter}{r2}",
                    f"Tabel \"{t.title}\" memuat {r2 - r1 + 1} baris untuk {programs} program: sisipkan "
                    f"{programs - (r2 - r1 + 1)} baris di dalam tabel (di atas baris {r2}), lalu Hitung Ulang.",
                    severity=Severity.WARNING)
