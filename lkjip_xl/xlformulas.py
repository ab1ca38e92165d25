"""The Excel formulas of the workbook, built from the rules so that both say the same thing.

Each builder returns formula text (with the leading ``=``) over cell references given by the
caller. They are pure, so the writer uses them to write and the checks use them to know what a
computed cell should hold. Only functions that Excel 2010, LibreOffice 7.4 and the ``formulas``
package all evaluate alike are used: IF, AND, ISNUMBER, IFERROR, MATCH, AVERAGE, AVERAGEIF, SUM, MAX.
A cell without a value shows "" (empty text), which AVERAGE and SUM skip.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Sequence

from lkjip_xl.layout import NAME_SKALA_BPK, NAME_SKALA_SAKIP
from lkjip_xl.rules import PERMENDAGRI_86_2017, Bands, Metode

EMPTY = '""'


def number(value: Decimal | int) -> str:
    """A number as a formula writes it: plain digits, no exponent, no trailing zeros (``2.5``, ``100``)."""
    return format(Decimal(value).normalize(), "f")


def _core(metode: Metode, t: str, r: str) -> str:
    """capaian for numbers (or ordinals) t and r; "" where the rules give no capaian."""
    if metode is Metode.POSITIF:
        return f"IF({t}>0,{r}/{t}*100,{EMPTY})"
    if metode is Metode.NEGATIF:
        return f"IF({t}>0,MAX(0,(2*{t}-{r})/{t}*100),{EMPTY})"
    if metode is Metode.NEGATIF_RASIO:
        return f"IF(AND({t}>0,{r}>0),{t}/{r}*100,{EMPTY})"
    raise ValueError(metode)  # pragma: no cover - rentang has its own builder


def _ordinal(cell: str, scale: str) -> str:
    return f"MATCH({cell},{scale},0)"


def capaian(metode: Metode, target: str, realisasi: str, target_max: str | None = None) -> str:
    """Capaian K of one indicator row, chosen by its metode (see lkjip_xl.rules.capaian)."""
    t, r = target, realisasi
    if metode is Metode.RENTANG:
        if target_max is None:
            raise ValueError("metode rentang needs the cell of the upper bound")
        tm = target_max
        return (f"=IF(AND(ISNUMBER({t}),ISNUMBER({tm}),ISNUMBER({r})),"
                f"IF(AND({r}>={t},{r}<={tm}),100,IF({r}>{tm},IF({tm}>0,{r}/{tm}*100,{EMPTY}),"
                f"IF({t}>0,{r}/{t}*100,{EMPTY}))),{EMPTY})")
    numeric = _core(metode, t, r)
    sakip = _core(metode, _ordinal(t, NAME_SKALA_SAKIP), _ordinal(r, NAME_SKALA_SAKIP))
    bpk = _core(metode, _ordinal(t, NAME_SKALA_BPK), _ordinal(r, NAME_SKALA_BPK))
    return (f"=IF(AND(ISNUMBER({t}),ISNUMBER({r})),{numeric},"
            f"IFERROR({sakip},IFERROR({bpk},{EMPTY})))")


def serapan(realisasi_rp: str, pagu: str) -> str:
    """Capaian Rp: realisasi / pagu x 100; "" for an empty or zero pagu."""
    return f"=IF(AND(ISNUMBER({pagu}),ISNUMBER({realisasi_rp})),IF({pagu}>0,{realisasi_rp}/{pagu}*100,{EMPTY}),{EMPTY})"


def predikat(cell: str, bands: Bands = PERMENDAGRI_86_2017) -> str:
    """The band label of a capaian cell, as a nested IF over the bands' upper edges."""
    thresholds = bands.as_excel_thresholds()
    first = bands[0]
    expr = EMPTY if thresholds[-1].upper is not None else f'"{thresholds[-1].label}"'
    chain = thresholds if thresholds[-1].upper is not None else thresholds[:-1]
    for th in reversed(chain):
        op = "<=" if th.inclusive else "<"
        expr = f'IF({cell}{op}{number(th.upper)},"{th.label}",{expr})'
    if first.lower is not None:
        op = "<" if first.lower_inclusive else "<="
        expr = f"IF({cell}{op}{number(first.lower)},{EMPTY},{expr})"
    return f"=IF(ISNUMBER({cell}),{expr},{EMPTY})"


def average(*ranges: str) -> str:
    """Mean of the cells that hold a number; "" when none does."""
    return f"=IFERROR(AVERAGE({','.join(ranges)}),{EMPTY})"


def average_if(kinds: str, kind: str, values: str) -> str:
    """Mean of ``values`` on the rows whose kind column says ``kind`` (one shape for any size)."""
    return f'=IFERROR(AVERAGEIF({kinds},"{kind}",{values}),{EMPTY})'


def sum_if(kinds: str, kind: str, values: str) -> str:
    """Sum of ``values`` on the rows whose kind column says ``kind`` (one shape for any size: a
    list of cells would pass Excel's limit of 255 arguments in a big report)."""
    return f'=SUMIF({kinds},"{kind}",{values})'


def total(*ranges: str) -> str:
    return f"=SUM({','.join(ranges)})"


def reference(cell: str, sheet: str | None = None) -> str:
    if sheet is None:
        return f"={cell}"
    return f"={quote_sheet(sheet)}!{cell}"


def quote_sheet(sheet: str) -> str:
    if sheet.replace("_", "").isalnum():
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def plus(*cells: str) -> str:
    """A sum of single cells that stays empty when all of them are."""
    parts = ",".join(cells)
    return f"=IF(COUNT({parts})=0,{EMPTY},SUM({parts}))"


def minus(a: str, b: str) -> str:
    return f"=IF(AND(ISNUMBER({a}),ISNUMBER({b})),{a}-{b},{EMPTY})"


Builder = Callable[..., str]


def cells_list(letter: str, rows: Sequence[int]) -> list[str]:
    return [f"{letter}{r}" for r in rows]
