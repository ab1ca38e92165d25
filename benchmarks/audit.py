"""Time the layout-independent audit (``lkjip_xl.audit``) of a 1,000-row x 50-column workbook,
beside LibreOffice opening the same file.

Run on demand, never in the test suite::

    python benchmarks/audit.py                 # 1,000 rows, best of 3
    python benchmarks/audit.py --rows 5000 --repeat 5 --keep /tmp/audit-bench

The workbook is a Renja-like evaluation form written with openpyxl (header, legend row, 40
program blocks of a bold program row with SUM/AVERAGE subtotals, 22 kegiatan rows of typed targets
and monthly realisasi, a "Rata-rata capaian" row; per row formulas for the year's realisasi,
capaian, cumulative realisasi, sisa and predikat), then opened and saved by LibreOffice so that it
carries computed values as a file saved by Excel does (the audit reads the values shown).

Measured, each the fastest of ``--repeat`` runs (the machine's other load only ever adds time):

* ``read``: :func:`lkjip_xl.audit.read_sheets` (the interim openpyxl reader);
* ``audit``: :func:`lkjip_xl.audit.audit_book` on the sheets read (models and every rule);
* ``total``: :func:`lkjip_xl.audit.audit_workbook` (read + audit), in this process;
* ``check``: ``lkjip-xl check --json`` as a child process (startup, imports, printing included);
* ``LibreOffice``: ``soffice --convert-to xlsx`` of the same file with a private, warmed profile and
  no recalculation: LibreOffice opening (and saving) the workbook.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

MONTHS = 12
KEGIATAN = 22


def build(path: Path, rows: int) -> tuple[int, int]:
    """Write the form with about ``rows`` rows; (rows, columns) written."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter as L

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Evaluasi Renja"
    bold = Font(bold=True)
    ws["A1"] = "FORMULIR EVALUASI HASIL RENJA PERANGKAT DAERAH"
    ws["A1"].font = bold
    titles = ["No", "Kode", "", "", "", "Program / Kegiatan", "Indikator", "Satuan"]
    groups = [("Target Renja", 2)] + [(f"Realisasi Bulan {m}", 2) for m in range(1, MONTHS + 1)] + [
        ("Realisasi Tahun Ini", 2), ("Tingkat Capaian (%)", 2), ("Realisasi s/d Tahun Lalu", 2),
        ("Realisasi s/d Tahun Ini", 2), ("Tingkat Capaian Renstra (%)", 2), ("Sisa Anggaran", 1),
        ("Bobot (%)", 1), ("Capaian Tertimbang", 1), ("Predikat", 1), ("Perangkat Daerah", 1), ("Keterangan", 1)]
    col = 9
    starts = {}
    for title, width in groups:
        starts[title] = col
        ws.cell(3, col, title).font = bold
        if width == 2:
            ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + 1)
            ws.cell(4, col, "K").font = bold
            ws.cell(4, col + 1, "Rp").font = bold
        col += width
    last_col = col - 1
    for c, t in enumerate(titles, start=1):
        if t:
            ws.cell(3, c, t).font = bold
    for c in range(1, last_col + 1):
        ws.cell(5, c, c)
    t, m1 = starts["Target Renja"], starts["Realisasi Bulan 1"]
    year, cap = starts["Realisasi Tahun Ini"], starts["Tingkat Capaian (%)"]
    lalu, akhir = starts["Realisasi s/d Tahun Lalu"], starts["Realisasi s/d Tahun Ini"]
    cap2, sisa = starts["Tingkat Capaian Renstra (%)"], starts["Sisa Anggaran"]
    bobot, tertimbang, pred = starts["Bobot (%)"], starts["Capaian Tertimbang"], starts["Predikat"]
    r = 6
    program = 0
    while r + KEGIATAN + 2 <= rows:
        program += 1
        p = r
        first, last = p + 1, p + KEGIATAN
        ws.cell(p, 1, program)
        ws.cell(p, 2, "1").font = bold
        ws.cell(p, 3, "01").font = bold
        ws.cell(p, 4, f"{program:02d}").font = bold
        ws.cell(p, 6, f"Program Pelayanan {program}").font = bold
        for c in range(t, last_col):
            is_k = (c - t) % 2 == 0 and c < sisa
            func = "AVERAGE" if (is_k or c in (cap, cap + 1, cap2, cap2 + 1, bobot)) and c != tertimbang else "SUM"
            ws.cell(p, c, f"={func}({L(c)}{first}:{L(c)}{last})").font = bold
        ws.cell(p, pred, _predikat(f"{L(cap)}{p}")).font = bold
        for k, rr in enumerate(range(first, last + 1)):
            ws.cell(rr, 6, f"Kegiatan {program}.{k + 1}")
            ws.cell(rr, 7, f"Jumlah dokumen {k + 1}")
            ws.cell(rr, 8, "dokumen")
            ws.cell(rr, t, 12 + k % 5)
            ws.cell(rr, t + 1, 1_000_000 * (k + 1))
            for m in range(MONTHS):
                ws.cell(rr, m1 + 2 * m, 1)
                ws.cell(rr, m1 + 2 * m + 1, 80_000 * (k + 1))
            months_k = "+".join(f"{L(m1 + 2 * m)}{rr}" for m in range(MONTHS))
            months_rp = "+".join(f"{L(m1 + 2 * m + 1)}{rr}" for m in range(MONTHS))
            ws.cell(rr, year, f"={months_k}")
            ws.cell(rr, year + 1, f"={months_rp}")
            ws.cell(rr, cap, f"={L(year)}{rr}/{L(t)}{rr}*100")
            ws.cell(rr, cap + 1, f"={L(year + 1)}{rr}/{L(t + 1)}{rr}*100")
            ws.cell(rr, lalu, 10 + k % 3)
            ws.cell(rr, lalu + 1, 900_000 * (k + 1))
            ws.cell(rr, akhir, f"={L(lalu)}{rr}+{L(year)}{rr}")
            ws.cell(rr, akhir + 1, f"={L(lalu + 1)}{rr}+{L(year + 1)}{rr}")
            ws.cell(rr, cap2, f"={L(akhir)}{rr}/{L(t)}{rr}*100")
            ws.cell(rr, cap2 + 1, f"={L(akhir + 1)}{rr}/{L(t + 1)}{rr}*100")
            ws.cell(rr, sisa, f"={L(t + 1)}{rr}-{L(year + 1)}{rr}")
            ws.cell(rr, bobot, round(100 / KEGIATAN, 4))
            ws.cell(rr, tertimbang, f"={L(cap)}{rr}*{L(bobot)}{rr}/100")
            ws.cell(rr, pred, _predikat(f"{L(cap)}{rr}"))
            ws.cell(rr, pred + 1, "Dinas")
            ws.cell(rr, pred + 2, "-")
        s = last + 1
        ws.cell(s, 6, "Rata-rata capaian kinerja (%)").font = bold
        ws.cell(s, cap, f"=AVERAGE({L(cap)}{first}:{L(cap)}{last})").font = bold
        ws.cell(s, cap + 1, f"={L(year + 1)}{p}/{L(t + 1)}{p}*100").font = bold
        ws.cell(s, pred, _predikat(f"{L(cap)}{s}")).font = bold
        r = s + 1
    wb.save(path)
    return ws.max_row, ws.max_column


