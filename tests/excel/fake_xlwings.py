"""A test double of the small part of the xlwings API that lkjip-xl uses, backed by openpyxl.

It behaves like classic xlwings driving desktop Excel on Windows (xlwings 0.37.8, ``_xlwindows``),
as far as :mod:`lkjip_xl.adapters.xlwings_adapter` and :mod:`lkjip_xl.excel` can tell:

* ``Range.value`` reads numbers as ``float`` (Excel keeps every number as a double), empty cells
  and ``""`` as ``None``, dates as ``datetime``; an error value (``#DIV/0!``) is ``None`` unless
  the range was read with ``.options(err_to_str=True)`` (xlwings' ``_clean_value_data_element``).
  A formula cell shows the value computed for it (by the project's engine, given at construction),
  as Excel would.
* ``Range.value = ...`` is typed-in input, as COM's ``Range.Value`` assignment is: a text starting
  with ``=`` becomes a formula, a text that reads as a number (``"000000"``, ``"1e5"``, ``"12%"``)
  becomes a number, ``TRUE``/``FALSE`` a boolean, and a leading apostrophe makes the rest text.
  A 2-D list is written from the range's top-left cell, whatever the range's size (xlwings resizes).
* ``Range.formula`` is COM's ``Range.Formula``: a ``str`` for one cell, a tuple of tuples of
  ``str`` for more (formulas as written, constants as their text, ``""`` when empty).
* ``Range.color`` is an RGB tuple or ``None`` (no fill). Reading the colour of cells whose fills
  differ raises ``TypeError``, as xlwings does on Windows (``Interior.ColorIndex`` and
  ``Interior.Color`` are Null for mixed fills, and ``int_to_rgb(None)`` fails). Setting accepts an
  RGB tuple, ``"#RRGGBB"``/``"RRGGBB"``, an ``int`` (BGR, Excel's Color) or ``None``.
* ``Range.set_colors(matrix)`` (the bulk colour API of xlwings 0.37.5+; one call on the remote
  engine, a loop over the cells on the desktop engines) is counted as one call.
* A protected sheet refuses values in its locked cells and, unless formatting cells was allowed
  when it was protected, colours (Excel raises a COM error).
* ``Sheet.range(address)`` accepts a cell, a range and several areas (``"A1,B5:B7"``); an address
  longer than 255 characters fails, as Excel's ``Range()`` does.
* ``Range.formula = "=..."`` is COM's ``Range.Formula`` assignment: one formula for a range of
  several cells (or areas) is written into each, its relative references shifted from the first
  cell as Excel does; Excel then computes (automatic calculation): the next value read shows the
  values the project's engine computes for the workbook as it now is.
* ``Range.copy()`` and ``Range.paste(paste="formats")`` are the clipboard and PasteSpecial: a
  one-row source is repeated over a taller destination; pasting onto locked cells of a protected
  sheet fails.
* ``Sheet.api`` has what the adapter uses of COM's ``Worksheet``: ``ProtectContents``,
  ``ProtectDrawingObjects``, ``ProtectScenarios``, ``Protection.Allow*``, ``Unprotect(password)``
  (a sheet protected with a password refuses a wrong one) and ``Protect(...)`` with its
  positional arguments.

Every access that would cross the process boundary into Excel (one COM call or more) is counted,
reads and writes apart, in ``book.calls`` (a :class:`CallLog`), so tests can assert how many
calls an operation costs.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from lkjip_xl.error_values import ERROR_VALUES
from lkjip_xl import a1

#: Excel refuses a ``Range()`` address longer than this.
MAX_ADDRESS = 255
ERRORS = ERROR_VALUES
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?(?:[eE][+-]?\d+)?$")


class FakeComError(Exception):
    """What pywin32 raises when Excel refuses a call (here: an address Excel cannot parse)."""


class CallLog:
    """Calls into "Excel", by operation: ``reads["value"]``, ``writes["color"]``, ..."""

    def __init__(self) -> None:
        self.reads: Counter[str] = Counter()
        self.writes: Counter[str] = Counter()

    def read(self, op: str) -> None:
        self.reads[op] += 1

    def write(self, op: str) -> None:
        self.writes[op] += 1

    @property
    def total_reads(self) -> int:
        return sum(self.reads.values())

    @property
    def total_writes(self) -> int:
        return sum(self.writes.values())

    def reset(self) -> None:
        self.reads.clear()
        self.writes.clear()

    def __repr__(self) -> str:
        return f"CallLog(reads={dict(self.reads)}, writes={dict(self.writes)})"


# -- the book -----------------------------------------------------------------------------------------
class FakeBook:
    """``xw.Book`` over an openpyxl workbook.

    ``values``: the computed value of every formula cell, ``{(sheet, "P12"): 57.8, ...}``, as an
    evaluation engine returns them (:mod:`lkjip_xl.engine`); computed here with the project's
    default engine (the one ``lkjip-xl check`` uses) when not given.
    """

    def __init__(self, path: Path, values: dict[tuple[str, str], Any] | None = None, *, name: str | None = None):
        self.path = Path(path)
        self.wb = openpyxl.load_workbook(self.path, keep_vba=self.path.suffix.lower() == ".xlsm")
        if values is None:
            from lkjip_xl.engine.default import default_engine

            values = default_engine().evaluate(self.path)
        #: (sheet, cell) -> value shown by a formula cell
        self.computed: dict[tuple[str, str], Any] = dict(values)
        #: formulas were written since the values were computed (Excel computes them at once)
        self.dirty = False
        #: (sheet, (r1, c1, r2, c2)) of the range copied to the clipboard
        self.clipboard: tuple[Any, tuple[int, int, int, int]] | None = None
        #: password of each sheet protected with one (for Unprotect)
        self.passwords: dict[str, str] = {}
        self._name = name or self.path.name
        self.calls = CallLog()
        self._app = FakeApp(self)

    # xlwings API
    @property
    def name(self) -> str:
        self.calls.read("book.name")
        return self._name

    @property
    def fullname(self) -> str:
        self.calls.read("book.fullname")
        return str(self.path)

    @property
    def app(self) -> FakeApp:
        self.calls.read("book.app")
        return self._app

    @property
    def sheets(self) -> FakeSheets:
        return FakeSheets(self)

    @property
    def names(self) -> FakeNames:
        return FakeNames(self)

    def settle(self) -> None:
        """Compute the formulas again after some were written (Excel's automatic calculation)."""
        if not self.dirty:
            return
        import tempfile

        from lkjip_xl.engine.default import default_engine

        with tempfile.TemporaryDirectory(prefix="fake-xlwings-") as tmp:
            path = Path(tmp) / self.path.name
            self.wb.save(path)
            self.computed = dict(default_engine().evaluate(path))
        self.dirty = False

    # for tests
    def save(self, path: Path) -> Path:
        self.wb.save(path)
        return Path(path)

    def sheet(self, name: str) -> FakeSheet:
        """The sheet, without counting a call (for test set-up and inspection)."""
        return FakeSheet(self, self.wb[name])

    def __repr__(self) -> str:
        return f"<FakeBook [{self._name}]>"


class FakeApp:
    def __init__(self, book: FakeBook) -> None:
        self._book = book
        self._status_bar: str | bool = False
        self._screen_updating = True
        #: every status bar text set, in order (for tests)
        self.status_history: list[str | bool] = []
        #: every message box shown: (prompt, title, buttons, mode)
        self.alerts: list[tuple[str, str | None, str, str | None]] = []
        self.calculations = 0

    @property
    def status_bar(self) -> str | bool:
        self._book.calls.read("app.status_bar")
        return self._status_bar

    @status_bar.setter
    def status_bar(self, value: str | bool) -> None:
        self._book.calls.write("app.status_bar")
        if value is not False and not isinstance(value, str):
            raise TypeError(f"status_bar takes a str or False, not {value!r}")
        self._status_bar = value
        self.status_history.append(value)

    @property
    def screen_updating(self) -> bool:
        self._book.calls.read("app.screen_updating")
        return self._screen_updating

    @screen_updating.setter
    def screen_updating(self, value: bool) -> None:
        self._book.calls.write("app.screen_updating")
        self._screen_updating = bool(value)

    def calculate(self) -> None:
        self._book.calls.write("app.calculate")
        self.calculations += 1
        self._book.settle()

    @property
    def cut_copy_mode(self) -> str | None:
        self._book.calls.read("app.cut_copy_mode")
        return "copy" if self._book.clipboard else None

    @cut_copy_mode.setter
    def cut_copy_mode(self, value: bool) -> None:
        self._book.calls.write("app.cut_copy_mode")
        if value is False:
            self._book.clipboard = None

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok", mode: str | None = None,
              callback: str | None = None) -> str:
        self._book.calls.write("app.alert")
        if buttons not in ("ok", "ok_cancel", "yes_no", "yes_no_cancel"):
            raise KeyError(buttons)
        if mode not in (None, "info", "critical"):
            raise KeyError(mode)
        self.alerts.append((prompt, title, buttons, mode))
        return "ok"

    #: what ``app.engine`` says; a test may set ``FakeEngine("remote", "remote")``
    engine_info: FakeEngine | None = None

    @property
    def engine(self) -> FakeEngine:
        return self.engine_info or FakeEngine()


