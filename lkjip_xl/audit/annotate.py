"""The audit's findings written into a copy of any workbook: a *Pemeriksaan* sheet (one row per
finding, its cell a link) and a fill on every cell a finding names.

Why not through openpyxl: an office's own workbook carries what openpyxl drops or rewrites on
saving (charts, images, comments' shapes, data validations of other kinds, VBA, custom XML, pivot
caches), and staff must get back *their* workbook with the findings added. The workbook-file
layer's :class:`~lkjip_xl.ooxml.copy.WorkbookCopy` copies every part as it is except the ones the
findings concern (only the format of a marked cell changes, so a shared formula and its group are
never touched); this module decides what the audit adds: which cells get which severity's colour,
the rows of the Pemeriksaan sheet, and which sheet they go to. A sheet named Pemeriksaan that an
earlier run wrote (its A1 says so) is replaced; a sheet of the office's own with that name is left
alone and the findings go to "Pemeriksaan lkjip-xl".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from lkjip_xl import a1, textfit
from lkjip_xl import layout as lay
from lkjip_xl.errors import LkjipError, OutputError
from lkjip_xl.findings import Finding, Severity, counts
from lkjip_xl.ooxml.copy import WorkbookCopy
from lkjip_xl.ooxml.package import PackageError, WriteError

SHEET = "Pemeriksaan"
OTHER_SHEET = "Pemeriksaan lkjip-xl"
#: A1 of the sheet this module writes: how a later run knows the sheet is its own.
TITLE = "Pemeriksaan lkjip-xl"
HEADERS = ("No", "Sheet", "Sel", "Aturan", "Tingkat", "Pesan")
WIDTHS = (5, 22, 14, 24, 12, 90)
#: The first findings row (title, summary, header above it).
FIRST_ROW = 4
#: Fill colours by severity: the same as lkjip-xl's own workbooks (Petunjuk's legend).
COLORS = {s: lay.FINDING_COLORS[s.value] for s in Severity}
MAX_MARKS = 5000
#: The colour of a link's text (Excel's own for hyperlinks).
LINK_COLOR = "0563C1"


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
        copy = WorkbookCopy(source)
        own = _own_sheet(copy)
        marked = _mark(copy, findings, cells or {}, skip=own)
        looks = _looks(copy) if copy.can_format else {}
        rows, styles, links = _findings_rows(findings, looks, note, source.name)
        layout: dict[str, Any] = {"widths": list(WIDTHS), "styles": styles, "links": links, "freeze_rows": 3,
                                  "landscape": True, "heights": _heights(rows)}
        if own is not None:
            name = own
            copy.replace_sheet(name, rows, **layout)
        else:
            name = copy.add_sheet(_free_name(copy), rows, **layout)
        copy.repeat_rows(name, FIRST_ROW - 1, FIRST_ROW - 1)  # the header row on every printed page
        copy.save(output, error=OutputError)
    except WriteError as exc:
        raise OutputError(str(exc)) from exc
    except (PackageError, KeyError, ValueError) as exc:
        raise AnnotateError(f"{source}: paket buku kerja tidak dapat dibaca untuk ditulisi temuan "
                            f"({type(exc).__name__}: {exc})") from exc
    return Annotated(output, name, len(findings), marked)


def _mark(copy: WorkbookCopy, findings: list[Finding],
          cells: dict[tuple[str, str], list[str]], skip: str | None) -> list[tuple[str, str]]:
    """Fill the cells the findings name (the worst severity wins a cell; at most
    :data:`MAX_MARKS`); the (sheet, cell) of each. ``skip``: the sheet about to be replaced."""
    if not copy.can_format:
        return []
    sheets = {s.name for s in copy.sheets if s.kind == "worksheet" and s.name != skip}
    seen: set[tuple[str, int, int]] = set()
    groups: dict[tuple[str, Severity], list[str]] = {}
    marked: list[tuple[str, str]] = []
    for f in sorted(findings, key=lambda f: f.severity.rank):
        if f.sheet not in sheets or not f.cell:
            continue
        for ref in cells.get((f.sheet, f.cell)) or [f.cell.split(":")[0]]:
            try:
                r, c = a1.parse_cell(ref)
            except ValueError:
                continue
            if (f.sheet, r, c) in seen or len(seen) >= MAX_MARKS:
                continue
            seen.add((f.sheet, r, c))
            groups.setdefault((f.sheet, f.severity), []).append(a1.cell(r, c))
            marked.append((f.sheet, a1.cell(r, c)))
    for (sheet, severity), refs in groups.items():
        copy.mark_cells(sheet, refs, COLORS[severity])
    return marked


def _own_sheet(copy: WorkbookCopy) -> str | None:
    """The Pemeriksaan sheet an earlier run wrote (its A1 is :data:`TITLE`), if any."""
    for candidate in (SHEET, OTHER_SHEET):
        for s in copy.sheets:
            if s.kind == "worksheet" and s.name.lower() == candidate.lower() and copy.cell_value(s.name, "A1") == TITLE:
                return s.name
    return None


def _free_name(copy: WorkbookCopy) -> str:
    """Pemeriksaan, or when the office has a sheet of its own by that name, "Pemeriksaan lkjip-xl"
    (numbered when that is taken too)."""
    taken = {name.lower() for name in copy.sheet_names()}
    if SHEET.lower() not in taken:
        return SHEET
    name, n = OTHER_SHEET, 2
    while name.lower() in taken:
        name = f"{OTHER_SHEET} {n}"
        n += 1
    return name


def _looks(copy: WorkbookCopy) -> dict[str, int]:
    """Cell formats of the findings sheet: title, header, text, link, and Tingkat per severity."""
    out = {
        "title": copy.new_format(bold=True),
        "header": copy.new_format(bold=True, wrap_top=True),
        "text": copy.new_format(wrap_top=True),
        # the summary runs on across the empty cells beside it: wrapped, it would stand in column A
        "summary": copy.new_format(),
        "link": copy.new_format(underline=True, color=LINK_COLOR, wrap_top=True),
    }
    for s in Severity:
        out[s.value] = copy.new_format(fill=COLORS[s], wrap_top=True)
    return out


def _heights(rows: list[list[Any]]) -> dict[int, float]:
    """Row heights that show each finding's wrapped message whole (Pesan, the last column; the
    Calibri 11 of the added formats)."""
    out = {}
    for r, row in enumerate(rows[FIRST_ROW - 1:], FIRST_ROW):
        message = row[-1] if row else None
        if isinstance(message, str):
            n = textfit.lines(message, WIDTHS[-1], size=11)
            if n > 1:
                out[r] = textfit.row_height(n, size=11)
    return out


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _findings_rows(findings: list[Finding], looks: dict[str, int], note: str,
                   source: str) -> tuple[list[list[Any]], dict[str, int], dict[str, str]]:
    """The rows of the Pemeriksaan sheet from A1, the format of each cell, and each finding's link."""
    n = counts(findings)
    summary = (f"{source}: {n[Severity.ERROR]} kesalahan, {n[Severity.WARNING]} peringatan, "
               f"{n[Severity.INFO]} catatan")
    if note:
        summary += f". {note}"
    rows: list[list[Any]] = [[TITLE], [summary], list(HEADERS)]
    look_of = {"A1": "title", "A2": "summary"} | {f"{a1.col_letter(i + 1)}3": "header" for i in range(len(HEADERS))}
    links: dict[str, str] = {}
    for i, f in enumerate(findings):
        r = FIRST_ROW + i
        rows.append([i + 1, f.sheet, f.cell or "-", f.rule, f.severity.value, f.message])
        look_of |= {f"A{r}": "text", f"B{r}": "text", f"C{r}": "link" if f.cell else "text", f"D{r}": "text",
                    f"E{r}": f.severity.value, f"F{r}": "text"}
        if f.cell:
            links[f"C{r}"] = f"{_quoted(f.sheet)}!{f.cell}"
    if not findings:
        rows.append([None] * (len(HEADERS) - 1) + ["Tidak ada temuan."])
        look_of[f"F{FIRST_ROW}"] = "text"
    styles = {ref: looks[look] for ref, look in look_of.items() if look in looks}
    return rows, styles, links
