"""The results workbook of ``lkjip-xl check PATH... -o hasil.xlsx``: one row per file on
**Hasil** (the inspector filters on Kesalahan or Predikat, sorts by OPD), and every finding with its
file and cell on **Temuan** (each a link that opens the file at that cell)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from openpyxl.utils import get_column_letter

from lkjip_xl import layout as lay
from lkjip_xl.city.book import (BORDER, ERROR_FILL, LINK, WRAP, findings_sheet, fit_row, header, landscape,
                                link_target, number, save_atomic)
from lkjip_xl.city.lines import error_text, kind_label
from lkjip_xl.city.worker import FileResult
from lkjip_xl.findings import Severity

RESULTS_SHEET = "Hasil"
#: (title, width, number format) of each column of Hasil.
COLUMNS = (("No", 6, None), ("Berkas", 36, None), ("OPD", 32, None), ("Jenis", 22, None), ("Tahun", 8, "0"),
           ("Kesalahan", 12, "#,##0"), ("Peringatan", 13, "#,##0"), ("Catatan", 10, "#,##0"),
           ("Rata-rata capaian K (%)", 13, lay.FMT_PERSEN), ("Rata-rata capaian Rp (%)", 13, lay.FMT_PERSEN),
           ("Serapan (%)", 11, lay.FMT_PERSEN), ("Predikat", 14, None), ("Galat", 60, None))


def row_values(i: int, r: FileResult) -> list:
    """The cells of a file's row on Hasil."""
    n = r.counts
    failed = r.failed
    return [i, r.file, r.opd, "gagal" if failed else kind_label(r), r.tahun,
            None if failed else n[Severity.ERROR], None if failed else n[Severity.WARNING],
            None if failed else n[Severity.INFO], number(r.capaian_k), number(r.capaian_rp), number(r.serapan),
            r.predikat_k, error_text(r) if failed else None]


def write_results(results: Sequence[FileResult], output: Path) -> tuple[Path, int]:
    """Write the results workbook to ``output`` (atomically); returns it and the findings written."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = RESULTS_SHEET
    header(ws, 1, [(title, width) for title, width, _ in COLUMNS])
    for i, r in enumerate(results, 1):
        row = i + 1
        for col, value in enumerate(row_values(i, r), 1):
            cell = ws.cell(row, col, value)
            cell.border, cell.alignment = BORDER, WRAP
            fmt = COLUMNS[col - 1][2]
            if fmt:
                cell.number_format = fmt
        ws.cell(row, 2).hyperlink = link_target(r.file, output)
        ws.cell(row, 2).font = LINK
        if r.failed:
            ws.cell(row, 13).fill = ERROR_FILL
        elif r.errors:
            ws.cell(row, 6).fill = ERROR_FILL
        fit_row(ws, row)
    last = get_column_letter(len(COLUMNS))
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{last}{len(results) + 1}"
    landscape(ws, "1:1")
    found = findings_sheet(wb, results, output)
    return save_atomic(wb, output), found
