"""How many lines a text takes in a wrapped cell, and the row height that shows them all.

Neither Excel nor LibreOffice sizes a row to its wrapped text when it opens a file written by a
program (LibreOffice's conversion to PDF prints such rows one line high, the text overlapping the
next row), so the writer and Hitung Ulang set the height themselves. The estimate is on the safe
side: a line breaks at a word's end, so it holds fewer characters than the column is wide.
"""

from __future__ import annotations

#: Points of height per line of a 10-point font.
LINE_HEIGHT = 12.75


def lines(text: str, width: float, *, size: float = 10, bold: bool = False) -> int:
    """Lines ``text`` takes in a wrapped cell ``width`` characters wide (Excel's column width)."""
    factor = (0.9 if bold else 1.0) * (0.82 if text.isupper() else 1.0)  # capitals are wider
    per_line = max(1, int(max(1.0, width * factor * 10 / size)))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def row_height(n_lines: int, size: float = 10) -> float:
    """The height in points of a row showing ``n_lines`` lines of a ``size``-point font."""
    return round(n_lines * LINE_HEIGHT * size / 10, 2)
