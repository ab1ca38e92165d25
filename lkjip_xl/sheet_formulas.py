"""The formulas of the sheets other than the Rekap, from where their tables and fields are.

Like ``rekap_plan.expected_formulas`` for the Rekap, this is the one definition of what each
computed cell holds: the writer writes these formulas, and the checks compare a workbook's
formulas with them. Positions come from the defined names, so an edited workbook (rows inserted
inside a table) gets the formulas its own layout calls for.
"""

from __future__ import annotations

from typing import Any, Callable

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl import xlformulas as xf
from lkjip_xl.layout import REKAP_LAYOUT, RekapKind
from lkjip_xl.rules import PERMENDAGRI_86_2017, Bands, Metode

Cell = tuple[str, str]
#: (sheet, cell) -> the value there (text of labels, metode...), for the rows a table holds.
Lookup = Callable[[str, str], Any]


def table_item_rows(names: dict[str, tuple[str, str]], value: Lookup, table: lay.Table) -> tuple[str, list[int]] | None:
    """The rows of a named table that hold an item (rows a person left blank are skipped)."""
    if table.name not in names:
        return None
    sheet, ref = names[table.name]
    try:
        first, _, last, _ = a1.parse_range(ref)
    except ValueError:
        return None
    keys = [c.letter for c in table.columns if c.role in (lay.Kind.LABEL, lay.Kind.INPUT)]
    if not keys:
        return sheet, list(range(first, last + 1))
    return sheet, [r for r in range(first, last + 1) if any(value(sheet, f"{c}{r}") not in (None, "") for c in keys)]


def _metode(text: Any) -> Metode:
    try:
        return Metode(str(text or "positif").strip().lower())
    except ValueError:
        return Metode.POSITIF


def simple_formulas(names: dict[str, tuple[str, str]], value: Lookup, rekap_program_rows: list[int],
                    bands: Bands = PERMENDAGRI_86_2017) -> dict[Cell, str]:
    """Every formula of the simple sheets: (sheet, cell) -> formula text."""
    out: dict[Cell, str] = {}
    # Pengukuran: capaian by the row's metode, and its predikat.
    t = lay.PENGUKURAN_TABLE
    found = table_item_rows(names, value, t)
    sasaran_rows: list[int] = []
    if found:
        sheet, rows = found
        sasaran_rows = rows
        T, TM, R, C = (t.letter(k) for k in ("target", "target_max", "realisasi", "capaian"))
        for r in rows:
            metode = _metode(value(sheet, f"{t.letter('metode')}{r}"))
            out[(sheet, f"{C}{r}")] = xf.capaian(metode, f"{T}{r}", f"{R}{r}",
                                                 f"{TM}{r}" if metode is Metode.RENTANG else None)
            out[(sheet, f"{t.letter('predikat')}{r}")] = xf.predikat(f"{C}{r}", bands)
    t = lay.FORMULA_TABLE
    found = table_item_rows(names, value, t)
    if found:
        sheet, rows = found
        P, Q = t.letter("nilai_pembilang"), t.letter("nilai_penyebut")
        for r in rows:
            out[(sheet, f"{t.letter('hasil')}{r}")] = xf.capaian(Metode.POSITIF, f"{Q}{r}", f"{P}{r}")
    # Table totals.
    for table in (lay.KELURAHAN_TABLE, *lay.SDM_TABLES.values()):
        if table.name not in names:
            continue
        sheet, ref = names[table.name]
        first, _, last, _ = a1.parse_range(ref)
        for key in table.total_columns:
            name = total_name(table, key)
            if name in names:
                letter = table.letter(key)
                _, cell = names[name]
                out[(sheet, cell)] = xf.total(f"{letter}{first}:{letter}{last}")
    # Anggaran: by defined names, so the formulas read the same wherever the cells are.
    n = {f.key: f.name for f in lay.ANGGARAN_FIELDS}
    anggaran = {
        "total": xf.plus(n["btl"], n["bl"]),
        "serapan": xf.serapan(n["realisasi"], n["total"]),
        "saldo": xf.minus(n["total"], n["realisasi"]),
        "saldo_persen": xf.serapan(n["saldo"], n["total"]),
        "pagu_rekap": "=" + lay.NAME_REKAP_TOTALS["pagu"].format(year="LAPORAN"),
    }
    _fields(out, names, lay.ANGGARAN_FIELDS, anggaran)
    totals = {key: "=" + name.format(year="LAPORAN") for key, name in lay.NAME_REKAP_TOTALS.items()}
    rata = next(f.name for f in lay.RINGKASAN_FIELDS if f.key == "rata_rata_program")
    _fields(out, names, lay.RINGKASAN_FIELDS, {
        "pagu": totals["pagu"], "realisasi_rp": totals["realisasi_rp"], "serapan": totals["capaian_rp"],
        "serapan_opd": "=" + n["serapan"], "rata_rata_program": totals["total_rata_rata_k"],
        "rata_rata_k": totals["rata_rata_k"], "predikat": xf.predikat(rata, bands)})
    # Ringkasan tables: references to the Rekap's program rows and to the Pengukuran rows.
    L, y = REKAP_LAYOUT, REKAP_LAYOUT.years["laporan"]
    rekap = xf.quote_sheet(L.sheet)
    t = lay.RINGKASAN_PROGRAM_TABLE
    if t.name in names:
        sheet, ref = names[t.name]
        first, _, last, _ = a1.parse_range(ref)
        # One program a row, as far as the table reaches (a program added to the Rekap needs a row
        # inserted in the table: the repair says so).
        for i, program_row in enumerate(rekap_program_rows[:last - first + 1]):
            r = first + i
            for key, col in (("kode", L.kode), ("nama", L.uraian), ("capaian_k", y.capaian_k),
                             ("capaian_rp", y.capaian_rp)):
                out[(sheet, f"{t.letter(key)}{r}")] = f"={rekap}!{col}{program_row}"
            out[(sheet, f"{t.letter('predikat')}{r}")] = xf.predikat(f"{t.letter('capaian_k')}{r}", bands)
    t, pg = lay.RINGKASAN_SASARAN_TABLE, lay.PENGUKURAN_TABLE
    if t.name in names and pg.name in names:
        sheet, ref = names[t.name]
        first, _, last, _ = a1.parse_range(ref)
        peng = xf.quote_sheet(names[pg.name][0])
        for i, peng_row in enumerate(sasaran_rows[:last - first + 1]):
            r = first + i
            for key, col in (("kode", "kode"), ("uraian", "uraian"), ("capaian_k", "capaian")):
                out[(sheet, f"{t.letter(key)}{r}")] = f"={peng}!{pg.letter(col)}{peng_row}"
            out[(sheet, f"{t.letter('predikat')}{r}")] = xf.predikat(f"{t.letter('capaian_k')}{r}", bands)
    return out