def _predikat(cell: str) -> str:
    return (f'=IF({cell}<=50,"Sangat Rendah",IF({cell}<=65,"Rendah",IF({cell}<=75,"Sedang",'
            f'IF({cell}<=90,"Tinggi","Sangat Tinggi"))))')


def best(fn, repeat: int) -> tuple[float, object]:
    out = None
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", help="write the workbooks into this folder and keep them")
    args = ap.parse_args(argv)

    from lkjip_xl.audit import audit_book, audit_workbook, read_sheets
    from lkjip_xl.engine.libreoffice import LibreOffice

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="lkjip-audit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        plain = work / "plain" / "renja.xlsx"
        plain.parent.mkdir(exist_ok=True)
        n_rows, n_cols = build(plain, args.rows)
        with LibreOffice() as lo:  # computes the values and saves them, as Excel would
            book_path = lo.convert([plain], "xlsx", work / "computed")[0]
        with LibreOffice(force_recalc=False) as lo:
            lo.convert([book_path], "xlsx", work / "warm")  # profile creation not counted
            t_lo, _ = best(lambda: lo.convert([book_path], "xlsx", work / "lo"), args.repeat)

        t_read, book = best(lambda: read_sheets(book_path), args.repeat)
        t_audit, result = best(lambda: audit_book(book), args.repeat)
        t_total, _ = best(lambda: audit_workbook(book_path), args.repeat)
        lkjip = shutil.which("lkjip-xl") or str(Path(sys.executable).parent / "lkjip-xl")
        t_check, proc = best(lambda: subprocess.run([lkjip, "check", "--json", str(book_path)], capture_output=True,
                                                    text=True), args.repeat)
        data = json.loads(proc.stdout)
        formulas = sum(len(c.formula_cells) for c in book.cells.values())
        print(f"workbook: {n_rows} rows x {n_cols} columns, {formulas} formula cells ({book_path})")
        print(f"findings: {len(result.findings)} (check --json: {sum(data['counts'].values())}, "
              f"exit {proc.returncode})")
        print(f"{'step':<34}{'seconds':>9}{'x LibreOffice':>15}")
        for name, secs in [("read (openpyxl, two passes)", t_read), ("audit (models + rules)", t_audit),
                           ("audit_workbook (read + audit)", t_total), ("lkjip-xl check --json (process)", t_check),
                           ("LibreOffice opens and saves it", t_lo)]:
            print(f"{name:<34}{secs:>9.2f}{secs / t_lo:>15.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