class FakeEngine:
    def __init__(self, name: str = "excel", type: str = "desktop") -> None:  # noqa: A002 - xlwings' name
        self.name = name
        self.type = type


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self._book = book

    def __len__(self) -> int:
        self._book.calls.read("sheets.count")
        return len(self._book.wb.worksheets)

    def __iter__(self):
        self._book.calls.read("sheets.count")
        for ws in self._book.wb.worksheets:
            self._book.calls.read("sheets.item")
            yield FakeSheet(self._book, ws)

    def add(self, name: str | None = None, before: FakeSheet | None = None, after: FakeSheet | None = None) -> FakeSheet:
        """``Sheets.add``: a new sheet before or after another (Excel: before the active one)."""
        self._book.calls.write("sheets.add")
        titles = [ws.title for ws in self._book.wb.worksheets]
        if name is not None and name.lower() in (t.lower() for t in titles):
            raise FakeComError(f"a sheet named {name!r} is already there")
        index = titles.index(after.name) + 1 if after is not None else (titles.index(before.name) if before else 0)
        ws = self._book.wb.create_sheet(name or f"Sheet{len(titles) + 1}", index)
        return FakeSheet(self._book, ws)

    def __getitem__(self, key: str | int) -> FakeSheet:
        self._book.calls.read("sheets.item")
        if isinstance(key, int):
            return FakeSheet(self._book, self._book.wb.worksheets[key])
        for ws in self._book.wb.worksheets:
            if ws.title.lower() == key.lower():  # Excel's sheet names are case-insensitive
                return FakeSheet(self._book, ws)
        raise FakeComError(f"no sheet named {key!r}")