#: What the link of a finding shows (Pemeriksaan, column Buka).
FINDING_LINK_TEXT = "buka"


def finding_link(row: int, table: lay.Table = lay.PEMERIKSAAN_TABLE) -> str:
    """The link of the finding in ``row`` of Pemeriksaan to its cell (or range) on its sheet:
    ``=IFERROR(IF($D6="","",HYPERLINK("#'"&SUBSTITUTE($C6,"'","''")&"'!"&$D6,"buka")),"")`` (an
    engine without HYPERLINK shows nothing rather than an error)."""
    sheet, cell = f"${table.letter('sheet')}{row}", f"${table.letter('sel')}{row}"
    target = f'"#\'"&SUBSTITUTE({sheet},"\'","\'\'")&"\'!"&{cell}'
    return f'=IFERROR(IF({cell}="","",HYPERLINK({target},"{FINDING_LINK_TEXT}")),"")'


def total_name(table: lay.Table, key: str) -> str:
    """Defined name of a table's total cell for one column."""
    return f"{table.name}_JUMLAH_{key.upper()}"


def _fields(out: dict[Cell, str], names: dict[str, tuple[str, str]], fields, formulas: dict[str, str]) -> None:
    for f in fields:
        if f.key in formulas and f.name in names:
            sheet, ref = names[f.name]
            out[(sheet, a1.cell(*a1.parse_range(ref)[:2]))] = formulas[f.key]


def rekap_program_rows(value: Lookup, rekap_first: int, rekap_last: int) -> list[int]:
    """Rows of the Rekap's program rows, in order (from the Jenis column)."""
    L = REKAP_LAYOUT
    return [r for r in range(rekap_first, rekap_last + 1)
            if str(value(L.sheet, f"{L.jenis}{r}") or "").strip() == RekapKind.PROGRAM.value]
