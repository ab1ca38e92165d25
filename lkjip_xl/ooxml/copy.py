"""Writing a copy of a workbook package with its changes, every other part byte for byte.

The one way the project writes into a workbook it did not just build: the cached values of the
formulas, cell edits and row heights (:class:`~.edit.SheetEdits`; both by :class:`~.rewrite.SheetRewriter`),
new cell formats (:class:`~.styles.StyleBook`), and added sheets. :func:`write_package` streams the
source once; a part nobody changes keeps its name, order, compression method and level, date,
attributes and bytes. A rewritten worksheet keeps its method and, when it is large (over 4 MB),
is deflated at the fastest level.

:class:`WorkbookCopy` is the front for a caller that wants a changed copy of any workbook (the
audit's ``diperiksa.xlsx``: a findings sheet added, the reported cells marked with a fill)::

    copy = WorkbookCopy(Path("FORMULIR.xlsx"))
    name = copy.add_sheet("Pemeriksaan", [["No", "Sel", "Temuan"], [1, "C5", "..."]], widths=[6, 10, 80])
    copy.mark_cells("Form", ["C5", "D7"], "FFC7CE")
    copy.save(Path("diperiksa.xlsx"))   # atomic; the source is only read
"""

from __future__ import annotations

import re
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any, Mapping

from lkjip_xl import a1
from lkjip_xl.errors import LkjipError
from lkjip_xl.fileutil import atomic_write
from lkjip_xl.ooxml import content_types, safety
from lkjip_xl.ooxml.edit import SheetEdits, cell_xml
from lkjip_xl.ooxml.package import (NS_MAIN, NS_R, REL_WORKSHEET, Package, PackageError, SheetEntry, WriteError,
                                    relative_target, rels_part)
from lkjip_xl.ooxml.rewrite import RewriteStats, SheetRewriter, with_full_calc_on_load
from lkjip_xl.ooxml.sheet import SheetCells, SheetReader, read_workbook_parts
from lkjip_xl.ooxml.styles import StyleBook, read_styles
from lkjip_xl.ooxml.text import CHUNK, escape_text, insert_before_close, quote_attr, start_tag

__all__ = ["WorkbookCopy", "insert_cached_values", "write_package"]

#: A worksheet part rewritten from this size on is compressed at the fastest level.
_FAST_COMPRESS_OVER = 4 * 1024 * 1024


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, info.date_time)
    new.compress_type = info.compress_type
    new.comment = info.comment
    new.create_system = info.create_system
    new.external_attr = info.external_attr
    new.internal_attr = info.internal_attr
    new.file_size = info.file_size  # decides whether the entry needs zip64 fields
    level = getattr(info, "_compresslevel", None)
    if level is not None:
        new._compresslevel = level  # noqa: SLF001 - the level a part was written with, when known
    return new


