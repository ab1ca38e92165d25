"""Recognising an office's own Renja evaluation form (Permendagri 86/2017): where its header and
legend rows are, which column holds what, and the units of its amounts.

Offices draw the form by hand, so nothing is taken from fixed positions: the header is found by its
text (the "Realisasi ... triwulan" block and an "indikator" column), each header is classified by
what it says (target Renstra / RPJMD, realisasi s/d tahun lalu, target tahun berjalan, the
quarters, realisasi tahun berjalan, tingkat capaian, realisasi Renstra s/d tahun berjalan, tingkat
capaian Renstra, penanggung jawab, keterangan), and its K / % / Rp sub-columns by the labels under
it. The legend row (1, 2, ..., "12 = 8+9+10+11") is found but not trusted for meaning: variants
number their columns differently (a satuan column numbered 5, a missing column 13).

:func:`recognise_renja_form` is the public entry point (the generic audit of foreign workbooks can
call it to know a Renja form); it works on the workbook-file layer's :class:`SheetCells`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from lkjip_xl import a1
from lkjip_xl.renja.foreign import CellLook, SheetCells

HEADER_SEARCH_ROWS = 60


@dataclass
class ColumnPair:
    """One numbered column of the form as the office drew it: its K, % and Rp sub-columns."""

    number: int  # the Permendagri number: 5, 6, 7, 8..11 (quarters), 12, 13, 14, 15
    k: int | None = None
    rp: int | None = None
    pct: int | None = None  # a % column some offices add (per triwulan)
    rp_scale: int = 1  # 1000 when the header says Rp (000) / ribu


@dataclass
class FormMap:
    """Where a Renja form keeps what (1-based columns of ``sheet``)."""

    sheet: str
    header_first: int
    header_last: int
    legend_row: int | None
    first_data_row: int
    uraian: int
    no: int | None = None
    kode: list[int] = field(default_factory=list)
    indikator: int | None = None
    satuan: int | None = None
    pairs: dict[int, ColumnPair] = field(default_factory=dict)  # 5, 6, 7, 12, 13, 14, 15
    triwulan: list[ColumnPair] = field(default_factory=list)  # I..IV (numbers 8..11)
    penanggung_jawab: int | None = None
    keterangan: int | None = None
    #: columns whose header the Permendagri form does not have: (column, header text)
    ignored: list[tuple[int, str]] = field(default_factory=list)
    #: satuan columns found inside a K header (two columns under one "K")
    notes: list[str] = field(default_factory=list)

    @property
    def rp_scale(self) -> int:
        scales = {p.rp_scale for p in self.all_pairs() if p.rp is not None}
        return max(scales) if scales else 1

    def all_pairs(self) -> list[ColumnPair]:
        return [*(self.pairs[n] for n in sorted(self.pairs) if n < 8), *self.triwulan,
                *(self.pairs[n] for n in sorted(self.pairs) if n > 11)]

    def describe(self, col: int) -> str:
        """``kolom 7 Rp (K)`` and the like, for messages about a column."""
        for p in self.all_pairs():
            for what, c in (("K", p.k), ("Rp", p.rp), ("%", p.pct)):
                if c == col:
                    name = f"triwulan {('I', 'II', 'III', 'IV')[p.number - 8]}" if 8 <= p.number <= 11 else \
                        f"kolom {p.number}"
                    return f"{name} {what}"
        return f"kolom {a1.col_letter(col)}"


def normalise(text: Any) -> str:
    """Lower case, one space, and the spellings of "sampai dengan" as "s/d"."""
    s = re.sub(r"\s+", " ", str(text or "")).strip().lower()
    s = re.sub(r"\bs\s*\.\s*d\s*\.?|\bs\s*/\s*d\b|\bsampai dengan\b|\bsd\b", "s/d", s)
    return s


_RENSTRA = re.compile(r"renstra|rpjmd|rpjm\b")
_LAST_YEAR = re.compile(r"tahun lalu|n\s*-\s*2|s/d renja|s/d rkpd")


def classify_header(text: str) -> str | None:
    """What a header cell announces: ``no``, ``kode``, ``uraian``, ``indikator``, ``satuan``,
    ``triwulan``, ``5``, ``6``, ``7``, ``12``, ``13``, ``14``, ``15``, ``16``, ``17`` (or None)."""
    t = normalise(text)
    if not t:
        return None
    if t in ("no", "no.", "nomor"):
        return "no"
    if t.startswith("kode"):
        return "kode"
    if "triwulan" in t and "realisasi" in t:
        return "triwulan"
    if "tingkat capaian" in t:
        return "15" if _RENSTRA.search(t) else "13"
    if "indikator" in t:
        return "indikator"
    if t.startswith("satuan"):
        return "satuan"
    if "penanggung" in t:
        return "16"
    if t.startswith("keterangan"):
        return "17"
    if "target" in t and "realisasi" not in t:
        return "5" if _RENSTRA.search(t) else "7"
    if "realisasi" in t:
        if _RENSTRA.search(t):
            return "6" if _LAST_YEAR.search(t) else "14"
        return "12"
    if "program" in t or "kegiatan" in t or "urusan" in t:
        return "uraian"
    return None


def _texts(cells: SheetCells, row: int) -> dict[int, str]:
    out = {}
    for c in range(1, cells.max_col + 1):
        v = cells.value(row, c)
        if isinstance(v, str) and v.strip():
            out[c] = v.strip()
    return out


def _span(cells: SheetCells, row: int, col: int) -> tuple[int, int, int]:
    """(first column, last column, last row) of the merged range starting at (row, col), or itself."""
    for r1, c1, r2, c2 in cells.merged:
        if r1 == row and c1 == col:
            return c1, c2, r2
    return col, col, row


def _k_rp_row(cells: SheetCells, first: int, last: int) -> int | None:
    best, best_n = None, 0
    for r in range(first, min(last, cells.max_row) + 1):
        labels = [normalise(v) for v in _texts(cells, r).values()]
        n = sum(1 for t in labels if t == "k") + sum(1 for t in labels if t.startswith("rp"))
        if n > best_n and any(t == "k" for t in labels) and any(t.startswith("rp") for t in labels):
            best, best_n = r, n
    return best if best_n >= 4 else None


def _legend_row(cells: SheetCells, first: int, last: int) -> int | None:
    for r in range(first, min(last, cells.max_row) + 1):
        numbers = 0
        for c in range(1, cells.max_col + 1):
            v = cells.value(r, c)
            if isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v <= 20 and float(v).is_integer():
                numbers += 1
            elif isinstance(v, str) and re.match(r"^\s*1[2-5]\s*=", v):
                numbers += 1
        if numbers >= 8:
            return r
    return None


def find_header(cells: SheetCells) -> tuple[int, int, int | None, int] | None:
    """(first header row, K/Rp row, legend row, first data row), or None when the sheet has no
    Renja evaluation header."""
    for r in range(1, min(HEADER_SEARCH_ROWS, cells.max_row) + 1):
        kinds = {classify_header(t) for t in _texts(cells, r).values()}
        if "triwulan" in kinds and ("indikator" in kinds or "uraian" in kinds):
            krp = _k_rp_row(cells, r + 1, r + 5)
            if krp is None:
                continue
            legend = _legend_row(cells, r + 1, krp + 2)
            return r, krp, legend, max(krp, legend or 0) + 1
    return None


def recognise_renja_form(cells: SheetCells, look: Callable[[int], CellLook] | None = None) -> FormMap | None:
    """The column map of a Renja evaluation form on this sheet, or None when it is not one."""
    found = find_header(cells)
    if found is None:
        return None
    top, krp, legend, first_data = found
    roles: dict[str, tuple[int, int]] = {}
    ignored: list[tuple[int, str]] = []
    quarter_block: tuple[int, int] | None = None
    for r in range(top, krp):
        for c, text in _texts(cells, r).items():
            role = classify_header(text)
            c1, c2, _ = _span(cells, r, c)
            if role == "triwulan":
                quarter_block = (c1, c2)
            elif role is not None and role not in roles:
                if quarter_block and quarter_block[0] <= c1 <= quarter_block[1]:
                    continue
                roles[role] = (c1, c2)
            elif role is None and r == top:
                ignored.append((c, text))
    if "uraian" not in roles or quarter_block is None or "7" not in roles:
        return None
    fm_notes: list[str] = []
    labels = {c: normalise(t) for c, t in _texts(cells, krp).items()}
    label_spans = {c: _span(cells, krp, c)[:2] for c in labels}

    def pair(number: int, c1: int, c2: int) -> ColumnPair:
        p = ColumnPair(number)
        for c, (l1, l2) in label_spans.items():
            if not (c1 <= c <= c2):
                continue
            t = labels[c]
            if t == "k" and p.k is None:
                p.k = _numeric_column(cells, first_data, l1, l2, fm_notes, number)
            elif t.startswith("rp") and p.rp is None:
                p.rp = c
                p.rp_scale = 1000 if ("000" in t or "ribu" in t) else 1
            elif t == "%" and p.pct is None:
                p.pct = c
        return p

    fm = FormMap(sheet=cells.name, header_first=top, header_last=krp if (legend or 0) < krp else legend,
                 legend_row=legend, first_data_row=first_data, uraian=roles["uraian"][0])
    for role, (c1, c2) in roles.items():
        if role in ("5", "6", "7", "12", "13", "14", "15"):
            fm.pairs[int(role)] = pair(int(role), c1, c2)
        elif role == "kode":
            fm.kode = list(range(c1, c2 + 1))
        elif role in ("no", "indikator", "satuan"):
            setattr(fm, role, c1)
        elif role == "16":
            fm.penanggung_jawab = c1
        elif role == "17":
            fm.keterangan = c1
    quarter_row = top + 1
    quarters = sorted((c, normalise(t)) for c, t in _texts(cells, quarter_row).items()
                      if quarter_block[0] <= c <= quarter_block[1])
    names = ("i", "ii", "iii", "iv")
    starts = [(c, names.index(t)) for c, t in quarters if t in names]
    for i, (c, q) in enumerate(starts):
        end = starts[i + 1][0] - 1 if i + 1 < len(starts) else quarter_block[1]
        fm.triwulan.append(pair(8 + q, c, end))
    if len(fm.triwulan) != 4:
        return None
    if fm.satuan is None:
        fm_notes.extend(_unlabelled_text_columns(cells, fm, roles))
        for note in fm_notes:
            if note.startswith("satuan:"):
                fm.satuan = int(note.split(":")[1])
                fm.notes.append(f"Satuan dibaca dari kolom {a1.col_letter(fm.satuan)} (tanpa judul sendiri, di dalam "
                                "kolom target).")
                break
    fm.ignored = [(c, t) for c, t in ignored if not any(c1 <= c <= c2 for c1, c2 in roles.values())
                  and not (quarter_block[0] <= c <= quarter_block[1])]
    return fm


def _unlabelled_text_columns(cells: SheetCells, fm: FormMap, roles: dict[str, tuple[int, int]]) -> list[str]:
    """A column of text inside a numbered column's block without a K / Rp label of its own (Bondowoso
    writes "% (persen)" between K and Rp of column 7): the satuan."""
    used = {c for p in fm.all_pairs() for c in (p.k, p.rp, p.pct) if c is not None}
    out = []
    for key in ("5", "6", "7"):
        if key not in roles:
            continue
        c1, c2 = roles[key]
        for c in range(c1, c2 + 1):
            if c in used:
                continue
            texts = sum(1 for r in range(fm.first_data_row, min(cells.max_row, fm.first_data_row + 400) + 1)
                        if isinstance(cells.value(r, c), str) and cells.value(r, c).strip())
            if texts >= 2:
                out.append(f"satuan:{c}")
    return out


def _numeric_column(cells: SheetCells, first_data: int, c1: int, c2: int, notes: list[str], number: int) -> int:
    """Of the columns under one "K" label, the one that holds numbers; a column of text beside it
    is the satuan (Sukabumi writes "100 | persen" under one K)."""
    if c1 == c2:
        return c1
    counts = {}
    for c in range(c1, c2 + 1):
        nums = texts = 0
        for r in range(first_data, min(cells.max_row, first_data + 400) + 1):
            v = cells.value(r, c)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                nums += 1
            elif isinstance(v, str) and v.strip() and not v.strip().startswith("="):
                texts += 1
            elif cells.formula(r, c):
                nums += 1
        counts[c] = (nums, texts)
    k = max(counts, key=lambda c: counts[c][0])
    for c, (nums, texts) in counts.items():
        if c != k and texts > nums and number == 5:
            notes.append(f"satuan:{c}")
    return k