class FakeNames:
    """``book.names``: the workbook's names; sheet-scoped ones are called ``Sheet!NAME`` like Excel."""

    def __init__(self, book: FakeBook) -> None:
        self._book = book

    def _all(self) -> list[FakeName]:
        out = [FakeName(self._book, n, dn.attr_text) for n, dn in self._book.wb.defined_names.items()]
        for ws in self._book.wb.worksheets:
            for n, dn in ws.defined_names.items():
                out.append(FakeName(self._book, f"{_quote_sheet(ws.title)}!{n}", dn.attr_text))
        return out

    def __len__(self) -> int:
        self._book.calls.read("names.count")
        return len(self._all())

    def __iter__(self):
        self._book.calls.read("names.count")
        for name in self._all():
            self._book.calls.read("names.item")
            yield name


class FakeName:
    def __init__(self, book: FakeBook, name: str, attr_text: str) -> None:
        self._book = book
        self._name = name
        self._refers_to = "=" + attr_text

    @property
    def name(self) -> str:
        self._book.calls.read("name.name")
        return self._name

    @property
    def refers_to(self) -> str:
        self._book.calls.read("name.refers_to")
        return self._refers_to


def _quote_sheet(title: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", title):
        return title
    return "'" + title.replace("'", "''") + "'"


# -- sheets and ranges --------------------------------------------------------------------------------
class FakeSheet:
    def __init__(self, book: FakeBook, ws) -> None:
        self.book = book
        self.ws = ws

    @property
    def name(self) -> str:
        self.book.calls.read("sheet.name")
        return self.ws.title

    @property
    def used_range(self) -> FakeRange:
        self.book.calls.read("sheet.used_range")
        ws = self.ws
        if not ws._cells:  # noqa: SLF001 - an empty sheet: Excel says A1
            return FakeRange(self, [(1, 1, 1, 1)])
        return FakeRange(self, [(ws.min_row, ws.min_column, ws.max_row, ws.max_column)])

    def range(self, cell1: str | tuple[int, int], cell2: str | tuple[int, int] | None = None) -> FakeRange:
        self.book.calls.read("sheet.range")
        if isinstance(cell1, tuple):
            if cell2 is None:
                r, c = cell1
                return FakeRange(self, [(r, c, r, c)])
            r1, c1 = cell1
            r2, c2 = cell2 if isinstance(cell2, tuple) else a1.parse_cell(cell2)
            return FakeRange(self, [(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))])
        if cell2 is not None:
            r1, c1, _, _ = a1.parse_range(cell1)
            _, _, r2, c2 = a1.parse_range(cell2)
            return FakeRange(self, [(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))])
        if len(cell1) > MAX_ADDRESS:
            raise FakeComError(f"Range(): address of {len(cell1)} characters (Excel accepts {MAX_ADDRESS})")
        try:
            areas = [a1.parse_range(part) for part in cell1.split(",")]
        except ValueError as exc:
            raise FakeComError(f"Range(): {exc}") from exc
        return FakeRange(self, areas)

    @property
    def api(self) -> FakeSheetApi:
        return FakeSheetApi(self)

    def __repr__(self) -> str:
        return f"<FakeSheet [{self.book._name}]{self.ws.title}>"