def write_package(source: Path | str, destination: Path | str, *, values: Mapping[tuple[str, str], Any] | None = None,
                  edits: Mapping[str, SheetEdits] | None = None, replace: Mapping[str, bytes] | None = None,
                  add: Mapping[str, bytes] | None = None, full_calc_on_load: bool = True) -> RewriteStats:
    """Write a copy of the workbook ``source`` to ``destination`` with its changes.

    ``values``: ``{(sheet, "P12"): value}``, the formula cells' cached values (a formula cell not
    in it is left as it was); ``edits``: sheet -> its cell edits; ``replace``: part -> its new
    bytes (the styles with new formats, the workbook with an added sheet); ``add``: new parts,
    written after the others. ``full_calc_on_load``: Excel recomputes on opening. Not atomic:
    ``destination`` is written directly (:func:`insert_cached_values` and
    :meth:`WorkbookCopy.save` are the safe entry points).
    """
    values = values or {}
    edits = edits or {}
    replace = replace or {}
    source, destination = Path(source), Path(destination)
    stats = RewriteStats()
    started = time.perf_counter()
    try:
        zin = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise PackageError(f"{source}: bukan paket buku kerja yang dapat dibaca ({exc})") from exc
    try:
        with zin:
            package = Package.of_zip(zin, source)
            by_part = {part: name for name, part in package.sheet_parts().items()}
            workbook = package.workbook_part()
            with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as zout:
                zout.comment = zin.comment
                for info in zin.infolist():
                    new = _copy_info(info)
                    name = info.filename
                    if info.is_dir():
                        zout.writestr(new, b"")
                    elif name in replace or (name == workbook and full_calc_on_load):
                        data = replace[name] if name in replace else package.read_small(name)
                        if name == workbook and full_calc_on_load:
                            data = with_full_calc_on_load(data, source, name)
                        new.file_size = len(data)
                        zout.writestr(new, data)
                    elif name in by_part:
                        sheet = by_part[name]
                        rewriter = SheetRewriter(sheet, values, stats, edits.get(sheet))
                        if new.compress_type == zipfile.ZIP_DEFLATED and info.file_size > _FAST_COMPRESS_OVER:
                            # A rewritten sheet of megabytes: the fastest level (a 50 MB sheet in
                            # 0.2 s, not 0.75 s, for a part about a third larger).
                            new._compresslevel = 1  # noqa: SLF001 - what ZipFile.open(..., "w") reads
                        with zin.open(info) as src, zout.open(new, "w", force_zip64=info.file_size > 1 << 30) as dst:
                            rewriter.run(src, dst, name, source)
                        stats.sheets.append(sheet)
                    else:
                        with zin.open(info) as src, zout.open(new, "w") as dst:
                            shutil.copyfileobj(src, dst, CHUNK)
                for name, data in (add or {}).items():
                    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    zout.writestr(info, data)
    except PackageError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError) as exc:
        raise PackageError(f"{source}: paket buku kerja rusak ({type(exc).__name__}: {exc})") from exc
    except OSError as exc:
        raise WriteError(destination, exc.strerror or str(exc)) from exc
    stats.seconds = time.perf_counter() - started
    return stats


def insert_cached_values(path: Path | str, values: Mapping[tuple[str, str], Any], *, output: Path | str | None = None,
                         full_calc_on_load: bool = True) -> RewriteStats:
    """Store ``values`` as the cached results of the formula cells of ``path``.

    Written to ``output`` (default: ``path`` itself) through a temporary file in the same folder
    and ``os.replace``: the target is either the old file or the complete new one.
    """
    started = time.perf_counter()
    path = Path(path)
    target = Path(output) if output is not None else path
    stats = atomic_write(target, lambda tmp: write_package(path, tmp, values=values,
                                                           full_calc_on_load=full_calc_on_load), PackageError)
    stats.seconds = time.perf_counter() - started
    return stats


# -- a changed copy of any workbook ------------------------------------------------------------------

