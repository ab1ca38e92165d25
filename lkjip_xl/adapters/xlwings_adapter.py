"""The recalculation's view of a workbook open in Excel, through xlwings.

Every xlwings call crosses into Excel (a COM call on Windows, an Apple event on the Mac), so this
adapter reads a sheet with a fixed number of calls whatever its size (its used range's address,
its values, its formulas), writes a block of values with one call, and colours cells in bulk: the
cells of one colour together, as one multi-area range (``sheet.range("P12,P15:P17").color = ...``),
cut into pieces whose address stays within the 255 characters Excel accepts. Reading colours does
the same: it reads a piece at once and splits it only where the cells' fills differ.

It is thin on purpose: what to read, check and write is decided in :mod:`lkjip_xl.recalc`.

What Excel gives back, and what the recalculation gets:

* numbers are floats (Excel keeps every number as a double); a whole number typed in a cell
  becomes an ``int``, as the file stores it and the openpyxl adapter reads it (so a message says
  377, not 377.0); formula results stay floats, as the engine gives them;
* empty cells are ``None``; a formula whose result is empty text (``IF(..., "")``) gives ``""``,
  as in the file (xlwings reads it as ``None``, but a formula cell is never empty);
* an error value is its text (``"#DIV/0!"``): the values are read with ``err_to_str=True``
  (xlwings' default turns errors into ``None``, which would hide them);
* a formula is the text of Excel's ``Range.Formula`` (English function names and ``,`` separators,
  whatever the language of Excel); anything not starting with ``=`` is not a formula, and neither
  is a text cell whose text starts with ``=`` (its value equals its "formula").

Strings are written with a leading apostrophe, so Excel stores them as text as they are: through
``Range.Value`` Excel would otherwise read ``"000000"`` as the number 0, ``"5001.04"`` as a number,
``"1/2"`` as a date and ``"=..."`` as a formula, as if typed.

The remote engine (``xw.Book(json=...)``: xlwings Lite, xlwings Server) cannot read formulas or
colours synchronously and has no multi-area ranges: pass ``formulas`` and ``fills``, read
beforehand with the engine's awaited calls (see :class:`XlwingsBook`, and :mod:`lkjip_xl.lite`,
which reads them one call per sheet); colours are set with ``Range.set_colors`` (one action per
block of at most 10,000 cells). Without ``fills`` the remote engine refuses to give colours rather
than call them "no fill": the recalculation keeps each marked cell's own colour to give it back
next time, and an unknown colour taken for "no fill" would strip the fill of marked input cells.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator

from openpyxl.formula.translate import Translator

from lkjip_xl import a1
from lkjip_xl.adapters.base import BookData, Formula, SheetData, read_all, value_blocks
from lkjip_xl.errors import ExcelAccessError

#: Excel refuses a ``Range()`` address longer than this.
MAX_ADDRESS = 255
#: Longest text written: Excel refuses an array written through Range.Value that holds a text of
#: more than about 8,200 characters (a cell holds 32,767); findings are far shorter.
MAX_TEXT = 8_000
#: A sheet whose used range has more cells than this is refused before its values are read (a
#: stray cell at row 1048576 would make Excel hand over billions of cells).
MAX_USED_CELLS = 1_000_000
#: A group of cells of mixed fills this small is read cell by cell rather than halved.
SPLIT_MIN = 4
#: ``Range.set_colors`` takes at most this many cells per call.
MAX_SET_COLORS = 10_000
_HEX = re.compile(r"^#?(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{6})$")

#: (sheet name, used range address) -> the formulas of that range, one row per row of the range
FormulaSource = Callable[[str, str], "list[list[str | None]]"]
#: (sheet name, cells without ``$``) -> the fill of each cell (``"RRGGBB"``, None for no fill)
FillSource = Callable[[str, "list[str]"], "list[str | None]"]


# -- colours ------------------------------------------------------------------------------------------
def color_to_rgb(color: str | None) -> tuple[int, int, int] | None:
    """``"FF7C80"`` (or ``"#FF7C80"``, ``"FFFF7C80"``) -> (255, 124, 128); None or not a colour -> None."""
    if not color:
        return None
    m = _HEX.match(str(color).strip())
    if not m:
        return None
    text = m.group(1)
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def rgb_to_color(value: Any) -> str | None:
    """What xlwings gives for a fill (RGB tuple, ``"#rrggbb"``, Excel's BGR ``int``, None) -> ``"RRGGBB"``."""
    if value is None:
        return None
    if isinstance(value, str):
        rgb = color_to_rgb(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        rgb = (value % 256, (value // 256) % 256, (value // 65536) % 256)
    else:
        try:
            r, g, b = value
            rgb = (int(r), int(g), int(b))
        except (TypeError, ValueError):
            return None
    return None if rgb is None else "{:02X}{:02X}{:02X}".format(*rgb)


# -- addresses ----------------------------------------------------------------------------------------
def _runs(cells: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Cells -> (area address, its cells): runs of consecutive rows of one column become one area,
    and runs over the same rows of neighbouring columns one rectangle (``P12:Q20``)."""
    by_col: dict[int, list[int]] = {}
    names: dict[tuple[int, int], str] = {}
    for ref in cells:
        row, col = a1.parse_cell(ref)
        if (row, col) not in names:
            names[(row, col)] = ref
            by_col.setdefault(col, []).append(row)
    spans: dict[tuple[int, int], list[int]] = {}  # (first row, last row) -> columns
    for col in sorted(by_col):
        for span in a1.runs(by_col[col]):
            spans.setdefault(span, []).append(col)
    areas = [(r1, first, r2, last) for (r1, r2), cols in spans.items() for first, last in a1.runs(cols)]
    areas.sort(key=lambda a: (a[1], a[0]))
    return [(a1.range_ref(*area), [names[(r, c)] for c in range(area[1], area[3] + 1)
                                   for r in range(area[0], area[2] + 1)]) for area in areas]


def address_chunks(cells: Iterable[str], limit: int = MAX_ADDRESS) -> list[tuple[str, list[str]]]:
    """Multi-area addresses (``"P12,P15:P17"``) covering ``cells``, each at most ``limit`` characters,
    with the cells each covers."""
    chunks: list[tuple[str, list[str]]] = []
    parts: list[str] = []
    members: list[str] = []
    length = 0
    for area, cells_of_area in _runs(cells):
        extra = len(area) + (1 if parts else 0)
        if parts and length + extra > limit:
            chunks.append((",".join(parts), members))
            parts, members, length = [], [], 0
            extra = len(area)
        parts.append(area)
        members.extend(cells_of_area)
        length += extra
    if parts:
        chunks.append((",".join(parts), members))
    return chunks


def _parse_refers_to(refers_to: Any) -> tuple[str, str] | None:
    """A name's range of one sheet (:func:`lkjip_xl.a1.sheet_range`); None for anything else."""
    return a1.sheet_range(refers_to) if isinstance(refers_to, str) else None


#: Excel's standard row height (points) for Calibri 11, the height a row without its own gets back.
STANDARD_ROW_HEIGHT = 15.0


def _plain(value: Any) -> Any:
    """A value as written into a cell: text as text, whatever it looks like (and not longer than
    Excel takes in an array written at once)."""
    if isinstance(value, Formula):
        return value.text  # Excel enters a text that starts with "=" as a formula
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            value = value[:MAX_TEXT - 3] + "..."
        return "'" + value if value else None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _grid(raw: Any) -> list[list[Any]]:
    """COM's Range.Formula (a str for one cell, a tuple of tuples otherwise) -> a list of lists."""
    if raw is None:
        return [[None]]
    if isinstance(raw, str):
        return [[raw]]
    rows = list(raw)
    if rows and not isinstance(rows[0], (list, tuple)):
        return [list(rows)]
    return [list(r) for r in rows]


class XlwingsBook:
    """An ``xlwings.Book`` (open in Excel) as a :class:`~lkjip_xl.adapters.base.BookAdapter`.

    ``formulas``: for engines that cannot read ``Range.formula`` synchronously (xlwings' remote
    engine), a function ``(sheet name, used range address) -> rows of formula texts (None where a
    constant)``; by default the formulas are read from Excel.

    ``fills``: likewise for the cells' fill colours, a function ``(sheet name, cells) -> the fill of
    each cell``; by default they are read from Excel (:meth:`get_fills`). The remote engine needs it.
    """

    def __init__(self, book: Any, *, source: str | None = None, formulas: FormulaSource | None = None,
                 fills: FillSource | None = None) -> None:
        self.book = book
        self.source = source or str(book.name)
        self._formulas = formulas
        self._fills = fills
        self._sheets: dict[str, Any] | None = None
        self._remote = _engine_type(book) == "remote"
        #: sheet -> row -> the look of the row as read: per column "f" (formula), "v" (value), ""
        self._row_looks: dict[str, dict[int, tuple[str, ...]]] = {}

    # -- sheets ---------------------------------------------------------------------------------------
    def _sheet_map(self) -> dict[str, Any]:
        if self._sheets is None:
            self._sheets = {}
            for sh in self.book.sheets:
                self._sheets[str(sh.name)] = sh
        return self._sheets

    def _sheet(self, name: str) -> Any:
        sheets = self._sheet_map()
        if name in sheets:
            return sheets[name]
        for key, sh in sheets.items():  # Excel's sheet names are case-insensitive
            if key.lower() == name.lower():
                return sh
        raise ExcelAccessError(f"{self.source}: sheet {name!r} tidak ada")

    def sheet_names(self) -> list[str]:
        return list(self._sheet_map())

    # -- reading --------------------------------------------------------------------------------------
    def defined_names(self) -> dict[str, tuple[str, str]]:
        """Workbook-level names that refer to a range (sheet-scoped ones, ``Sheet!NAME``, are left
        out, as openpyxl's ``wb.defined_names`` leaves them out)."""
        out: dict[str, tuple[str, str]] = {}
        for n in self.book.names:
            name = str(n.name)
            if "!" in name:
                continue
            try:
                refers_to = n.refers_to
            except Exception:  # noqa: BLE001 - a broken name is skipped, as the openpyxl adapter does
                continue
            found = _parse_refers_to(refers_to)
            if found is not None:
                out[name] = found
        return out

    def read_sheet(self, sheet: str) -> SheetData:
        sh = self._sheet(sheet)
        rng = sh.used_range
        address = str(rng.address).replace("$", "")
        first_row, first_col, last_row, last_col = a1.parse_range(address.split(",")[0])
        cells = (last_row - first_row + 1) * (last_col - first_col + 1)
        if cells > MAX_USED_CELLS:
            raise ExcelAccessError(
                f"{self.source}: rentang terpakai sheet {sheet!r} adalah {address} ({cells} sel, lebih dari "
                f"{MAX_USED_CELLS} yang dibaca sekaligus): ada sel nyasar jauh di bawah atau di kanan laporan; "
                "hapus baris dan kolom kosong sesudah data, lalu simpan")
        values = rng.options(ndim=2, err_to_str=True).value
        if values is None:
            values = [[None]]
        values = [list(row) for row in values]
        if self._formulas is not None:
            raw = self._formulas(sheet, address)
        else:
            try:
                raw = rng.formula
            except NotImplementedError as exc:
                raise ExcelAccessError(
                    f"{self.source}: mesin xlwings ini tidak dapat membaca rumus secara langsung (sinkron); "
                    "berikan XlwingsBook(..., formulas=...)") from exc
        formulas: list[list[str | None]] = []
        for i, row in enumerate(_grid(raw)):
            out_row: list[str | None] = []
            for j, f in enumerate(row):
                value = values[i][j] if i < len(values) and j < len(values[i]) else None
                # A text that starts with "=" (typed with an apostrophe) is no formula: its "formula"
                # is its value. A formula never shows its own text.
                is_formula = isinstance(f, str) and f.startswith("=") and f != value
                out_row.append(f if is_formula else None)
                if i < len(values) and j < len(values[i]):
                    if is_formula and value is None:
                        # A formula always gives a value: None is xlwings' reading of "" (empty text).
                        values[i][j] = ""
                    elif not is_formula and type(value) is float and value.is_integer():
                        # A whole number typed in a cell: int, as the file stores it (and as
                        # the openpyxl adapter reads it), so that messages show 377, not 377.0.
                        values[i][j] = int(value)
            formulas.append(out_row)
        height, width = last_row - first_row + 1, last_col - first_col + 1
        formulas = [(r + [None] * width)[:width] for r in (formulas + [[]] * height)[:height]]
        self._row_looks[sheet] = {
            first_row + i: tuple("f" if f is not None else ("" if v is None or v == "" else "v")
                                 for f, v in zip(frow, vrow))
            for i, (frow, vrow) in enumerate(zip(formulas, values))
        }
        return SheetData(sheet, first_row, first_col, values, formulas)

    def read_book(self) -> BookData:
        return read_all(self)

    def read_book_early(self) -> None:
        """Excel gives the values with the sheets: nothing to start before they are in."""
        return None

    # -- writing --------------------------------------------------------------------------------------
    def write_block(self, sheet: str, top_left: str, values: list[list[Any]]) -> None:
        """One call per rectangle (rows of unequal length are written as several rectangles)."""
        if not values:
            return
        sh = self._sheet(sheet)
        row0, col0 = a1.parse_cell(top_left)
        start = 0
        while start < len(values):
            width = len(values[start])
            end = start
            while end < len(values) and len(values[end]) == width:
                end += 1
            if width:
                block = [[_plain(v) for v in row] for row in values[start:end]]
                sh.range(a1.cell(row0 + start, col0)).value = block
            start = end

    def set_row_heights(self, sheet: str, heights: dict[int, float | None]) -> None:
        """Excel measures text itself: the rows given a height are autofitted, the others get the
        standard height back; one call per run of consecutive rows (the findings' rows are one)."""
        sh = self._sheet(sheet)
        for fit in (True, False):
            for start, end in a1.runs(r for r, h in heights.items() if (h is not None) == fit):
                rng = sh.range(f"A{start}:A{end}")
                if fit:
                    rng.rows.autofit()
                else:
                    rng.row_height = STANDARD_ROW_HEIGHT

    def clear_block(self, sheet: str, ref: str) -> None:
        self._sheet(sheet).range(ref.replace("$", "")).clear_contents()

    def set_fills(self, sheet: str, cells: list[str], colors: list[str | None]) -> None:
        """One call per colour (per 255 characters of addresses); a colour that is not ``RRGGBB``
        removes the fill."""
        if not cells:
            return
        sh = self._sheet(sheet)
        final: dict[str, tuple[int, int, int] | None] = {}
        for ref, color in zip(cells, colors):
            final[ref.replace("$", "").upper()] = color_to_rgb(color)
        if self._remote:
            self._set_colors_remote(sh, final)
            return
        groups: dict[tuple[int, int, int] | None, list[str]] = {}
        for ref, rgb in final.items():
            groups.setdefault(rgb, []).append(ref)
        for rgb, refs in groups.items():
            for address, _ in address_chunks(refs):
                sh.range(address).color = rgb

    def _set_colors_remote(self, sh: Any, final: dict[str, tuple[int, int, int] | None]) -> None:
        """The remote engine has no multi-area ranges but a bulk ``set_colors``: one action per band
        of rows, ``...`` for the cells left as they are."""
        points = {a1.parse_cell(ref): rgb for ref, rgb in final.items()}
        c1 = min(c for _, c in points)
        c2 = max(c for _, c in points)
        rows = sorted({r for r, _ in points})
        band_height = max(1, MAX_SET_COLORS // (c2 - c1 + 1))
        i = 0
        while i < len(rows):
            top = rows[i]
            bottom = top
            while i < len(rows) and rows[i] < top + band_height:
                bottom = rows[i]
                i += 1
            matrix = [[points.get((r, c), ...) for c in range(c1, c2 + 1)] for r in range(top, bottom + 1)]
            sh.range(a1.range_ref(top, c1, bottom, c2)).set_colors(matrix)

    def get_fills(self, sheet: str, cells: list[str]) -> list[str | None]:
        """The fill of each cell, read in groups.

        Excel answers one colour for a group of cells only when their fills are the same (for mixed
        fills it answers Null and xlwings fails). So: first all the cells at once (the usual case:
        a few findings on cells of one style). Where that fails, the cells are grouped by column
        and by the look of their row, as read by :meth:`read_sheet` (which columns hold a formula,
        a value, nothing): rows that look alike were mostly written from the same style, so each
        group is usually one colour and one call. A group that is not is split by the look of the
        row above (a program row follows other rows than a kegiatan row does, even when both were
        typed over), then in halves, down to a few cells read one by one. The calls grow with the
        number of columns and kinds of row among the cells, not with the number of rows.
        """
        if not cells:
            return []
        refs = [c.replace("$", "").upper() for c in cells]
        if self._fills is not None:
            found_fills = list(self._fills(sheet, refs))
            if len(found_fills) != len(refs):
                raise ExcelAccessError(f"{self.source}: {len(found_fills)} warna isian diberikan untuk "
                                       f"{len(refs)} sel sheet {sheet!r}")
            return found_fills
        if self._remote:
            raise self._no_fills()
        sh = self._sheet(sheet)
        unique = list(dict.fromkeys(refs))
        found: dict[str, str | None] = {}
        try:
            if not self._try_uniform(sh, unique, found):
                looks = self._row_looks.get(sheet, {})
                for members in _group(unique, lambda row, col: (col, looks.get(row))):
                    if self._try_uniform(sh, members, found):
                        continue
                    for part in _group(members, lambda row, col: looks.get(row - 1)):
                        self._read_fills(sh, part, found)
        except NotImplementedError as exc:  # an engine that cannot read colours synchronously
            raise self._no_fills() from exc
        return [found.get(r) for r in refs]

    def _no_fills(self) -> ExcelAccessError:
        return ExcelAccessError(
            f"{self.source}: mesin xlwings ini tidak dapat membaca warna isian secara langsung (sinkron); "
            "berikan XlwingsBook(..., fills=...) (warna yang salah dibaca sebagai 'tanpa isian' akan dikembalikan "
            "ke sel yang ditandai dan menghapus isian sel input)")

    def _try_uniform(self, sh: Any, members: list[str], found: dict[str, str | None]) -> bool:
        """Read the fill of ``members`` in one call; False, without reading, when they need more
        than one address piece, and False when their fills differ."""
        chunks = address_chunks(members)
        if len(chunks) != 1:
            return False
        address, part = chunks[0]
        try:
            value = sh.range(address).color
        except NotImplementedError:
            raise
        except Exception:  # noqa: BLE001 - mixed fills: xlwings fails on Excel's Null
            if len(part) == 1:
                raise
            return False
        color = rgb_to_color(value)
        for ref in part:
            found[ref] = color
        return True

    def _read_fills(self, sh: Any, members: list[str], found: dict[str, str | None]) -> None:
        for _, part in address_chunks(members):
            if self._try_uniform(sh, part, found):
                continue
            if len(part) <= SPLIT_MIN:  # halving a few cells costs more calls than reading each
                for ref in part:
                    self._try_uniform(sh, [ref], found)
                continue
            half = len(part) // 2
            self._read_fills(sh, part[:half], found)
            self._read_fills(sh, part[half:], found)

    # -- the repair of rows staff added: formulas, values and formats on protected sheets ----------
    @property
    def recomputes(self) -> bool:
        """Whether what is read after formulas were written shows their values: desktop Excel
        computes them at once; xlwings Lite applies the writes only when the script ends."""
        return not self._remote

    def calculate(self) -> None:
        self.book.app.calculate()

    @contextmanager
    def _unprotected(self, sheet: str, sh: Any) -> Iterator[None]:
        """The sheet's protection lifted for the writes of the block, then put back with the same
        options (inserting and deleting rows, formatting, ...). A sheet protected with a password
        cannot be lifted: the staff are told what to do. The remote engine has no protection
        calls: its writes go as they are (docs/install-lite.md)."""
        if self._remote:
            yield
            return
        try:
            api = sh.api
            protected = bool(api.ProtectContents)
        except Exception:  # noqa: BLE001 - an engine without the object model (the Mac's): as they are
            yield
            return
        if not protected:
            yield
            return
        p = api.Protection
        options = (bool(api.ProtectDrawingObjects), True, bool(api.ProtectScenarios), False,
                   *(bool(getattr(p, name)) for name in _PROTECTION_OPTIONS))
        try:
            api.Unprotect("")
        except Exception as exc:  # noqa: BLE001 - COM's error for a wrong (here: missing) password
            raise ExcelAccessError(
                f"{self.source}: sheet {sheet!r} dilindungi dengan kata sandi, jadi rumus baris yang ditambahkan "
                "tidak dapat ditulis. Buka proteksinya (Tinjau > Buka Proteksi Lembar), tekan Hitung Ulang, lalu "
                "lindungi kembali (centang Sisipkan baris dan Hapus baris).") from exc
        try:
            yield
        finally:
            api.Protect("", *options)

    def write_formulas(self, sheet: str, formulas: dict[str, str]) -> None:
        """One call per group of cells whose formulas are the same once their references are read
        relative to the cell (Excel writes one formula into many cells and shifts it per cell, as
        a fill does): a multi-area range on the desktop, a run of rows of one column on the remote
        engine (it has no multi-area ranges)."""
        if not formulas:
            return
        sh = self._sheet(sheet)
        cells = {ref.replace("$", "").upper(): f for ref, f in formulas.items()}
        groups: dict[tuple[int, str], list[str]] = {}
        for ref, formula in cells.items():
            row, col = a1.parse_cell(ref)
            groups.setdefault((col, relative_formula(formula, ref)), []).append(ref)
        with self._unprotected(sheet, sh):
            for members in groups.values():
                if self._remote:
                    for address, first in _column_runs(members):
                        sh.range(address).formula = cells[first]
                else:
                    for address, part in address_chunks(members):
                        sh.range(address).formula = cells[part[0]]

    def write_values(self, sheet: str, values: dict[str, Any]) -> None:
        """One write per rectangle of the cells (:func:`~lkjip_xl.adapters.base.value_blocks`)."""
        if not values:
            return
        sh = self._sheet(sheet)
        with self._unprotected(sheet, sh):
            for top_left, block in value_blocks(values):
                sh.range(top_left).value = [[_plain(v) for v in row] for row in block]

    def copy_formats(self, sheet: str, rows: dict[int, int], first_col: int, last_col: int) -> None:
        """One copy per run of rows taking the same row's formats: on the desktop the source row
        copied and its formats pasted over the run (Excel repeats a row over several), on the
        remote engine ``Range.copy_from(..., "formats")`` per row."""
        if not rows:
            return
        sh = self._sheet(sheet)
        runs: list[tuple[int, int, int]] = []  # (first row, last row, source row)
        for row in sorted(rows):
            if runs and runs[-1][1] == row - 1 and runs[-1][2] == rows[row]:
                runs[-1] = (runs[-1][0], row, rows[row])
            else:
                runs.append((row, row, rows[row]))
        with self._unprotected(sheet, sh):
            for r1, r2, source in runs:
                src = sh.range(a1.range_ref(source, first_col, source, last_col))
                if self._remote:
                    for r in range(r1, r2 + 1):
                        sh.range(a1.range_ref(r, first_col, r, last_col)).copy_from(src, copy_type="formats")
                    continue
                src.copy()
                sh.range(a1.range_ref(r1, first_col, r2, last_col)).paste(paste="formats")
            if not self._remote:
                self.book.app.cut_copy_mode = False

    def __repr__(self) -> str:
        return f"XlwingsBook({self.source!r})"


#: The options of Excel's Protect Sheet dialog, in the order of ``Worksheet.Protect``'s arguments
#: after Password, DrawingObjects, Contents, Scenarios and UserInterfaceOnly.
_PROTECTION_OPTIONS = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
                       "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
                       "AllowSorting", "AllowFiltering", "AllowUsingPivotTables")
#: Formulas are compared as if written in this row (far from both ends of a sheet, so that any
#: relative reference stays on the sheet).
_RELATIVE_ROW = 500_000


def relative_formula(formula: str, cell: str) -> str:
    """``formula`` of ``cell`` moved to row 500000 of its column: two cells of one column whose
    formulas are the same this way hold the same formula relative to themselves (Excel's R1C1)."""
    col = a1.column_of(cell)
    try:
        return Translator(formula, origin=cell).translate_formula(f"{col}{_RELATIVE_ROW}")
    except Exception:  # noqa: BLE001 - a formula the tokenizer cannot read: a group of its own
        return f"{cell}\x00{formula}"


def _column_runs(cells: list[str]) -> list[tuple[str, str]]:
    """(address, first cell) of each run of consecutive rows of one column among ``cells``."""
    by_col: dict[str, list[int]] = {}
    for ref in cells:
        by_col.setdefault(a1.column_of(ref), []).append(a1.row_of(ref))
    return [(f"{col}{start}" if start == end else f"{col}{start}:{col}{end}", f"{col}{start}")
            for col, rows in by_col.items() for start, end in a1.runs(rows)]


def _group(refs: list[str], key: Callable[[int, int], Any]) -> list[list[str]]:
    """``refs`` grouped by ``key(row, column)``, each group in row order."""
    groups: dict[Any, list[str]] = {}
    for ref in refs:
        groups.setdefault(key(*a1.parse_cell(ref)), []).append(ref)
    return [sorted(g, key=a1.cell_sort_key) for g in groups.values()]


def _engine_type(book: Any) -> str | None:
    try:
        return book.app.engine.type
    except Exception:  # noqa: BLE001 - a test double or an old xlwings without engines
        return None