#: ``Worksheet.Protect``'s arguments after Password, DrawingObjects, Contents, Scenarios,
#: UserInterfaceOnly -> the openpyxl attribute (True there means "not allowed").
_PROTECT_ARGS = (("AllowFormattingCells", "formatCells"), ("AllowFormattingColumns", "formatColumns"),
                 ("AllowFormattingRows", "formatRows"), ("AllowInsertingColumns", "insertColumns"),
                 ("AllowInsertingRows", "insertRows"), ("AllowInsertingHyperlinks", "insertHyperlinks"),
                 ("AllowDeletingColumns", "deleteColumns"), ("AllowDeletingRows", "deleteRows"),
                 ("AllowSorting", "sort"), ("AllowFiltering", "autoFilter"), ("AllowUsingPivotTables", "pivotTables"))


class FakeProtection:
    """COM's ``Worksheet.Protection``: what the protected sheet allows."""

    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    def __getattr__(self, name: str) -> bool:
        for com, attr in _PROTECT_ARGS:
            if com == name:
                self._sheet.book.calls.read("protection." + name)
                return not bool(getattr(self._sheet.ws.protection, attr))
        raise AttributeError(name)


class FakeSheetApi:
    """The part of COM's ``Worksheet`` the adapter uses to lift and put back a sheet's protection."""

    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    @property
    def _calls(self) -> CallLog:
        return self._sheet.book.calls

    @property
    def ProtectContents(self) -> bool:  # noqa: N802 - COM's name
        self._calls.read("api.ProtectContents")
        return bool(self._sheet.ws.protection.sheet)

    @property
    def ProtectDrawingObjects(self) -> bool:  # noqa: N802
        self._calls.read("api.ProtectDrawingObjects")
        return bool(self._sheet.ws.protection.objects)

    @property
    def ProtectScenarios(self) -> bool:  # noqa: N802
        self._calls.read("api.ProtectScenarios")
        return bool(self._sheet.ws.protection.scenarios)

    @property
    def Protection(self) -> FakeProtection:  # noqa: N802
        self._calls.read("api.Protection")
        return FakeProtection(self._sheet)

    def Unprotect(self, password: str = "") -> None:  # noqa: N802
        self._calls.write("api.Unprotect")
        ws = self._sheet.ws
        wanted = self._sheet.book.passwords.get(ws.title)
        if wanted is not None and password != wanted:
            raise FakeComError("The password you supplied is not correct.")
        ws.protection.sheet = False

    def Protect(self, password: str = "", drawing_objects: bool = True, contents: bool = True,  # noqa: N802
                scenarios: bool = True, user_interface_only: bool = False, *allow: bool) -> None:
        self._calls.write("api.Protect")
        p = self._sheet.ws.protection
        p.sheet = bool(contents)
        p.objects = bool(drawing_objects)
        p.scenarios = bool(scenarios)
        for (_, attr), allowed in zip(_PROTECT_ARGS, allow):
            setattr(p, attr, not allowed)
        if password:
            self._sheet.book.passwords[self._sheet.ws.title] = password