def _sheet_xml(rows: list[list[Any]], widths: list[float] | None, *, styles: Mapping[str, int] | None = None,
               links: Mapping[str, str] | None = None, freeze_rows: int = 0, landscape: bool = False,
               heights: Mapping[int, float] | None = None) -> bytes:
    """A worksheet part holding ``rows`` from A1 (text as inline strings: no shared-strings part
    needs to change), with column widths, cell formats (``styles``: "C4" -> format number) and
    links within the workbook (``links``: "C4" -> "'Sheet'!H5") when given; ``freeze_rows``
    rows stay in view on scrolling; ``landscape``: printed across, one page wide; ``heights``: row
    -> points, for rows of wrapped text (neither Excel nor LibreOffice sizes them on opening)."""
    heights = heights or {}
    styles = styles or {}
    links = links or {}
    last_col = max((len(row) for row in rows), default=0)
    out = [b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="', NS_MAIN.encode(),
           b'" xmlns:r="', NS_R.encode(), b'">']
    if landscape:  # fitToWidth below counts only where the sheet says it fits to pages
        out.append(b'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
    if rows and last_col:
        out.append(f'<dimension ref="A1:{a1.cell(len(rows), last_col)}"/>'.encode())
    if freeze_rows:
        out.append(f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{freeze_rows}" '
                   f'topLeftCell="A{freeze_rows + 1}" activePane="bottomLeft" state="frozen"/></sheetView>'
                   f'</sheetViews>'.encode())
    if widths:
        out.append(b"<cols>")
        for i, width in enumerate(widths, 1):
            out.append(f'<col min="{i}" max="{i}" width="{width:g}" customWidth="1"/>'.encode())
        out.append(b"</cols>")
    out.append(b"<sheetData>")
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row, 1):
            ref = a1.cell(r, c)
            cell = cell_xml(ref, value, styles.get(ref, 0))
            if not cell.endswith(b"/>"):  # an empty cell is left out
                cells.append(cell)
        if cells:
            height = f' ht="{heights[r]:g}" customHeight="1"' if r in heights else ""
            out.append(f'<row r="{r}"{height}>'.encode() + b"".join(cells) + b"</row>")
    out.append(b"</sheetData>")
    if links:
        out.append(b"<hyperlinks>")
        for ref, location in links.items():
            r, c = a1.parse_cell(ref)
            shown = rows[r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else None
            display = f" display={quote_attr(str(shown))}" if shown is not None else ""
            out.append(f"<hyperlink ref={quote_attr(ref)} location={quote_attr(location)}{display}/>".encode())
        out.append(b"</hyperlinks>")
    if landscape:
        out.append(b'<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                   b'<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>')
    out.append(b"</worksheet>")
    return b"".join(out)


class WorkbookCopy:
    """A copy of the workbook at ``source`` being prepared: sheets added, cells edited or marked.

    Nothing is written until :meth:`save`; the source is only read.
    """

    def __init__(self, source: Path | str) -> None:
        self.source = Path(source)
        try:
            with zipfile.ZipFile(self.source) as z:
                package = Package.of_zip(z, self.source)
                self.workbook = package.workbook_part()
                self.sheets = package.sheets()
                self.names = set(package.names)
                self.workbook_xml = package.read_small(self.workbook).decode("utf-8")
                self.rels_name = rels_part(self.workbook)
                self.rels_xml = package.read_small(self.rels_name).decode("utf-8")
                self.types_xml = package.read_small(content_types.CONTENT_TYPES).decode("utf-8")
                self.styles_part = package.related(self.workbook, "styles")
                self._styles: StyleBook | None = None
                if self.styles_part is not None and self.styles_part in package.names:
                    styles = read_styles(package, self.styles_part)
                    self._styles = StyleBook(package.read_small(self.styles_part), styles.fills, styles.empty_fills)
        except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError, ValueError) as exc:
            raise PackageError(f"{self.source}: bukan paket buku kerja yang dapat dibaca ({type(exc).__name__}: {exc})") from exc
        self.edits: dict[str, SheetEdits] = {}
        self.added: dict[str, bytes] = {}
        #: existing worksheet parts written anew (:meth:`replace_sheet`)
        self.replaced: dict[str, bytes] = {}
        self._sheet_formats: dict[str, list[list[int]]] = {}
        self._workbook_changed = False

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    @property
    def can_format(self) -> bool:
        """Whether the workbook has a styles part to add formats to (:meth:`mark_cells`, :meth:`new_format`)."""
        return self._styles is not None

    def new_format(self, *, bold: bool = False, underline: bool = False, color: str | None = None,
                   fill: str | None = None, wrap_top: bool = False) -> int:
        """The number of a cell format for the cells of an added sheet (see
        :meth:`~.styles.StyleBook.new_format`); colours as ``"RRGGBB"``."""
        if self._styles is None:
            raise PackageError(f"{self.source}: buku kerja tidak punya bagian gaya (styles); format tidak dapat ditambahkan")
        return self._styles.new_format(bold=bold, underline=underline, color=color, fill=fill, wrap_top=wrap_top)

    def _read(self, sheet: str) -> SheetCells:
        """The cells of an existing worksheet as the file holds them (KeyError: no such sheet)."""
        with zipfile.ZipFile(self.source) as z:
            parts = read_workbook_parts(z, self.source)
            return SheetReader(parts, sheet, self.source, safety.MAX_USED_CELLS).read(z, parts.sheets[sheet])

    def cell_value(self, sheet: str, ref: str) -> Any:
        """The value of one cell of an existing worksheet as the file holds it (None when empty)."""
        values = self._read(sheet).values
        row, col = a1.parse_cell(ref)
        return values[row - 1][col - 1] if row <= len(values) and col <= len(values[row - 1]) else None

    def replace_sheet(self, name: str, rows: list[list[Any]], **layout: Any) -> None:
        """Write the existing worksheet ``name`` anew holding ``rows`` (as :meth:`add_sheet` lays
        them out); its place, name and relationships stay."""
        entry = next((s for s in self.sheets if s.name == name and s.kind == "worksheet"), None)
        if entry is None or entry.part in self.added:
            raise KeyError(name)
        if name in self.edits:
            raise ValueError(f"sheet {name!r} has cell edits; it cannot also be replaced")
        self.replaced[entry.part] = _sheet_xml(rows, **{"widths": None, **layout})

    def add_sheet(self, name: str, rows: list[list[Any]], *, widths: list[float] | None = None,
                  **layout: Any) -> str:
        """Add a worksheet after the others holding ``rows`` from A1; return its name (``name``, or
        ``name (2)``... when the workbook has a sheet of that name already). ``layout``: the
        keywords of the sheet's look (``styles``, ``links``, ``freeze_rows``, ``landscape``, ``heights``)."""
        taken = {s.name.lower() for s in self.sheets}
        final, n = name, 1
        while final.lower() in taken:
            n += 1
            final = f"{name} ({n})"
        number = 1
        while f"xl/worksheets/sheet{number}.xml" in self.names or f"xl/worksheets/sheet{number}.xml" in self.added:
            number += 1
        part = f"xl/worksheets/sheet{number}.xml"
        self.added[part] = _sheet_xml(rows, widths, **layout)
        ids = {s.rel_id for s in self.sheets}
        rid = next(f"rId{i}" for i in range(1, 10_000) if f"rId{i}" not in ids and f'Id="rId{i}"' not in self.rels_xml)
        self.rels_xml = insert_before_close(self.rels_xml, "Relationships", (
            f'<Relationship Id="{rid}" Type="{REL_WORKSHEET}" Target={quote_attr(relative_target(self.workbook, part))}/>'))
        sheet_ids = [int(v) for v in _attr_values(self.workbook_xml, "sheetId")]
        sheets_tag = start_tag(self.workbook_xml, "sheets")
        prefix = sheets_tag.group(0)[1:].split("sheets", 1)[0] if sheets_tag else ""
        declared = re.search(rf"""xmlns:([A-Za-z_][\w.\-]*)\s*=\s*["']{re.escape(NS_R)}["']""", self.workbook_xml)
        r = declared.group(1) if declared else "r"
        namespace = "" if declared else f' xmlns:r="{NS_R}"'
        element = (f'<{prefix}sheet{namespace} name={quote_attr(final)} sheetId="{max(sheet_ids, default=0) + 1}" '
                   f'{r}:id="{rid}"/>')
        self.workbook_xml = insert_before_close(self.workbook_xml, "sheets", element)
        self._workbook_changed = True
        self.types_xml = content_types.set_override(self.types_xml, part, content_types.CT_WORKSHEET)
        self.sheets.append(SheetEntry(final, part, "worksheet", "visible", rid))
        return final

    def repeat_rows(self, sheet: str, first: int, last: int) -> None:
        """Print rows ``first``..``last`` of ``sheet`` on top of every page (its
        ``_xlnm.Print_Titles`` defined name; one the sheet had is replaced)."""
        index = next(i for i, s in enumerate(self.sheets) if s.name == sheet)
        tag = start_tag(self.workbook_xml, "sheets")
        prefix = tag.group(0)[1:].split("sheets", 1)[0] if tag else ""
        xml = re.sub(rf'<{prefix}definedName\b(?=[^>]*\bname="_xlnm\.Print_Titles")(?=[^>]*\blocalSheetId="{index}")'
                     rf'[^>]*>[^<]*</{prefix}definedName>', "", self.workbook_xml)
        quoted = "'" + sheet.replace("'", "''") + "'"
        element = (f'<{prefix}definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                   f'{escape_text(quoted).decode()}!${first}:${last}</{prefix}definedName>')
        if start_tag(xml, "definedNames"):
            xml = insert_before_close(xml, "definedNames", element)
        else:  # definedNames comes after sheets (and the external references)
            after = list(re.finditer(rf"</{prefix}(?:sheets|functionGroups|externalReferences)>", xml))[-1].end()
            xml = xml[:after] + f"<{prefix}definedNames>{element}</{prefix}definedNames>" + xml[after:]
        self.workbook_xml = xml
        self._workbook_changed = True

    def _edits(self, sheet: str) -> SheetEdits:
        if sheet not in {s.name for s in self.sheets if s.kind == "worksheet" and s.part not in self.added}:
            raise KeyError(sheet)
        if any(s.name == sheet and s.part in self.replaced for s in self.sheets):
            raise ValueError(f"sheet {sheet!r} is replaced; its cells cannot also be edited")
        return self.edits.setdefault(sheet, SheetEdits())

    def mark_cells(self, sheet: str, cells: list[str], color: str) -> None:
        """Give ``cells`` of an existing sheet the solid fill ``color`` (``"RRGGBB"``), each cell
        keeping the rest of its format (a new cell format is added per format met; none changes)."""
        if self._styles is None:
            raise PackageError(f"{self.source}: buku kerja tidak punya bagian gaya (styles); sel tidak dapat ditandai")
        edits = self._edits(sheet)
        current = self._formats(sheet)
        for ref in cells:
            row, col = a1.parse_cell(ref)
            old = current[row - 1][col - 1] if row <= len(current) and col <= len(current[row - 1]) else 0
            edits.set_style(row, col, self._styles.with_fill(old, color))

    def _formats(self, sheet: str) -> list[list[int]]:
        """The cell formats of ``sheet`` (read once per sheet marked)."""
        found = self._sheet_formats.get(sheet)
        if found is None:
            found = self._sheet_formats[sheet] = self._read(sheet).styles
        return found

    def save(self, destination: Path | str, *, error: type[LkjipError] = PackageError) -> RewriteStats:
        """Write the copy to ``destination`` atomically (never over the source); a file-system
        failure becomes ``error`` (the caller's own kind of error, naming ``destination``)."""
        destination = Path(destination)
        if destination.resolve() == self.source.resolve():
            raise PackageError(f"{destination}: salinan tidak pernah ditulis menimpa buku kerja asalnya")
        replace = dict(self.replaced)
        if self._workbook_changed:
            replace[self.workbook] = self.workbook_xml.encode("utf-8")
        if self.added:
            replace[self.rels_name] = self.rels_xml.encode("utf-8")
            replace[content_types.CONTENT_TYPES] = self.types_xml.encode("utf-8")
        if self._styles is not None and self._styles.changed:
            replace[self.styles_part] = self._styles.xml()
        return atomic_write(destination, lambda tmp: write_package(
            self.source, tmp, edits=self.edits, replace=replace, add=self.added, full_calc_on_load=False),
            error)


def _attr_values(xml: str, name: str) -> list[str]:
    return re.findall(rf"\s{name}\s*=\s*[\"']([0-9]+)[\"']", xml)
