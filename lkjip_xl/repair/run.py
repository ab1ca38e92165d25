"""The repair of a workbook, for every path: plan it from what was read, apply it through an adapter.

:func:`plan_repair` is pure (a :class:`~lkjip_xl.adapters.base.BookData` in, a
:class:`~lkjip_xl.repair.edits.Repair` out), for either report kind. :func:`apply_repair` writes it
through any :class:`~lkjip_xl.adapters.base.BookAdapter`, in calls that grow with the blocks of rows
repaired, not with the rows of the workbook: the formats of each run of rows taking the same
row's formats at once, the values of each run of adjacent cells at once, and the formulas through
the adapter's ``write_formulas`` (which groups them as it can: Excel takes one formula for many
cells and shifts its references per cell).
"""

from __future__ import annotations

from lkjip_xl.adapters.base import BookAdapter, BookData
from lkjip_xl.renja.checks import is_renja_book
from lkjip_xl.repair.edits import Repair
from lkjip_xl.repair.lkjip import plan_lkjip
from lkjip_xl.repair.renja import plan_renja
from lkjip_xl.rules import PERMENDAGRI_86_2017, Bands

__all__ = ["apply_repair", "plan_repair", "repair_book"]


def plan_repair(book: BookData, *, restore: bool = False, bands: Bands = PERMENDAGRI_86_2017) -> Repair:
    """The edits that make the workbook's formulas whole again after rows were added, copied or
    removed (and, with ``restore``, the formulas typed over put back)."""
    if is_renja_book(book):
        return plan_renja(book, restore=restore, bands=bands)
    return plan_lkjip(book, restore=restore)


def apply_repair(book: BookAdapter, repair: Repair) -> None:
    """Write the planned edits: formats first (they come with the row's protection), then the
    values of the hidden columns and labels, then the formulas."""
    for sheet, edits in repair.sheets.items():
        if edits.empty:
            continue
        if edits.formats:
            book.copy_formats(sheet, edits.formats, *edits.columns)
        if edits.values:
            book.write_values(sheet, edits.values)
        if edits.formulas:
            book.write_formulas(sheet, edits.formulas)


def repair_book(book: BookAdapter, *, restore: bool = False, data: BookData | None = None,
                bands: Bands = PERMENDAGRI_86_2017) -> tuple[Repair, BookData]:
    """Read (unless ``data`` is given), plan and apply; returns the repair and what was read."""
    data = data if data is not None else book.read_book()
    repair = plan_repair(data, restore=restore, bands=bands)
    if repair.has_edits:
        apply_repair(book, repair)
    return repair, data
