"""What a sheet's header says: column titles, the legend row that numbers the columns (and gives
their arithmetic), and what kind of figure each column holds.

Found from the sheet itself (header text, merged header cells, the legend row), never from a
fixed address: the same rules then serve the Permendagri forms, our own workbook and a hand-made
table alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkjip_xl.audit.grid import SheetView, is_blank, is_number

#: How far down a sheet the header of its main table is looked for.
HEADER_SEARCH_ROWS = 40

MONEY, PERCENT, KINERJA, UNIT, KODE, LABEL, NUMBER = "rp", "persen", "k", "satuan", "kode", "label", "no"

_LEGEND_CELL = re.compile(r"^\(?\s*(\d{1,2})\s*\)?\s*(?:=\s*(.+))?$")
_UNIT_WORDS = frozenset("""persen % orang dokumen dok jenis bulan kali paket unit buah kegiatan laporan lembar buku
dus hok surat rupiah rp kelurahan desa kecamatan titik lokasi meter m m2 m3 km ha hektar ton kg liter set eksemplar
exemplar indeks nilai skor poin hari minggu tahun jam menit lembaga sekolah siswa kk jiwa rumah pasien kasus
ruas sambungan produk judul naskah berkas perda perkada sk rekomendasi kajian aplikasi sistem layanan pelayanan
komputer tim kelompok event even bidang opd skpd pd instansi kab/kota kabupaten/kota kab kota""".split())


@dataclass
class LegendColumn:
    number: int
    first: int  # first column of the number's span
    last: int
    expression: str | None  # "8+9+10+11", "12/7*100", None for a plain number
    cell: tuple[int, int]


@dataclass
class Layout:
    header_rows: list[int] = field(default_factory=list)
    legend_row: int | None = None
    legend: dict[int, LegendColumn] = field(default_factory=dict)
    #: column -> header text (all header rows, merged titles included), lower case
    titles: dict[int, str] = field(default_factory=dict)
    #: column -> the lowest header row's own text ("k", "rp. (000)", "i"), lower case
    subtitles: dict[int, str] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)
    unit_col: int | None = None
    kode_cols: list[int] = field(default_factory=list)
    #: columns whose title says they name the programs and kegiatan ("Program / Kegiatan", "Uraian")
    name_cols: set[int] = field(default_factory=set)
    first_data_row: int = 1

    def legend_of(self, col: int) -> LegendColumn | None:
        for lc in self.legend.values():
            if lc.first <= col <= lc.last:
                return lc
        return None

    def kind(self, col: int) -> str | None:
        return self.kinds.get(col)

    def title(self, col: int) -> str:
        return self.titles.get(col, "")


def find_layout(view: SheetView) -> Layout:
    lay = Layout()
    limit = min(view.n_rows, HEADER_SEARCH_ROWS)
    lay.legend_row = _legend_row(view, limit)
    if lay.legend_row is not None:
        lay.first_data_row = lay.legend_row + 1
        lay.header_rows = _text_rows_above(view, lay.legend_row)
        lay.legend = _legend(view, lay.legend_row)
        # a row of sub-titles (K, Rp, %) may come under the legend row, or the titles themselves
        # when the numbering row is on top
        while _is_unit_row(view, lay.first_data_row) or (not lay.header_rows or lay.header_rows[-1] > lay.legend_row) \
                and _is_title_row(view, lay.first_data_row):
            lay.header_rows.append(lay.first_data_row)
            lay.first_data_row += 1
    else:
        first = _first_data_row(view, limit)
        lay.first_data_row = first
        lay.header_rows = _text_rows_above(view, first)
    _titles(view, lay)
    _kinds(view, lay)
    return lay


def _legend_numbers(view: SheetView, row: int) -> list[tuple[int, int, str | None]]:
    """(column, number, expression) of the cells of ``row`` that read as legend cells; other
    content may follow them on the right (a side panel beside the table), not come before."""
    out: list[tuple[int, int, str | None]] = []
    leading = 0
    for c, v in enumerate(view.row_values(row), start=1):
        if is_blank(v):
            continue
        if is_number(v) and float(v).is_integer() and 0 < v < 100:
            out.append((c, int(v), None))
            continue
        if isinstance(v, str):
            m = _LEGEND_CELL.match(v.strip())
            if m:
                out.append((c, int(m.group(1)), m.group(2).strip() if m.group(2) else None))
                continue
            if not out and leading < 3:
                leading += 1  # a word or two before the numbering (the columns a macro reads)
                continue
        return out if len(out) >= 4 and out[0][1] == 1 else []
    return out


def _legend_row(view: SheetView, limit: int) -> int | None:
    for r in range(1, limit + 1):
        cells = _legend_numbers(view, r)
        if len(cells) < 4:
            continue
        numbers = [n for _, n, _ in cells]
        if numbers[0] != 1 or any(b <= a for a, b in zip(numbers, numbers[1:])):
            continue
        steps = sum(1 for a, b in zip(numbers, numbers[1:]) if b == a + 1)
        if steps * 10 >= (len(numbers) - 1) * 7:
            return r  # (a numbering row may be written as =A1+1 formulas: its values count)
    return None


def _legend(view: SheetView, row: int) -> dict[int, LegendColumn]:
    cells = _legend_numbers(view, row)
    out: dict[int, LegendColumn] = {}
    for i, (c, n, expr) in enumerate(cells):
        merged = view.merged(row, c)
        last = merged[3] if merged else (cells[i + 1][0] - 1 if i + 1 < len(cells) else c)
        out[n] = LegendColumn(n, c, max(c, last), expr, (row, c))
    return out


_SUBTITLE = re.compile(r"^(k|rp\.?|rp\.?\s*\(000\)|%|\(%\)|fisik|keu\.?|keuangan|kinerja|target|realisasi|"
                       r"satuan|capaian|rp\s*\(ribu\)|jumlah|nilai)$", re.IGNORECASE)


def _is_unit_row(view: SheetView, row: int) -> bool:
    """A row of column sub-titles only ("K", "Rp.", "%"): part of the header."""
    texts = 0
    for c, v in enumerate(view.row_values(row), start=1):
        if is_blank(v):
            continue
        if _year(v) and not view.is_formula(row, c):
            texts += 1  # a row of years (2020 over each column group)
            continue
        if not isinstance(v, str) or not _SUBTITLE.match(v.strip()):
            return False
        texts += 1
    return texts >= 2


def _is_title_row(view: SheetView, row: int) -> bool:
    """Bold text in three or more cells and no figure: column titles."""
    vals = view.row_values(row)
    texts = [c for c, v in enumerate(vals, start=1) if isinstance(v, str) and v.strip()]
    if len(texts) < 3 or any(is_number(v) for v in vals) or any(view.is_formula(row, c) for c in range(1, len(vals) + 1)):
        return False
    return sum(1 for c in texts if view.look(row, c).bold) * 2 > len(texts)


def _first_data_row(view: SheetView, limit: int) -> int:
    """The first row with figures: two numbers or formulas, or one under a row of titles."""
    for r in range(1, limit + 1):
        if _is_year_row(view, r):
            continue  # "2025 2026 ... 2029" over the target and alokasi columns: header, not figures
        numeric = sum(1 for c, v in enumerate(view.row_values(r), start=1) if is_number(v) or view.is_formula(r, c))
        if numeric >= 2:
            return r
        if numeric == 1 and r > 1:
            above = sum(1 for v in view.row_values(r - 1) if isinstance(v, str) and v.strip())
            if above >= 2:
                return r
    return 1


def _text_rows_above(view: SheetView, row: int) -> list[int]:
    """The header rows just above ``row``: rows of text (at most four, empty rows skipped)."""
    rows: list[int] = []
    r = row - 1
    while r >= 1 and len(rows) < 4:
        vals = view.row_values(r)
        texts = sum(1 for v in vals if (isinstance(v, str) and v.strip()) or _year(v))
        numbers = sum(1 for v in vals if is_number(v) and not _year(v))
        if texts == 0 and numbers == 0:
            if rows:
                # a gap inside a header made of merged cells is still header
                if any(view.merged(r, c) for c in range(1, view.n_cols + 1)):
                    r -= 1
                    continue
                break
            r -= 1
            continue
        if texts >= 1 and numbers <= texts:
            rows.append(r)
            r -= 1
            continue
        break
    return sorted(rows)


def _is_year_row(view: SheetView, row: int) -> bool:
    """Typed years only, two of them side by side counting up (2025 2026): the years a Renstra
    table writes over its column groups. A data row whose figures all happen to lie in 1990-2100
    rarely counts up by one."""
    years = []
    for c, v in enumerate(view.row_values(row), start=1):
        if is_number(v):
            if not _year(v) or view.is_formula(row, c):
                return False
            years.append(int(v))
        elif view.is_formula(row, c):
            return False
    return len(years) >= 2 and any(b == a + 1 for a, b in zip(years, years[1:]))


def _year(v) -> bool:
    return is_number(v) and float(v).is_integer() and 1990 <= v <= 2100


def _titles(view: SheetView, lay: Layout) -> None:
    # A group title written once over its K and Rp columns without merging ("Target" at I3 over
    # I4 "K" and J4 "Rp"): an empty title cell under which sub-titles stand takes the title on its left.
    carried: dict[tuple[int, int], str] = {}
    for i, r in enumerate(lay.header_rows[:-1]):
        last = ""
        for c in range(1, view.n_cols + 1):
            own = _cell_text(view, r, c) if not view.merged(r, c) else ""
            if own:
                last = own
            elif last and any(_cell_text(view, rr, c) for rr in lay.header_rows[i + 1:]) and not view.merged(r, c):
                carried[(r, c)] = last
            else:
                last = ""
    for c in range(1, view.n_cols + 1):
        parts: list[str] = []
        sub = ""
        for r in lay.header_rows:
            m = view.merged(r, c)
            text = _cell_text(view, m[0], m[1]) if m else (_cell_text(view, r, c) or carried.get((r, c), ""))
            text = " ".join(text.split())
            if text and (not parts or parts[-1] != text.lower()):
                parts.append(text.lower())
            own = " ".join(_cell_text(view, r, c).split())
            if own:
                sub = own.lower()
            elif m and (m[0], m[1]) != (r, c) and text:
                sub = text.lower() if m[2] == m[0] or r == m[0] else sub
        if parts:
            lay.titles[c] = " / ".join(parts)
        if sub:
            lay.subtitles[c] = sub


def _cell_text(view: SheetView, r: int, c: int) -> str:
    v = view.value(r, c)
    return str(int(v)) if _year(v) else view.text(r, c)


_MONEY = re.compile(r"\brp\b|rupiah|anggaran|\bpagu\b|\bdana\b|\bbiaya\b|belanja")
_PERCENT = re.compile(r"%|persen|tingkat capaian|tingkat realisasi|capaian \(|serapan")


def _kinds(view: SheetView, lay: Layout) -> None:
    for c, title in lay.titles.items():
        sub = lay.subtitles.get(c, "")
        if "kode" in sub:
            lay.kinds[c] = KODE
        elif "satuan" in sub or sub == "sat" or sub == "sat.":
            lay.kinds[c] = UNIT
        elif sub in ("no", "no.", "nomor") and "kode" not in title:
            lay.kinds[c] = NUMBER
        elif sub in ("%", "(%)", "persen"):
            lay.kinds[c] = PERCENT
        elif _PERCENT.search(title) and not sub.startswith("rp") and sub not in ("k", "kinerja"):
            lay.kinds[c] = PERCENT
        elif _PERCENT.search(title) and (sub.startswith("rp") or sub in ("k", "kinerja")) and \
                re.search(r"tingkat|capaian \(|\(%\)|%", title.rsplit(" / ", 1)[0]):
            lay.kinds[c] = PERCENT
        elif _MONEY.search(sub) or (sub not in ("k", "kinerja") and _MONEY.search(title)):
            lay.kinds[c] = MONEY
        elif sub in ("k", "kinerja", "fisik") or re.search(r"\btarget\b|\brealisasi\b", title):
            lay.kinds[c] = KINERJA
    lay.kode_cols = sorted(c for c, k in lay.kinds.items() if k == KODE)
    # A "Kode" title over several columns (B10:E12 merged) makes each of them a kode part.
    for r in lay.header_rows:
        for c in range(1, view.n_cols + 1):
            m = view.merged(r, c)
            if m and (m[0], m[1]) == (r, c) and "kode" in view.text(r, c).lower():
                for cc in range(m[1], m[3] + 1):
                    lay.kinds[cc] = KODE
    lay.kode_cols = sorted(c for c, k in lay.kinds.items() if k == KODE)
    lay.name_cols = {c for c, t in lay.titles.items()
                     if re.search(r"program|kegiatan|uraian|urusan|nomenklatur", t) and c not in lay.kinds}
    unit = [c for c, k in lay.kinds.items() if k == UNIT]
    lay.unit_col = unit[0] if unit else _unit_by_values(view, lay)
    if lay.unit_col is not None:
        lay.kinds[lay.unit_col] = UNIT


def _unit_by_values(view: SheetView, lay: Layout) -> int | None:
    """A column without a "Satuan" title whose texts are mostly units (persen, orang, dokumen)."""
    best, best_share = None, 0.0
    for c in range(1, view.n_cols + 1):
        if lay.kinds.get(c) in (KODE, PERCENT, MONEY):
            continue
        seen = units = 0
        for r in range(lay.first_data_row, view.n_rows + 1):
            t = view.text(r, c).lower()
            if not t:
                continue
            seen += 1
            if t in _UNIT_WORDS or (len(t) <= 12 and t.split()[0] in _UNIT_WORDS):
                units += 1
        if seen >= 3 and units / seen > max(best_share, 0.6):
            best, best_share = c, units / seen
    return best


def unit_of_row(view: SheetView, lay: Layout, row: int) -> str:
    if lay.unit_col is None:
        return ""
    return view.text(row, lay.unit_col).lower()


def is_percent_unit(unit: str) -> bool:
    return unit in ("%", "persen", "prosen", "(%)", "persentase") or unit.startswith("persen")