def _excel_value(cell, computed: dict[tuple[str, str], Any], sheet: str, err_to_str: bool) -> Any:
    v = cell.value
    if cell.data_type == "f" or type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
        v = computed.get((sheet, cell.coordinate))
    elif cell.data_type == "e":
        v = str(v)
    if isinstance(v, str) and v in ERRORS and (cell.data_type in ("f", "e") or (sheet, cell.coordinate) in computed):
        return v if err_to_str else None
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return dt.datetime(v.year, v.month, v.day)
    if isinstance(v, dt.time):  # Excel keeps a time as a fraction of a day; xlwings gives a float
        return (v.hour * 3600 + v.minute * 60 + v.second) / 86400
    return v


def _formula_text(cell) -> str:
    v = cell.value
    if v is None:
        return ""
    if type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
        return getattr(v, "text", str(v))
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.date, dt.datetime)):
        return f"{v.month}/{v.day}/{v.year}"
    return str(v)


def _typed(value: Any) -> tuple[Any, bool]:
    """A value written through COM's Range.Value, as Excel stores it: (value, quote_prefixed)."""
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:], True
        text = value.strip()
        if text.upper() in ("TRUE", "FALSE"):
            return text.upper() == "TRUE", False
        percent = text.endswith("%")
        body = text[:-1].strip() if percent else text
        if body and _NUMBER.match(body) and any(ch.isdigit() for ch in body):
            number = float(body.replace(",", ""))
            return (number / 100 if percent else number), False
        return value, False
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day), False
    if value == "":
        return None, False
    return value, False


def _rgb_hex(color: Any) -> str | None:
    """xlwings' accepted colour forms -> ``"RRGGBB"`` (None: no fill)."""
    if color is None:
        return None
    if isinstance(color, str):
        text = color[1:] if color.startswith("#") else color
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", text):
            raise ValueError(f"invalid literal for int() with base 16: {color!r}")
        return text.upper()
    if isinstance(color, int) and not isinstance(color, bool):  # Excel's Color: R + 256 G + 65536 B
        r, g, b = color % 256, (color // 256) % 256, (color // 65536) % 256
        return f"{r:02X}{g:02X}{b:02X}"
    r, g, b = color
    return f"{int(r):02X}{int(g):02X}{int(b):02X}"


def _fill_rgb(cell) -> tuple[int, int, int] | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    color = fill.fgColor
    if color is None or color.type != "rgb" or not isinstance(color.rgb, str):
        return None
    text = color.rgb[-6:]
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))


