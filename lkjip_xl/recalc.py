"""Recalculate and cross-check: the routine behind the Recalculate button and ``lkjip-xl recalc``.

``recalculate(book)`` reads the workbook through an adapter (the package adapter for a file,
xlwings inside Excel), recomputes every figure from the raw inputs with the rules, compares with what the
workbook's formulas give, and writes the findings to the Pemeriksaan sheet, a summary to
Ringkasan, and a colour on each cell concerned. It never writes an input cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from lkjip_xl import a1, textfit
from lkjip_xl import layout as lay
from lkjip_xl.adapters.base import BookAdapter, BookData, Formula, PendingSheetData
from lkjip_xl.checks import build_context, run_checks
from lkjip_xl.checks.base import CheckContext
from lkjip_xl.findings import Finding, Severity, counts, plain, sort_findings
from lkjip_xl.renja.checks import RenjaContext, is_renja_book, renja_checks, renja_context
from lkjip_xl.repair.run import plan_repair, repair_book, apply_repair
from lkjip_xl.rules import PERMENDAGRI_86_2017, Bands
from lkjip_xl.sheet_formulas import FINDING_LINK_TEXT, finding_link
from lkjip_xl.engine.default import default_engine

#: Fill colours of marked cells, by severity (the layout's: Petunjuk shows them as its legend).
MARK_COLORS = {s: lay.FINDING_COLORS[s.value] for s in Severity}
#: Hidden column of the Pemeriksaan table that keeps each marked cell's own colour, so the next
#: recalculation can give it back.
ORIGINAL_COLOR_COLUMN = lay.PEMERIKSAAN_TABLE.letter("warna_asli")
MAX_MARKS = 5000


@dataclass
class RecalcResult:
    findings: list[Finding]
    context: CheckContext | None = None
    written: dict[str, Any] = field(default_factory=dict)

    @property
    def counts(self) -> dict[Severity, int]:
        return counts(self.findings)

    @property
    def has_errors(self) -> bool:
        return self.counts[Severity.ERROR] > 0


# -- the kind of workbook: a Renja evaluation (its RENJA_TABEL name) or a LKjIP ------------------------
def _context(data: BookData, bands: Bands) -> CheckContext:
    return renja_context(data, bands) if is_renja_book(data) else build_context(data, bands)


def _run(context: CheckContext, final: bool | None) -> list[Finding]:
    return run_checks(context, renja_checks() if isinstance(context, RenjaContext) else None, final=final)


def check_book(data: BookData, bands: Bands = PERMENDAGRI_86_2017, *,
               final: bool | None = None) -> tuple[list[Finding], CheckContext]:
    """The findings of a workbook already read (no writing); ``final``: see :func:`run_checks`."""
    context = _context(data, bands)
    return _run(context, final), context


def read_and_check(book: BookAdapter, bands: Bands = PERMENDAGRI_86_2017, data: BookData | None = None, *,
                   final: bool | None = None) -> tuple[BookData, list[Finding], CheckContext]:
    """Read the workbook through the adapter and check it.

    An adapter whose formulas are still being computed when the sheets are read
    (:meth:`~lkjip_xl.adapters.base.BookAdapter.read_book_early`: the package adapter) lets the
    work that needs no computed value run meanwhile: reading the report out of the inputs, the values and formulas the rules expect,
    the formula texts that differ. When that work read a formula cell's value after all, it is done
    again with the values in (the result is the same either way; only the time differs).
    ``data``: the workbook already read (by the repair, which found nothing to change).
    """
    if data is not None:
        findings, context = check_book(data, bands, final=final)
        return data, findings, context
    pending = book.read_book_early()
    if pending is not None:
        context = _context(pending, bands)
        data = book.read_book()
        if not any(isinstance(sheet, PendingSheetData) and sheet.touched for sheet in pending.sheets.values()):
            context.use_book(data)
            return data, _run(context, final), context
    else:
        data = book.read_book()
    findings, context = check_book(data, bands, final=final)
    return data, findings, context


def _previous_marks(data: BookData) -> list[tuple[str, str, str | None]]:
    """(sheet, cell, original colour) of the cells the last recalculation marked."""
    found = data.name_range(lay.PEMERIKSAAN_TABLE.name)
    if found is None:
        return []
    sheet_name, (first, _, last, _) = found
    sheet = data.sheets.get(sheet_name)
    if sheet is None:
        return []
    t = lay.PEMERIKSAAN_TABLE
    out = []
    for r in range(first, sheet.last_row + 1):
        target_sheet = sheet.value(f"{t.letter('sheet')}{r}")
        cell = sheet.value(f"{t.letter('sel')}{r}")
        if not target_sheet or not cell or _single_cell(str(cell)) is None:
            continue  # a finding about a sheet or a range marked no cell
        color = sheet.value(f"{ORIGINAL_COLOR_COLUMN}{r}")
        out.append((str(target_sheet), str(cell), str(color) if color and color != "-" else None))
    return out


def _single_cell(ref: str) -> str | None:
    """The cell a finding marks: none for a range (a summary of many empty inputs is not coloured)."""
    try:
        r1, c1, r2, c2 = a1.parse_range(ref)
    except ValueError:
        return None
    return a1.cell(r1, c1) if (r1, c1) == (r2, c2) else None


#: The catatan of a recalculation whose repairs Excel computes only after it ends (xlwings Lite).
AGAIN = "hitung-ulang-lagi"


def recalculate(book: BookAdapter, *, bands: Bands = PERMENDAGRI_86_2017, now: datetime | None = None,
                mark: bool = True, repair: bool = True, restore: bool = False,
                notes: list[Finding] | None = None, final: bool | None = None) -> RecalcResult:
    """Repair the rows staff added or removed, check the workbook and write the findings into it
    (through the adapter).

    ``repair``: first make the formulas whole again (:mod:`lkjip_xl.repair`; ``restore`` also puts
    back the formulas typed over); the repair's catatan join the findings. ``notes``: findings of
    a repair made beforehand (the file path repairs a copy before it evaluates it).
    """
    notes = list(notes or [])
    data = None
    if repair:
        done, data = repair_book(book, restore=restore, bands=bands)
        notes += done.findings
        if done.has_edits:
            if not book.recomputes:
                return _repaired_only(book, data, notes)
            book.calculate()
            data = None  # read again, with the values Excel computed for the formulas written
    data, findings, context = read_and_check(book, bands, data, final=final)
    findings = sort_findings([*notes, *findings])
    previous = _previous_marks(data)
    result = RecalcResult(findings, context)
    # 1. Give the cells marked last time their own colour back.
    by_sheet: dict[str, tuple[list[str], list[str | None]]] = {}
    for sheet, cell, color in previous:
        if sheet in data.sheets:
            cells, colors = by_sheet.setdefault(sheet, ([], []))
            cells.append(cell)
            colors.append(color)
    for sheet, (cells, colors) in by_sheet.items():
        book.set_fills(sheet, cells, colors)
    # 2. The findings table (values only), with each marked cell's own colour in a hidden column.
    t = lay.PEMERIKSAAN_TABLE
    found = data.name_range(t.name)
    marks: dict[str, list[tuple[str, Severity]]] = {}
    if found is not None:
        sheet_name, (first, c1, _, _) = found
        sheet = data.sheets[sheet_name]
        old_last = max(sheet.last_row, first)
        book.clear_block(sheet_name, f"{t.columns[0].letter}{first}:{t.columns[-1].letter}{old_last}")
        seen_cells: set[tuple[str, str]] = set()
        for f in findings:
            cell = _single_cell(f.cell) if f.cell else None
            if cell and f.sheet in data.sheets and (f.sheet, cell) not in seen_cells and len(seen_cells) < MAX_MARKS:
                seen_cells.add((f.sheet, cell))
                marks.setdefault(f.sheet, []).append((cell, f.severity))
        originals: dict[tuple[str, str], str | None] = {}
        restored = {(s, c): col for s, c, col in previous}
        for sheet, items in marks.items():
            cells = [c for c, _ in items]
            current = book.get_fills(sheet, cells)
            for c, color in zip(cells, current):
                # A cell still marked from last time has its original colour in the old table.
                originals[(sheet, c)] = restored.get((sheet, c), color)
        rows = []
        for i, f in enumerate(findings, 1):
            cell = _single_cell(f.cell) if f.cell else None
            original = originals.get((f.sheet, cell)) if cell else None
            link = Formula(finding_link(first + i - 1), FINDING_LINK_TEXT) if f.cell else None
            rows.append([i, f.severity.value, f.sheet, f.cell, f.rule, f.message, plain(f.expected),
                         plain(f.found), original or ("-" if cell else None), link])
        if rows:
            book.write_block(sheet_name, f"{t.columns[0].letter}{first}", rows)
        book.set_row_heights(sheet_name, finding_heights(rows, first, old_last))
        result.written["pemeriksaan_rows"] = len(rows)
    # 3. Colours on the cells concerned.
    if mark:
        for sheet, items in marks.items():
            book.set_fills(sheet, [c for c, _ in items], [MARK_COLORS[s] for _, s in items])
    # 4. The summary on Ringkasan.
    n = counts(findings)
    stamp = (now or datetime.now()).strftime("%d-%m-%Y %H:%M")
    for f in lay.RINGKASAN_PEMERIKSAAN_FIELDS:
        cell = data.name_cell(f.name)
        if cell is None:
            continue
        value = {"error": n[Severity.ERROR], "peringatan": n[Severity.WARNING], "info": n[Severity.INFO],
                 "waktu": stamp}[f.key]
        book.write_block(cell[0], cell[1], [[value]])
    return result


def finding_heights(rows: list[list[Any]], first: int, old_last: int) -> dict[int, float | None]:
    """The height of each row of the findings table that shows all of its wrapped text; the rows
    below, emptied, get the default height back."""
    widths = [c.width or 8.43 for c in lay.PEMERIKSAAN_TABLE.columns]
    heights: dict[int, float | None] = {r: None for r in range(first + len(rows), old_last + 1)}
    for i, row in enumerate(rows):
        n = max((textfit.lines(v, w) for v, w in zip(row, widths) if isinstance(v, str)), default=1)
        heights[first + i] = textfit.row_height(n)
    return heights


def _repaired_only(book: BookAdapter, data: BookData, notes: list[Finding]) -> RecalcResult:
    """The repair's catatan alone, for a workbook that computes the formulas written only after
    this run (xlwings Lite applies the writes when the script ends): its checks would read the
    values from before the repair."""
    notes = sort_findings([*notes, Finding(
        Severity.INFO, AGAIN, lay.PEMERIKSAAN, "",
        "Baris yang ditambahkan atau dihapus sudah diperbaiki (lihat catatan di atas). Excel baru menghitung "
        "rumusnya setelah tombol selesai: tekan Hitung Ulang sekali lagi untuk memeriksa angkanya.")])
    t = lay.PEMERIKSAAN_TABLE
    found = data.name_range(t.name)
    if found is not None and found[0] in data.sheets:
        sheet_name, (first, _, _, _) = found
        last = max(data.sheets[sheet_name].last_row, first)
        rows = [[i, f.severity.value, f.sheet, f.cell, f.rule, f.message, plain(f.expected), plain(f.found), None]
                for i, f in enumerate(notes, 1)]
        book.clear_block(sheet_name, f"{t.columns[0].letter}{first}:{ORIGINAL_COLOR_COLUMN}{last}")
        book.write_block(sheet_name, f"{t.columns[0].letter}{first}", rows)
    return RecalcResult(notes, None, {"pemeriksaan_rows": len(notes)})


def check_file(path: Path, *, values: str = "engine", engine: Any = None, final: bool | None = None) -> RecalcResult:
    """The findings of a workbook file, without changing it."""
    from lkjip_xl.adapters.package_adapter import PackageBook

    book = PackageBook(Path(path), values=values, engine=engine)
    try:
        _, findings, context = read_and_check(book, final=final)
    finally:
        book.close()
    return RecalcResult(findings, context)


def recalc_file(path: Path, *, output: Path | None = None, backup: bool = True, engine: Any = None,
                final: bool | None = None, restore: bool = False) -> RecalcResult:
    """Recalculate a workbook file headless and save the findings into it (or into ``output``).

    1. the workbook's sheets are read by streaming its package while ``engine`` (default: the
       project's) computes every formula beside it (:class:`~lkjip_xl.adapters.package_adapter.PackageBook`);
    2. :func:`recalculate` writes the findings table, the summary and the marks (kept as edits);
    3. one streaming pass writes a copy of the package to a temporary file beside the target with
       those edits and with the values computed in step 1 as the formulas' cached values
       (:mod:`lkjip_xl.ooxml.rewrite`), so any reader shows them, and ``fullCalcOnLoad`` so that Excel still
       recomputes on open (the recalculation writes no cell that a formula reads, so they are the
       saved file's values too: one evaluation, not two); every part it does not edit is copied
       byte for byte;
    4. when the target exists and ``backup`` is true, it is copied to ``<name>.bak`` first; then
       the new file is renamed over the target (``os.replace``, atomic).

    Before step 1 the rows staff added or removed are repaired (:mod:`lkjip_xl.repair`; with
    ``restore`` the formulas typed over are put back too): the repair is planned from the sheets
    read while the engine starts; when it has edits, they are written into a copy first (one
    streaming pass, the engine's first work dropped) and the recalculation is of that copy.

    A failure at any step leaves the target as it was and no temporary file behind. An ``.xlsm``
    stays an ``.xlsm`` with its ``xl/vbaProject.bin`` unchanged (an output must keep the kind).
    ``written``: ``pemeriksaan_rows``, ``backup`` (when kept), ``saved``, ``cached_values``.
    """
    import os
    import tempfile

    from lkjip_xl.adapters.package_adapter import PackageBook
    from lkjip_xl.errors import OutputError
    from lkjip_xl.fileutil import keep_backup, os_reason, set_mode_like
    from lkjip_xl.ooxml.package import WriteError

    path = Path(path)
    target = Path(output) if output is not None else path
    macros = (".xlsm", ".xltm")
    if (path.suffix.lower() in macros) != (target.suffix.lower() in macros):
        raise OutputError(f"{target}: buku kerja {'bermakro' if path.suffix.lower() in macros else 'tanpa makro'} "
                          f"({path.name}) harus disimpan sebagai {path.suffix} (akhiran nama menentukan apakah Excel "
                          f"membuka makronya)")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target} tidak dapat ditulis: folder {folder} tidak ada")
    if engine is None:
        engine = default_engine()
    temps: list[str] = []

    def temp() -> Path:
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=folder)
        os.close(fd)
        temps.append(name)
        return Path(name)

    book = PackageBook(path, engine=engine, save_in=folder)
    try:
        repair = plan_repair(book.read_book_early(), restore=restore)
        if repair.has_edits:
            book.close()
            book = _repaired(path, repair, temp, engine, folder)
        result = recalculate(book, repair=False, notes=repair.findings, final=final)
    except BaseException:
        book.close()
        for name in temps:
            if os.path.exists(name):
                os.unlink(name)
        raise

    try:
        try:
            cached = temp()
        except OSError as exc:
            raise OutputError(f"{target} tidak dapat ditulis: {os_reason(exc)}") from exc
        # The recalculation wrote values only (findings, counts), never an input that a formula
        # reads: the values computed at the start are the formulas' values in the saved file too.
        try:
            stats = book.save_to(cached)
        except WriteError as exc:  # it names a temporary file: the staff know the file they asked for
            raise OutputError(f"{target} tidak dapat ditulis: {exc.reason}") from exc
        set_mode_like(cached, target)
        if backup and target.exists():
            result.written["backup"] = keep_backup(target)
        try:
            os.replace(cached, target)
        except OSError as exc:
            raise OutputError(f"{target} tidak dapat ditulis: {os_reason(exc)}") from exc
    finally:
        book.close()
        for name in temps:
            if os.path.exists(name):
                os.unlink(name)
    result.written["saved"] = target
    result.written["cached_values"] = stats.values_written
    if repair.has_edits:
        result.written["repaired_cells"] = sum(len(e.formulas) + len(e.values) for e in repair.sheets.values())
    return result


def _repaired(path: Path, repair: Any, temp: Any, engine: Any, folder: Path) -> Any:
    """The workbook with the repair's edits written into a temporary copy, opened for the
    recalculation (its engine evaluating the copy)."""
    from lkjip_xl.adapters.package_adapter import PackageBook

    plain_book = PackageBook(path, values="cached")
    try:
        apply_repair(plain_book, repair)
        copy = temp()
        plain_book.save_to(copy, full_calc_on_load=True)
    finally:
        plain_book.close()
    book = PackageBook(copy, engine=engine, save_in=folder)
    book.source = path.name  # messages name the staff's file, not the copy
    return book
