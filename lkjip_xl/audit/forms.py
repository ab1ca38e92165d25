"""Known forms, recognised from a sheet's title, header text and legend row (never from fixed
addresses): the Permendagri 86/2017 Renja evaluation form (the 17-column form and its variants
without the kode or with a % per triwulan), the Permendagri 54/2010 J-1, and the LKjIP
Rekapitulasi (Laporan Rekapitulasi Kemajuan Pelaksanaan Kegiatan).

The Renja form is recognised by :func:`lkjip_xl.renja.form.recognise_renja_form`, the same
recognition the Renja import (``lkjip-xl import``) reads a form with: one place knows its headers,
its K / Rp / % sub-columns and its variants; here its column map is named by role.

:func:`recognise_form` is the public entry: given one sheet's cells (the workbook-file layer's
``SheetCells``) it says which form the sheet is and where the form's columns are, by role
(``target_tahun_k``, ``realisasi_tw1_rp``, ``capaian_tahun_k``...). The Renja import can use the
same answer to read a foreign form.
"""

from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass, field

from lkjip_xl.audit.grid import SheetView, is_number
from lkjip_xl.audit.layout import Layout, find_layout
from lkjip_xl.audit.legend import LegendError, parse_legend, sub_kind
from lkjip_xl.renja.form import recognise_renja_form

RENJA_86 = "renja_86_2017"
J1_54 = "j1_54_2010"
REKAP_LKJIP = "rekap_lkjip"

NAMES = {
    RENJA_86: "Formulir Evaluasi Renja Permendagri 86/2017",
    J1_54: "Tabel J-1 Evaluasi Renja dan Renstra Permendagri 54/2010",
    REKAP_LKJIP: "Rekapitulasi Kemajuan Pelaksanaan Kegiatan LKjIP",
}


@dataclass
class FormMatch:
    kind: str  # RENJA_86, J1_54, REKAP_LKJIP
    sheet: str
    #: role -> column (1-based): "target_tahun_k", "realisasi_tahun_rp", "capaian_tahun_k", ...
    columns: dict[str, int] = field(default_factory=dict)
    legend_row: int | None = None
    header_rows: list[int] = field(default_factory=list)
    first_data_row: int = 1
    variant: str = ""  # "tanpa kode", "persen per triwulan"
    #: role -> the header cell (row, col) whose text names a year, for J-1's year checks
    year_cells: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return NAMES[self.kind] + (f" ({self.variant})" if self.variant else "")


def recognise_form(cells, looks=None, hidden: bool = False) -> FormMatch | None:
    """Which known form the sheet ``cells`` (a ``SheetCells``) is, or None."""
    from lkjip_xl.audit.grid import build_view
    from lkjip_xl.audit.source import SheetInfo, SourceBook

    book = SourceBook(path=Path(cells.name), sheets=[SheetInfo(cells.name, "", hidden)], cells={cells.name: cells},
                      looks=list(looks or []))
    view = build_view(book, cells.name, hidden)
    return recognise_view(view, find_layout(view))


def recognise_view(view: SheetView, lay: Layout) -> FormMatch | None:
    title = _title_text(view, lay)
    header = " ".join(lay.titles.values())
    for check in (_renja_86, _j1_54, _rekap_lkjip):
        found = check(view, lay, title, header)
        if found is not None:
            found.legend_row = lay.legend_row
            found.header_rows = list(lay.header_rows)
            found.first_data_row = lay.first_data_row
            return found
    return None


def _title_text(view: SheetView, lay: Layout) -> str:
    top = (lay.header_rows[0] if lay.header_rows else lay.first_data_row) - 1
    parts = []
    for r in range(1, max(0, top) + 1):
        for v in view.row_values(r):
            if isinstance(v, str) and v.strip():
                parts.append(v.strip().lower())
    return " ".join(parts)


def _legend_roles(lay: Layout) -> dict[int, tuple[str, tuple]]:
    """legend number -> (expression kind, numbers it uses): ("sum", (8, 9, 10, 11)), ("ratio", (12, 7))."""
    out = {}
    numbers = set(lay.legend)
    for n, lc in lay.legend.items():
        if not lc.expression:
            continue
        try:
            e = parse_legend(lc.expression, numbers)
        except LegendError:
            continue
        terms = _sum_terms(e)
        if terms and len(terms) >= 2:
            out[n] = ("sum", tuple(terms))
            continue
        ratio = _ratio_terms(e)
        if ratio:
            out[n] = ("ratio", ratio)
    return out


def _sum_terms(e) -> list[int] | None:
    if e.op == "col":
        return [e.args[0]]
    if e.op == "+":
        a, b = _sum_terms(e.args[0]), _sum_terms(e.args[1])
        return None if a is None or b is None else a + b
    return None


def _ratio_terms(e) -> tuple[int, int] | None:
    if e.op == "*" and e.args[1].op == "const":
        e = e.args[0]
    if e.op == "/" and e.args[0].op == "col" and e.args[1].op == "col":
        return e.args[0].args[0], e.args[1].args[0]
    return None


def _columns_of(lay: Layout, number: int) -> dict[str, int]:
    """sub-column kind ("k", "rp", or "" when single) -> column, for a legend number."""
    lc = lay.legend.get(number)
    if lc is None:
        return {}
    out = {}
    for c in range(lc.first, lc.last + 1):
        k = sub_kind(lay, c)
        if k is not None:
            out.setdefault(k, c)
    if not out:
        out[""] = lc.first
    return out