class FakeRows:
    """``range.rows``: only ``autofit()`` (Excel sizes the rows to their text; the fake records it)."""

    def __init__(self, rng: "FakeRange") -> None:
        self.rng = rng

    def autofit(self) -> None:
        self.rng._calls.write("range.rows.autofit")  # noqa: SLF001


class FakeRange:
    def __init__(self, sheet: FakeSheet, areas: list[tuple[int, int, int, int]], options: dict | None = None):
        self.sheet = sheet
        self.areas = areas
        self._options = dict(options or {})

    @property
    def _calls(self) -> CallLog:
        return self.sheet.book.calls

    def _cells(self):
        seen = set()
        for r1, c1, r2, c2 in self.areas:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) not in seen:
                        seen.add((r, c))
                        yield r, c

    def _check_unlocked(self, cells) -> None:
        """Excel refuses to change a locked cell of a protected sheet."""
        ws = self.sheet.ws
        if not ws.protection.sheet:
            return
        for r, c in cells:
            cell = ws._cells.get((r, c))  # noqa: SLF001
            locked = True if cell is None else cell.protection.locked  # Excel's default: locked
            if locked:
                raise FakeComError(f"{ws.title}!{get_column_letter(c)}{r}: the cell is on a protected sheet")

    def _check_formatting(self) -> None:
        """... and to format cells of a protected sheet unless formatting is allowed
        (``formatCells`` false in the file: "Format cells" ticked when it was protected)."""
        ws = self.sheet.ws
        if ws.protection.sheet and ws.protection.formatCells:
            raise FakeComError(f"{ws.title}: formatting cells is not allowed on this protected sheet")

    def options(self, convert: Any = None, **options: Any) -> FakeRange:
        # pure Python in xlwings: no call into Excel
        if convert is not None:
            raise NotImplementedError("the fake has no converters")
        unknown = set(options) - {"ndim", "err_to_str", "empty", "numbers", "dates", "chunksize"}
        if unknown:
            raise TypeError(f"unknown options {sorted(unknown)}")
        return FakeRange(self.sheet, self.areas, {**self._options, **options})

    # -- geometry -----------------------------------------------------------------------------------
    @property
    def row(self) -> int:
        self._calls.read("range.row")
        return self.areas[0][0]

    @property
    def column(self) -> int:
        self._calls.read("range.column")
        return self.areas[0][1]

    @property
    def shape(self) -> tuple[int, int]:
        self._calls.read("range.shape")
        r1, c1, r2, c2 = self.areas[0]
        return r2 - r1 + 1, c2 - c1 + 1

    @property
    def address(self) -> str:
        self._calls.read("range.address")
        parts = []
        for r1, c1, r2, c2 in self.areas:
            first = f"${get_column_letter(c1)}${r1}"
            parts.append(first if (r1, c1) == (r2, c2) else f"{first}:${get_column_letter(c2)}${r2}")
        return ",".join(parts)

    @property
    def row_height(self) -> float | None:
        self._calls.read("range.row_height")
        return self.sheet.ws.row_dimensions[self.areas[0][0]].height

    @row_height.setter
    def row_height(self, height: float) -> None:
        self._calls.write("range.row_height")
        for r1, _, r2, _ in self.areas:
            for r in range(r1, r2 + 1):
                self.sheet.ws.row_dimensions[r].height = height

    @property
    def rows(self) -> "FakeRows":
        return FakeRows(self)

    # -- values --------------------------------------------------------------------------------------
    @property
    def value(self) -> Any:
        self._calls.read("range.value")
        self.sheet.book.settle()
        ws = self.sheet.ws
        r1, c1, r2, c2 = self.areas[0]  # Excel's Value of a multi-area range is its first area's
        err_to_str = bool(self._options.get("err_to_str", False))
        computed = self.sheet.book.computed
        grid = []
        for r in range(r1, r2 + 1):
            row = []
            for c in range(c1, c2 + 1):
                cell = ws._cells.get((r, c))  # noqa: SLF001 - never create cells by reading
                row.append(None if cell is None else _excel_value(cell, computed, ws.title, err_to_str))
            grid.append(row)
        if self._options.get("ndim") == 2:
            return grid
        if len(grid) == 1 and len(grid[0]) == 1:
            return grid[0][0]
        if len(grid) == 1:
            return grid[0]
        if all(len(row) == 1 for row in grid):
            return [row[0] for row in grid]
        return grid

    @value.setter
    def value(self, data: Any) -> None:
        self._calls.write("range.value")
        if not isinstance(data, (list, tuple)):
            data = [[data]]
        elif not data or not isinstance(data[0], (list, tuple)):
            data = [list(data)]
        widths = {len(row) for row in data}
        if len(widths) > 1:
            raise ValueError("xlwings writes rectangles only: every row must have the same length")
        ws = self.sheet.ws
        computed = self.sheet.book.computed
        r0, c0 = self.areas[0][0], self.areas[0][1]
        self._check_unlocked((r0 + i, c0 + j) for i, row in enumerate(data) for j in range(len(row)))
        for i, row in enumerate(data):
            for j, raw in enumerate(row):
                value, quoted = _typed(raw)
                cell = ws.cell(r0 + i, c0 + j)
                computed.pop((ws.title, cell.coordinate), None)
                cell.value = value
                if quoted and isinstance(value, str):
                    cell.data_type = "s"  # text, even when it starts with "=" (Excel's quote prefix)
                    cell.quotePrefix = True

    def clear_contents(self) -> None:
        self._calls.write("range.clear_contents")
        ws = self.sheet.ws
        computed = self.sheet.book.computed
        self._check_unlocked(self._cells())
        for r, c in self._cells():
            cell = ws._cells.get((r, c))  # noqa: SLF001
            if cell is not None:
                cell.value = None
                computed.pop((ws.title, cell.coordinate), None)

    @property
    def formula(self) -> str | tuple[tuple[str, ...], ...]:
        self._calls.read("range.formula")
        ws = self.sheet.ws
        r1, c1, r2, c2 = self.areas[0]
        rows = []
        for r in range(r1, r2 + 1):
            row = []
            for c in range(c1, c2 + 1):
                cell = ws._cells.get((r, c))  # noqa: SLF001
                row.append("" if cell is None else _formula_text(cell))
            rows.append(tuple(row))
        if r1 == r2 and c1 == c2:
            return rows[0][0]
        return tuple(rows)

    @formula.setter
    def formula(self, data: Any) -> None:
        """COM's ``Range.Formula =``: a single text for every cell (shifted from the first cell), or
        rows of texts for a rectangle; a text not starting with ``=`` is a constant."""
        from openpyxl.formula.translate import Translator

        self._calls.write("range.formula")
        cells = list(self._cells())
        self._check_unlocked(cells)
        ws = self.sheet.ws
        if isinstance(data, (list, tuple)):
            rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in data]
            r0, c0 = self.areas[0][0], self.areas[0][1]
            items = [((r0 + i, c0 + j), text) for i, row in enumerate(rows) for j, text in enumerate(row)]
        else:
            origin = get_column_letter(cells[0][1]) + str(cells[0][0])
            items = []
            for r, c in cells:
                text = data
                if isinstance(data, str) and data.startswith("="):
                    text = Translator(data, origin=origin).translate_formula(f"{get_column_letter(c)}{r}")
                items.append(((r, c), text))
        for (r, c), text in items:
            cell = ws.cell(r, c)
            self.sheet.book.computed.pop((ws.title, cell.coordinate), None)
            cell.value, _ = _typed(text) if not (isinstance(text, str) and text.startswith("=")) else (text, False)
        self.sheet.book.dirty = True

    # -- the clipboard -----------------------------------------------------------------------------
    def copy(self, destination: FakeRange | None = None) -> None:
        self._calls.write("range.copy")
        if destination is not None:
            raise NotImplementedError("the fake copies to the clipboard only")
        self.sheet.book.clipboard = (self.sheet, self.areas[0])

    def paste(self, paste: str | None = None, operation: str | None = None, skip_blanks: bool = False,
              transpose: bool = False) -> None:
        self._calls.write("range.paste")
        if paste != "formats" or operation or skip_blanks or transpose:
            raise NotImplementedError("the fake pastes formats only")
        if self.sheet.book.clipboard is None:
            raise FakeComError("PasteSpecial method of Range class failed (nothing copied)")
        source, (s1, sc1, s2, sc2) = self.sheet.book.clipboard
        self._paste_formats(source.ws, (s1, sc1, s2, sc2))

    def copy_from(self, source_range: FakeRange, copy_type: str = "all", skip_blanks: bool = False,
                  transpose: bool = False) -> None:
        self._calls.write("range.copy_from")
        if copy_type != "formats":
            raise NotImplementedError("the fake copies formats only")
        self._paste_formats(source_range.sheet.ws, source_range.areas[0])

    def _paste_formats(self, source_ws, area: tuple[int, int, int, int]) -> None:
        s1, sc1, s2, sc2 = area
        r1, c1, r2, c2 = self.areas[0]
        height, width = s2 - s1 + 1, sc2 - sc1 + 1
        r2, c2 = max(r2, r1 + height - 1), max(c2, c1 + width - 1)
        targets = [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        self._check_unlocked(targets)
        ws = self.sheet.ws
        for r, c in targets:
            src = source_ws.cell(s1 + (r - r1) % height, sc1 + (c - c1) % width)
            ws.cell(r, c)._style = copy.copy(src._style)  # noqa: SLF001 - openpyxl's style of a cell

    # -- colours -------------------------------------------------------------------------------------
    @property
    def color(self) -> tuple[int, int, int] | None:
        self._calls.read("range.color")
        ws = self.sheet.ws
        colors = set()
        for r, c in self._cells():
            cell = ws._cells.get((r, c))  # noqa: SLF001
            colors.add(None if cell is None else _fill_rgb(cell))
        if len(colors) > 1:
            # xlwings on Windows: Interior.ColorIndex is Null (not xlNone) and int_to_rgb(Null) fails
            raise TypeError("int() argument must be a string, a bytes-like object or a real number, not 'NoneType'")
        return colors.pop()

    @color.setter
    def color(self, color: Any) -> None:
        self._calls.write("range.color")
        self._check_formatting()
        rgb = _rgb_hex(color)
        ws = self.sheet.ws
        fill = PatternFill("solid", fgColor=rgb) if rgb else PatternFill()
        for r, c in self._cells():
            ws.cell(r, c).fill = fill

    def set_colors(self, colors: list[list[Any]]) -> None:
        """``Range.set_colors`` (xlwings >= 0.37.5): a matrix of the range's shape; ``...`` keeps."""
        self._calls.write("range.set_colors")
        self._check_formatting()
        r1, c1, r2, c2 = self.areas[0]
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 10_000:
            raise ValueError("Range.set_colors() supports at most 10,000 cells per call")
        if len(colors) != r2 - r1 + 1 or any(len(row) != c2 - c1 + 1 for row in colors):
            raise ValueError("colors must match the range's shape")
        ws = self.sheet.ws
        for i, row in enumerate(colors):
            for j, color in enumerate(row):
                if color is ...:
                    continue
                rgb = _rgb_hex(color)
                ws.cell(r1 + i, c1 + j).fill = PatternFill("solid", fgColor=rgb) if rgb else PatternFill()

    def __repr__(self) -> str:
        parts = [a1.range_ref(*area) for area in self.areas]
        return f"<FakeRange [{self.sheet.book._name}]{self.sheet.ws.title}!{','.join(parts)}>"


def fake_caller(book: FakeBook):
    """A stand-in for ``xw.Book.caller`` (a classmethod) that returns ``book``."""

    def caller(*args: Any, **kwargs: Any) -> FakeBook:
        return book

    return caller
