"""The audit's findings written into a copy of any workbook: a *Pemeriksaan* sheet (one row per
finding, its cell a link) and a fill on every cell a finding names.

Why at the package level and not through openpyxl: an office's own workbook carries what openpyxl
drops or rewrites on saving (charts, images, comments' shapes, data validations of other kinds,
VBA, custom XML, pivot caches), and staff must get back *their* workbook with the findings added.
So every part is copied as it is, except four: the sheet parts whose cells are marked (only the
``s`` attribute of those cells changes, so a shared formula and its group are never touched),
``xl/styles.xml`` (fills, two fonts and cell formats appended; none changed), ``xl/workbook.xml``
and its relationships (the new sheet listed last, so sheet indices of defined names stay right),
and ``[Content_Types].xml``. A sheet named Pemeriksaan that an earlier run wrote (its A1 says so)
is replaced; a sheet of the office's own with that name is left alone and the findings go to
"Pemeriksaan lkjip-xl".

This is the one module that writes foreign packages; the workbook-file layer (``lkjip_xl.ooxml``)
is to take it over, so :func:`annotate_copy` is all the rest of the code calls.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Iterable

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl.errors import LkjipError, OutputError
from lkjip_xl.fileutil import atomic_write
from lkjip_xl.findings import Finding, Severity, counts

SHEET = "Pemeriksaan"
OTHER_SHEET = "Pemeriksaan lkjip-xl"
#: A1 of the sheet this module writes: how a later run knows the sheet is its own.
TITLE = "Pemeriksaan lkjip-xl"
HEADERS = ("No", "Sheet", "Sel", "Aturan", "Tingkat", "Pesan")
WIDTHS = (5, 22, 14, 24, 12, 110)
#: The first findings row (title, summary, header above it).
FIRST_ROW = 4
#: Fill colours by severity: the same as lkjip-xl's own workbooks (Petunjuk's legend).
COLORS = {s: lay.FINDING_COLORS[s.value] for s in Severity}
MAX_MARKS = 5000

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKSHEET_TYPE = _REL_NS + "/worksheet"
_WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_ATTR = re.compile(r'([\w:.-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class AnnotateError(LkjipError):
    """A workbook package this module cannot add the findings to (the message says why)."""


@dataclass
class Annotated:
    """What :func:`annotate_copy` wrote."""

    path: Path
    sheet: str
    rows: int
    #: (sheet, cell) of every cell given a fill
    marked: list[tuple[str, str]]


def annotate_copy(source: Path | str, output: Path | str, findings: Iterable[Finding], *,
                  cells: dict[tuple[str, str], list[str]] | None = None, note: str = "") -> Annotated:
    """Write ``output``: the package ``source`` (.xlsx/.xlsm, never changed) with the findings
    sheet and the marks. ``cells``: (sheet, finding cell) -> the cells it marks (a run lists each
    of its cells; default: the finding's cell, or the first cell of its range). ``note``: a line
    under the title (what was recognised). Written atomically; the caller decides whether the
    output may replace a file (:func:`lkjip_xl.outputs.claim`)."""
    source, output = Path(source), Path(output)
    findings = list(findings)
    try:
        with zipfile.ZipFile(source) as z:
            plan = _Plan(z, source)
            edits = plan.edits(findings, cells or {}, note)

            def write(tmp: Path) -> None:
                _copy_with(z, tmp, edits, plan.new_parts)

            atomic_write(output, write, OutputError)
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise AnnotateError(f"{source}: paket buku kerja tidak dapat dibaca untuk ditulisi temuan "
                            f"({type(exc).__name__}: {exc})") from exc
    return Annotated(output, plan.sheet_name, len(findings), plan.marked)


def _copy_with(z: zipfile.ZipFile, tmp: Path, edits: dict[str, bytes], new_parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = edits.get(info.filename)
            if data is None:
                data = z.read(info.filename)
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            out.writestr(copy, data)
        for name, data in new_parts.items():
            out.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def _attrs(tag: str) -> dict[str, str]:
    return {m.group(1): unescape(m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR.finditer(tag)}


def _esc(text: object) -> str:
    s = _BAD_XML.sub("", str(text))
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


class _Plan:
    """The package's map and the edits to make."""

    def __init__(self, z: zipfile.ZipFile, path: Path) -> None:
        self.z = z
        self.path = path
        self.names = set(z.namelist())
        self.new_parts: dict[str, bytes] = {}
        self.marked: list[tuple[str, str]] = []
        self.workbook_part = self._workbook_part()
        self.workbook = z.read(self.workbook_part).decode("utf-8")
        self.rels_part = posixpath.join(posixpath.dirname(self.workbook_part), "_rels",
                                        posixpath.basename(self.workbook_part) + ".rels")
        self.rels = z.read(self.rels_part).decode("utf-8")
        self.targets: dict[str, tuple[str, str]] = {}  # rId -> (type, part)
        for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)>", self.rels):
            at = _attrs(m.group(1))
            if "Id" in at and "Target" in at and at.get("TargetMode") != "External":
                target = at["Target"]
                part = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(posixpath.dirname(self.workbook_part), target))
                self.targets[at["Id"]] = (at.get("Type", ""), part)
        self.sheets: list[tuple[str, str, str]] = []  # (name, rId, part)
        for m in re.finditer(r"<((?:\w+:)?)sheet\b([^>]*?)/?>", self.workbook):
            at = _attrs(m.group(2))
            rid = next((v for k, v in at.items() if k.endswith(":id")), "")
            part = self.targets.get(rid, ("", ""))[1]
            self.sheets.append((at.get("name", ""), rid, part))
        self.styles_part = next((p for t, p in self.targets.values() if t.endswith("/styles")), None)
        self.sheet_name = SHEET

    def _workbook_part(self) -> str:
        root_rels = self.z.read("_rels/.rels").decode("utf-8")
        for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)>", root_rels):
            at = _attrs(m.group(1))
            if at.get("Type", "").endswith("/officeDocument"):
                return at.get("Target", "").lstrip("/")
        raise AnnotateError(f"{self.path}: paket tanpa bagian buku kerja (officeDocument)")

    # -- the edits ------------------------------------------------------------------------------------
    def edits(self, findings: list[Finding], cells: dict[tuple[str, str], list[str]], note: str) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        by_part = {name: part for name, _, part in self.sheets}
        marks = self._marks(findings, cells, by_part)
        styles = _Styles(self.z.read(self.styles_part).decode("utf-8")) if self.styles_part in self.names else None
        if styles is not None:
            for part, items in marks.items():
                text = self.z.read(part).decode("utf-8")
                out[part] = _mark_cells(text, items, styles).encode("utf-8")
                self.marked += [(sheet, a1.cell(r, c)) for sheet, r, c, _ in items]
        looks = styles.sheet_looks() if styles is not None else {}
        own = self._own_sheet()
        sheet_xml = _findings_sheet(findings, looks, note, self.path.name).encode("utf-8")
        if own is not None:
            self.sheet_name = own[0]
            out[own[2]] = sheet_xml
        else:
            self._add_sheet(sheet_xml, out)
        if styles is not None and styles.changed:
            out[self.styles_part] = styles.text.encode("utf-8")
        return out

    def _marks(self, findings: list[Finding], cells: dict[tuple[str, str], list[str]],
               by_part: dict[str, str]) -> dict[str, list[tuple[str, int, int, Severity]]]:
        """part -> (sheet, row, col, severity) of each cell to fill, the worst severity first."""
        seen: set[tuple[str, int, int]] = set()
        out: dict[str, list[tuple[str, int, int, Severity]]] = {}
        for f in sorted(findings, key=lambda f: f.severity.rank):
            part = by_part.get(f.sheet)
            if not part or not f.cell or part not in self.names:
                continue
            for ref in cells.get((f.sheet, f.cell)) or [f.cell.split(":")[0]]:
                try:
                    r, c = a1.parse_cell(ref)
                except ValueError:
                    continue
                if (f.sheet, r, c) in seen or len(seen) >= MAX_MARKS:
                    continue
                seen.add((f.sheet, r, c))
                out.setdefault(part, []).append((f.sheet, r, c, f.severity))
        return out

    def _own_sheet(self) -> tuple[str, str, str] | None:
        """The Pemeriksaan sheet an earlier run wrote (its A1 is :data:`TITLE`); if the office has
        a Pemeriksaan sheet of its own, the findings get :data:`OTHER_SHEET`."""
        taken = {name.lower() for name, _, _ in self.sheets}
        for candidate in (SHEET, OTHER_SHEET):
            for name, rid, part in self.sheets:
                if name.lower() == candidate.lower() and part in self.names and _written_here(self.z.read(part)):
                    return name, rid, part
        if SHEET.lower() in taken:
            self.sheet_name = OTHER_SHEET
            n = 2
            while self.sheet_name.lower() in taken:
                self.sheet_name = f"{OTHER_SHEET} {n}"
                n += 1
        return None

    def _add_sheet(self, sheet_xml: bytes, out: dict[str, bytes]) -> None:
        folder = posixpath.dirname(self.workbook_part)
        n = len(self.sheets) + 1
        while posixpath.join(folder, f"worksheets/sheet{n}.xml") in self.names:
            n += 1
        part = posixpath.join(folder, f"worksheets/sheet{n}.xml")
        self.new_parts[part] = sheet_xml
        existing = next((self.targets[rid][0] for _, rid, _ in self.sheets if rid in self.targets), _WORKSHEET_TYPE)
        ids = set(self.targets) | set(re.findall(r'\bId="([^"]+)"', self.rels))
        k = len(ids) + 1
        while f"rId{k}" in ids:
            k += 1
        rid = f"rId{k}"
        rel = f'<Relationship Id="{rid}" Type="{existing}" Target="worksheets/sheet{n}.xml"/>'
        close = re.search(r"</(?:\w+:)?Relationships>", self.rels)
        if close is None:
            raise AnnotateError(f"{self.path}: {self.rels_part} tidak dapat dibaca")
        if re.match(r"</\w+:", close.group(0)):
            raise AnnotateError(f"{self.path}: {self.rels_part} memakai awalan namespace yang tidak didukung")
        out[self.rels_part] = (self.rels[:close.start()] + rel + self.rels[close.start():]).encode("utf-8")

        root = re.search(r"<((?:\w+:)?)workbook\b([^>]*)>", self.workbook)
        if root is None:
            raise AnnotateError(f"{self.path}: {self.workbook_part} tidak dapat dibaca")
        prefix = root.group(1)
        rel_prefix = next((k.split(":", 1)[1] for k, v in _attrs(root.group(2)).items()
                           if k.startswith("xmlns:") and v.endswith("/relationships")), None)
        declare = ""
        if rel_prefix is None:
            rel_prefix = "lkjipr"
            declare = f' xmlns:lkjipr="{_REL_NS}"'
        ids_used = [int(x) for x in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bsheetId="(\d+)"', self.workbook)]
        sheet_id = max(ids_used, default=0) + 1
        tag = (f'<{prefix}sheet name="{_esc(self.sheet_name)}" sheetId="{sheet_id}" '
               f'{rel_prefix}:id="{rid}"{declare}/>')
        end = re.search(rf"</{re.escape(prefix)}sheets>", self.workbook)
        if end is None:
            raise AnnotateError(f"{self.path}: {self.workbook_part} tanpa daftar sheet")
        out[self.workbook_part] = (self.workbook[:end.start()] + tag + self.workbook[end.start():]).encode("utf-8")

        types = self.z.read("[Content_Types].xml").decode("utf-8")
        ct = _WORKSHEET_CT
        for m in re.finditer(r"<(?:\w+:)?Override\b([^>]*)>", types):
            at = _attrs(m.group(1))
            if at.get("ContentType", "").endswith("worksheet+xml"):
                ct = at["ContentType"]
                break
        override = f'<Override PartName="/{part}" ContentType="{ct}"/>'
        end = re.search(r"</(?:\w+:)?Types>", types)
        if end is None:
            raise AnnotateError(f"{self.path}: [Content_Types].xml tidak dapat dibaca")
        out["[Content_Types].xml"] = (types[:end.start()] + override + types[end.start():]).encode("utf-8")


def _written_here(sheet_xml: bytes) -> bool:
    return f"<t>{TITLE}".encode() in sheet_xml[:4000] or f'<t xml:space="preserve">{TITLE}'.encode() in sheet_xml[:4000]


# -- styles -----------------------------------------------------------------------------------------------
class _Styles:
    """``xl/styles.xml`` with fills, fonts and cell formats appended (none changed: every cell
    keeps its look, the marked ones get a copy of their format with the fill)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.changed = False
        self.fill_ids: dict[Severity, int] = {}
        self.xf_cache: dict[tuple[int, Severity | None, str], int] = {}
        self._xfs: list[str] | None = None

    def _block(self, name: str) -> re.Match[str] | None:
        return re.search(rf"<((?:\w+:)?){name}\b([^>]*?)(/>|>(.*?)</\1{name}>)", self.text, re.S)

    def _append(self, name: str, item: str) -> int:
        """Append ``item`` to the ``name`` list (fills, fonts, cellXfs); its index."""
        m = self._block(name)
        if m is None:
            raise AnnotateError(f"xl/styles.xml tanpa <{name}>")
        prefix, inner = m.group(1), m.group(4) or ""
        child = {"fills": "fill", "fonts": "font", "cellXfs": "xf"}[name]
        n = len(re.findall(rf"<{re.escape(prefix)}{child}\b", inner))
        if prefix:
            item = re.sub(r"<(/?)(?=[A-Za-z])", rf"<\1{prefix}", item)
        attrs = re.sub(r'\s*\bcount="\d+"', "", m.group(2))
        new = f"<{prefix}{name}{attrs} count=\"{n + 1}\">{inner}{item}</{prefix}{name}>"
        self.text = self.text[:m.start()] + new + self.text[m.end():]
        self.changed = True
        return n

    def xfs(self) -> list[str]:
        m = self._block("cellXfs")
        if m is None:
            return []
        return re.findall(r"<(?:\w+:)?xf\b[^>]*?(?:/>|>.*?</(?:\w+:)?xf>)", m.group(4) or "", re.S)

    def fill(self, severity: Severity) -> int:
        if severity not in self.fill_ids:
            self.fill_ids[severity] = self._append(
                "fills", f'<fill><patternFill patternType="solid"><fgColor rgb="FF{COLORS[severity]}"/>'
                         f'<bgColor indexed="64"/></patternFill></fill>')
        return self.fill_ids[severity]

    def marked(self, style: int, severity: Severity) -> int:
        """The cell format ``style`` with the severity's fill (made once per pair)."""
        key = (style, severity, "")
        if key not in self.xf_cache:
            xfs = self.xfs()
            base = xfs[style] if 0 <= style < len(xfs) else (xfs[0] if xfs else '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>')
            fill = self.fill(severity)
            start = re.match(r"<((?:\w+:)?)xf\b([^>]*?)(/?)>", base)
            assert start is not None
            attrs = re.sub(r'\s*\b(fillId|applyFill)="[^"]*"', "", start.group(2))
            rest = base[start.end():]
            item = f'<xf{attrs} fillId="{fill}" applyFill="1"{start.group(3)}>{rest}'
            item = re.sub(r"<(/?)\w+:", r"<\1", item)  # _append puts the prefix back
            self.xf_cache[key] = self._append("cellXfs", item)
        return self.xf_cache[key]

    def sheet_looks(self) -> dict[str, int]:
        """Cell formats of the findings sheet: title, header, text, link, and Tingkat per severity."""
        bold = self._append("fonts", '<font><b/><sz val="11"/><name val="Calibri"/></font>')
        link = self._append("fonts", '<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/></font>')
        top = '<alignment vertical="top" wrapText="1"/>'
        out = {
            "title": self._append("cellXfs", f'<xf numFmtId="0" fontId="{bold}" fillId="0" borderId="0" xfId="0" applyFont="1"/>'),
            "header": self._append("cellXfs", f'<xf numFmtId="0" fontId="{bold}" fillId="0" borderId="0" xfId="0" '
                                              f'applyFont="1" applyAlignment="1">{top}</xf>'),
            "text": self._append("cellXfs", f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" '
                                            f'applyAlignment="1">{top}</xf>'),
            "link": self._append("cellXfs", f'<xf numFmtId="0" fontId="{link}" fillId="0" borderId="0" xfId="0" '
                                            f'applyFont="1" applyAlignment="1">{top}</xf>'),
        }
        for s in Severity:
            out[s.value] = self._append("cellXfs", f'<xf numFmtId="0" fontId="0" fillId="{self.fill(s)}" borderId="0" '
                                                   f'xfId="0" applyFill="1" applyAlignment="1">{top}</xf>')
        return out


# -- marking cells in a sheet part -----------------------------------------------------------------------
_CELL_START = re.compile(r"<((?:\w+:)?)c\b([^>]*?)(/?)>")
_ROW = re.compile(r"<((?:\w+:)?)row\b([^>]*?)(?:/>|>(.*?)</\1row>)", re.S)


def _mark_cells(text: str, items: list[tuple[str, int, int, Severity]], styles: _Styles) -> str:
    """The sheet part with each cell's ``s`` pointing at its format with the fill; a cell that has
    no element yet (an empty cell a finding names) gets one, in its row, in column order."""
    want = {(r, c): sev for _, r, c, sev in items}
    found: set[tuple[int, int]] = set()

    def restyle(m: re.Match[str]) -> str:
        at = m.group(2)
        ref = re.search(r'\br="([A-Za-z]{1,3}\d+)"', at)
        if ref is None:
            return m.group(0)
        pos = a1.parse_cell(ref.group(1).upper())
        sev = want.get(pos)
        if sev is None:
            return m.group(0)
        found.add(pos)
        s = re.search(r'\bs="(\d+)"', at)
        new = styles.marked(int(s.group(1)) if s else 0, sev)
        at = re.sub(r'\s*\bs="\d+"', "", at) + f' s="{new}"'
        return f"<{m.group(1)}c{at}{m.group(3)}>"

    start = text.find("<sheetData")
    if start < 0:
        start = 0
    end = text.find("</sheetData", start)
    end = len(text) if end < 0 else end
    body = _CELL_START.sub(restyle, text[start:end])
    text = text[:start] + body + text[end:]
    missing = sorted(p for p in want if p not in found)
    if not missing:
        return text
    return _insert_cells(text, missing, want, styles)


def _insert_cells(text: str, missing: list[tuple[int, int]], want: dict[tuple[int, int], Severity],
                  styles: _Styles) -> str:
    by_row: dict[int, list[int]] = {}
    for r, c in missing:
        by_row.setdefault(r, []).append(c)
    m = re.search(r"<((?:\w+:)?)sheetData\b[^>]*?(/?)>", text)
    if m is None:
        return text
    prefix = m.group(1)
    if m.group(2):  # <sheetData/>: an empty sheet
        text = text[:m.start()] + f"<{prefix}sheetData></{prefix}sheetData>" + text[m.end():]
        m = re.search(r"<((?:\w+:)?)sheetData\b[^>]*?>", text)
        assert m is not None
    data_start = m.end()
    data_end = text.find(f"</{prefix}sheetData>", data_start)
    body = text[data_start:data_end]
    rows: list[tuple[int, str]] = []
    last = 0
    pieces: list[str] = []
    for rm in _ROW.finditer(body):
        pieces.append(body[last:rm.start()])
        at = _attrs(rm.group(2))
        try:
            r = int(at.get("r", "0"))
        except ValueError:
            r = 0
        rows.append((r, rm.group(0)))
        last = rm.end()
    if any(r == 0 for r, _ in rows) or any(p.strip() for p in pieces) or body[last:].strip():
        return text  # rows without numbers, or other content between them: leave the empty cells unmarked

    def cell_xml(r: int, c: int) -> str:
        return f'<{prefix}c r="{a1.cell(r, c)}" s="{styles.marked(0, want[(r, c)])}"/>'

    out_rows: list[str] = []
    pending = sorted(by_row)
    i = 0
    for r, xml in rows:
        while i < len(pending) and pending[i] < r:
            pr = pending[i]
            out_rows.append(f'<{prefix}row r="{pr}">' + "".join(cell_xml(pr, c) for c in sorted(by_row[pr]))
                            + f"</{prefix}row>")
            i += 1
        if i < len(pending) and pending[i] == r:
            out_rows.append(_add_to_row(xml, r, sorted(by_row[r]), cell_xml, prefix))
            i += 1
        else:
            out_rows.append(xml)
    for pr in pending[i:]:
        out_rows.append(f'<{prefix}row r="{pr}">' + "".join(cell_xml(pr, c) for c in sorted(by_row[pr]))
                        + f"</{prefix}row>")
    return text[:data_start] + "".join(out_rows) + text[data_end:]


def _add_to_row(xml: str, r: int, cols: list[int], cell_xml, prefix: str) -> str:
    start = re.match(r"<(?:\w+:)?row\b[^>]*?(/?)>", xml)
    assert start is not None
    head = re.sub(r'\s*\bspans="[^"]*"', "", start.group(0))
    if start.group(1):  # <row r="5"/>
        return head[:-2] + ">" + "".join(cell_xml(r, c) for c in cols) + f"</{prefix}row>"
    inner = xml[start.end():xml.rfind("</")]
    cells = list(re.finditer(r"<(?:\w+:)?c\b[^>]*?(?:/>|>.*?</(?:\w+:)?c>)", inner, re.S))
    out, last, todo = [], 0, list(cols)
    for cm in cells:
        ref = re.search(r'\br="([A-Za-z]{1,3})\d+"', cm.group(0)[:200])
        col = a1.col_index(ref.group(1).upper()) if ref else 0
        while todo and col and todo[0] < col:
            out.append(inner[last:cm.start()])
            last = cm.start()
            out.append(cell_xml(r, todo.pop(0)))
        out.append(inner[last:cm.end()])
        last = cm.end()
    out.append(inner[last:])
    out.extend(cell_xml(r, c) for c in todo)
    return head + "".join(out) + f"</{prefix}row>"


# -- the findings sheet -----------------------------------------------------------------------------------
def _findings_sheet(findings: list[Finding], looks: dict[str, int], note: str, source: str) -> str:
    n = counts(findings)
    summary = (f"{source}: {n[Severity.ERROR]} kesalahan, {n[Severity.WARNING]} peringatan, "
               f"{n[Severity.INFO]} catatan")
    if note:
        summary += f". {note}"

    def s(key: str) -> str:
        return f' s="{looks[key]}"' if key in looks else ""

    def text_cell(ref: str, value: object, look: str = "text") -> str:
        return f'<c r="{ref}" t="inlineStr"{s(look)}><is><t xml:space="preserve">{_esc(value)}</t></is></c>'

    rows = [f'<row r="1">{text_cell("A1", TITLE, "title")}</row>',
            f'<row r="2">{text_cell("A2", summary)}</row>',
            '<row r="3">' + "".join(text_cell(f"{a1.col_letter(i + 1)}3", h, "header") for i, h in enumerate(HEADERS))
            + "</row>"]
    links = []
    for i, f in enumerate(findings):
        r = FIRST_ROW + i
        cells = [f'<c r="A{r}"{s("text")}><v>{i + 1}</v></c>', text_cell(f"B{r}", f.sheet),
                 text_cell(f"C{r}", f.cell or "-", "link" if f.cell else "text"), text_cell(f"D{r}", f.rule),
                 text_cell(f"E{r}", f.severity.value, f.severity.value), text_cell(f"F{r}", f.message)]
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
        if f.cell:
            links.append(f'<hyperlink ref="C{r}" location="{_esc(_quoted(f.sheet) + "!" + f.cell)}" '
                         f'display="{_esc(f.cell)}"/>')
    if not findings:
        rows.append(f'<row r="{FIRST_ROW}">{text_cell(f"F{FIRST_ROW}", "Tidak ada temuan.")}</row>')
    cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in enumerate(WIDTHS))
    last = FIRST_ROW + max(len(findings), 1) - 1
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
            f'<dimension ref="A1:F{last}"/>'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" '
            'state="frozen"/></sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            f"<cols>{cols}</cols>"
            f"<sheetData>{''.join(rows)}</sheetData>"
            + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
            + '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
              '<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
              "</worksheet>")
