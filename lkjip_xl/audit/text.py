"""How the audit writes numbers and cells in its messages (Indonesian: ``1.234.567``, ``99,87``).

Every number of every message goes through :func:`angka` or :func:`persen`, so pointing them at the
project's one number-formatting module is a change here only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lkjip_xl import a1
from lkjip_xl.display import format_number


def angka(value: Any, decimals: int | None = None) -> str:
    """``1234567`` -> ``1.234.567``; ``99.8666`` -> ``99,87``; text is returned quoted."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if decimals is None:
        decimals = 0 if d == d.to_integral_value() else (2 if abs(d) >= 1 else 4)
    text = format_number(d, decimals)
    if decimals and "," in text:
        whole, frac = text.split(",")
        frac = frac.rstrip("0")
        text = whole + ("," + frac if frac else "")
    return text


def persen(value: Any) -> str:
    """A percentage: ``23.0`` -> ``23,0 %``, ``666.666`` -> ``666,67 %``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        x = float(value)
        d = 1 if x.is_integer() else (2 if abs(x) >= 0.01 else 4)
        return f"{format_number(Decimal(repr(x)), d)} %"
    return angka(value)


def cell(row: int, col: int) -> str:
    return a1.cell(row, col)


def col(col: int) -> str:
    return a1.col_letter(col)


def cells_text(cells: list[tuple[int, int]], limit: int = 8) -> str:
    """``N14, N17:N21, N25:N27`` for cells of one column or row (runs joined), "dan N lagi" after ``limit``."""
    runs: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for r, c in sorted(cells, key=lambda rc: (rc[1], rc[0])):
        if runs and runs[-1][1][1] == c and runs[-1][1][0] + 1 == r:
            runs[-1] = (runs[-1][0], (r, c))
        else:
            runs.append(((r, c), (r, c)))
    if len(runs) == len(cells) and len({r for r, _ in cells}) == 1 and len(cells) > 1:
        runs = []
        for r, c in sorted(cells, key=lambda rc: rc[1]):
            if runs and runs[-1][1][1] + 1 == c:
                runs[-1] = (runs[-1][0], (r, c))
            else:
                runs.append(((r, c), (r, c)))
    parts = [a1.range_ref(a[0], a[1], b[0], b[1]) for a, b in runs]
    if len(parts) > limit:
        return ", ".join(parts[:limit]) + f" dan {len(parts) - limit} lagi"
    return ", ".join(parts)


def short_title(title: str) -> str:
    """The most specific parts of a column title ("tingkat capaian ... (%) / k"), for messages."""
    parts = [p.strip() for p in title.split(" / ") if p.strip()]
    parts = [p if len(p) <= 50 else p[:47] + "..." for p in parts[-2:]]
    return " / ".join(parts)
