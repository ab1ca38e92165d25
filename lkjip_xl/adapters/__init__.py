"""Two thin adapters give the recalculation one view of a workbook: openpyxl (a file on disk) and
xlwings (a workbook open in Excel)."""

from lkjip_xl.adapters.base import BookAdapter, BookData, SheetData

__all__ = ["BookAdapter", "BookData", "SheetData"]