def _put(match: FormMatch, role: str, lay: Layout, number: int) -> None:
    for sub, c in _columns_of(lay, number).items():
        match.columns[f"{role}_{sub}" if sub else role] = c


#: Permendagri 86/2017 column number -> the role of its K / Rp / % columns
_RENJA_ROLES = {5: "target_periode", 6: "realisasi_lalu", 7: "target_tahun", 12: "realisasi_tahun",
                13: "capaian_tahun", 14: "realisasi_akhir", 15: "capaian_akhir"}


def _renja_86(view: SheetView, lay: Layout, title: str, header: str) -> FormMatch | None:
    """The Renja evaluation form as the Renja import recognises it (:func:`recognise_renja_form`,
    the one place that knows the form's headers and variants); its column map by role."""
    if "triwulan" not in header and "triwulan" not in title:
        return None
    cells = view.cells
    fm = recognise_renja_form(cells)
    if fm is None:
        return None
    match = FormMatch(RENJA_86, view.name)
    pairs = [(_RENJA_ROLES[n], p) for n, p in fm.pairs.items() if n in _RENJA_ROLES]
    pairs += [(f"realisasi_tw{p.number - 7}", p) for p in fm.triwulan]
    for role, p in pairs:
        for sub, c in (("k", p.k), ("rp", p.rp), ("%", p.pct)):
            if c is not None:
                match.columns[f"{role}_{sub}"] = c
    if not fm.kode:
        match.variant = "tanpa kode"
    elif any(p.pct is not None for p in fm.triwulan):
        match.variant = "persen per triwulan"
    return match


_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def _j1_54(view: SheetView, lay: Layout, title: str, header: str) -> FormMatch | None:
    if not ("evaluasi" in title and "renja" in title and "renstra" in title):
        return None
    roles = _legend_roles(lay)
    match = FormMatch(J1_54, view.name)
    for n, (kind, terms) in roles.items():
        if kind == "ratio" and terms[0] - terms[1] == 1:
            _put(match, "tingkat_realisasi", lay, n)
            _put(match, "realisasi_tahun", lay, terms[0])
            _put(match, "target_tahun", lay, terms[1])
        elif kind == "sum" and len(terms) == 3:
            _put(match, "perkiraan_realisasi", lay, n)
            _put(match, "realisasi_lalu", lay, terms[0])
            _put(match, "target_berikut", lay, terms[2])
            for m, (k2, t2) in roles.items():
                if k2 == "ratio" and t2[0] == n:
                    _put(match, "tingkat_capaian_renstra", lay, m)
                    _put(match, "target_renstra", lay, t2[1])
    if "tingkat_realisasi" not in match.columns:
        return None
    for role in ("target_renstra", "realisasi_lalu", "target_tahun", "realisasi_tahun", "target_berikut",
                 "perkiraan_realisasi"):
        c = match.columns.get(role)
        if c is None:
            continue
        found = _header_year(view, lay, c)
        if found is not None:
            match.year_cells[role] = found
    return match


def _header_year(view: SheetView, lay: Layout, col: int) -> tuple[int, int, int] | None:
    """(row, col, year) of the lowest header cell over ``col`` that names a year."""
    for r in sorted(lay.header_rows, reverse=True):
        m = view.merged(r, col)
        rr, cc = (m[0], m[1]) if m else (r, col)
        v = view.value(rr, cc)
        text = str(int(v)) if is_number(v) else (v if isinstance(v, str) else "")
        years = _YEAR.findall(text)
        if years:
            return rr, cc, int(years[-1])
    return None


def _rekap_lkjip(view: SheetView, lay: Layout, title: str, header: str) -> FormMatch | None:
    if not ("rekapitulasi" in title and "kegiatan" in title) and "tingkat capaian kinerja dan anggaran" not in header:
        return None
    match = FormMatch(REKAP_LKJIP, view.name)
    # Per year: a "target" group, a "realisasi" group and a "tingkat capaian" group, each K and Rp.
    groups: list[tuple[str, int]] = []
    for c in sorted(lay.titles):
        parts = lay.titles[c].split(" / ")
        sub = sub_kind(lay, c)
        if sub is None or len(parts) < 2:
            continue
        group = parts[-2]
        kind = ("capaian" if "capaian" in group else "target" if ("target" in group or "pagu" in group)
                else "realisasi" if "realisasi" in group else None)
        if kind is None:
            continue
        groups.append((f"{kind}_{sub}", c))
    # the last complete set of columns is the reported year
    for role, c in groups:
        match.columns[role] = c
    if not {"target_k", "realisasi_k", "capaian_k"} <= set(match.columns):
        return None
    for c, title_text in lay.titles.items():
        if "metode" in title_text:
            match.columns["metode"] = c
    return match


def recognise_sheets(models) -> dict[str, str]:
    """sheet -> form name, for every sheet of the audit recognised as a known form (kept on the
    sheet model for the form rules)."""
    out = {}
    for sm in models:
        found = recognise_view(sm.view, sm.layout)
        sm.form = found
        if found is not None:
            out[sm.name] = found.name
    return out
