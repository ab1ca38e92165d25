"""Small workbooks for the audit's tests, written with openpyxl.

``evaluasi()`` is a clean Renja-like evaluation table (three programs of five kegiatan, a legend
row, a "Jumlah" row); a test plants one defect by overriding cells and asserts the finding, and
the same table unchanged asserts that the rule stays quiet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font

from lkjip_xl.audit import AuditResult, audit_workbook

SHEET = "Evaluasi"
PROGRAM_ROWS = (5, 11, 17)
TOTAL_ROW = 23
HEADERS = ["No", "Program / Kegiatan", "Indikator", "Satuan", "Target", "Realisasi", "Capaian (%)", "Pagu (Rp)",
           "Realisasi (Rp)", "Sisa (Rp)", "Serapan (%)", "Predikat"]
LEGEND = [1, 2, 3, 4, 5, 6, "7 = 6/5 x 100", 8, 9, "10 = 8 - 9", "11 = 9/8 x 100", 12]


def predikat(cell: str) -> str:
    return (f'=IF({cell}<=50,"Sangat Rendah",IF({cell}<=65,"Rendah",IF({cell}<=75,"Sedang",'
            f'IF({cell}<=90,"Tinggi","Sangat Tinggi"))))')


def evaluasi() -> tuple[dict[str, Any], set[int]]:
    """(cells, bold rows) of the clean table."""
    cells: dict[str, Any] = {"A1": "FORMULIR EVALUASI HASIL RENJA PERANGKAT DAERAH"}
    bold = {1, 3}
    for i, h in enumerate(HEADERS):
        cells[f"{'ABCDEFGHIJKL'[i]}3"] = h
        cells[f"{'ABCDEFGHIJKL'[i]}4"] = LEGEND[i]
    for n, p in enumerate(PROGRAM_ROWS, start=1):
        bold.add(p)
        first, last = p + 1, p + 5
        cells.update({f"A{p}": n, f"B{p}": f"Program Pelayanan {n}", f"G{p}": f"=AVERAGE(G{first}:G{last})",
                      f"H{p}": f"=SUM(H{first}:H{last})", f"I{p}": f"=SUM(I{first}:I{last})",
                      f"J{p}": f"=SUM(J{first}:J{last})", f"K{p}": f"=I{p}/H{p}*100", f"L{p}": predikat(f"G{p}")})
        for k, r in enumerate(range(first, last + 1)):
            target = 10 + (r % 4)
            cells.update({f"B{r}": f"Kegiatan {r}", f"C{r}": f"Jumlah dokumen {r}", f"D{r}": "dokumen",
                          f"E{r}": target, f"F{r}": target - (r % 3), f"G{r}": f"=F{r}/E{r}*100",
                          f"H{r}": 1_000_000 * (k + 1) + 100_000 * n, f"I{r}": 900_000 * (k + 1) - 1000 * r,
                          f"J{r}": f"=H{r}-I{r}",
                          f"K{r}": f"=I{r}/H{r}*100", f"L{r}": predikat(f"G{r}")})
    t = TOTAL_ROW
    bold.add(t)
    ps = PROGRAM_ROWS
    cells.update({f"B{t}": "Jumlah", f"G{t}": "=AVERAGE(" + ",".join(f"G{p}" for p in ps) + ")",
                  f"H{t}": "=" + "+".join(f"H{p}" for p in ps), f"I{t}": "=" + "+".join(f"I{p}" for p in ps),
                  f"J{t}": "=" + "+".join(f"J{p}" for p in ps), f"K{t}": f"=I{t}/H{t}*100", f"L{t}": predikat(f"G{t}")})
    return cells, bold


def write(path: Path, sheets: dict[str, tuple[dict[str, Any], set[int]]], hidden: set[str] = frozenset(),
          merged: dict[str, list[str]] | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, (cells, bold) in sheets.items():
        ws = wb.create_sheet(name)
        for ref, value in cells.items():
            if value is None:
                continue
            ws[ref] = value
            if ws[ref].row in bold:
                ws[ref].font = Font(bold=True)
        for rng in (merged or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def audit_table(tmp_path: Path, edits: dict[str, Any] | None = None, legend: bool = True, **kw) -> AuditResult:
    """Audit the clean table with ``edits`` applied (a value of None clears the cell); without the
    legend row when ``legend`` is false."""
    cells, bold = evaluasi()
    if not legend:
        for c in "ABCDEFGHIJKL":
            cells.pop(f"{c}4", None)
    for ref, value in (edits or {}).items():
        if value is None:
            cells.pop(ref, None)
        else:
            cells[ref] = value
    return audit_workbook(write(tmp_path / "evaluasi.xlsx", {SHEET: (cells, bold)}, **kw))


def of_rule(result: AuditResult, rule: str) -> list:
    return [f for f in result.findings if f.rule == rule]


def at(result: AuditResult, rule: str, cell: str):
    found = [f for f in result.findings if f.rule == rule and f.cell == cell]
    assert found, f"no {rule} at {cell}; findings: " + "; ".join(f"{f.rule} {f.cell}" for f in result.findings)
    return found[0]


def j1(years: dict[str, str] | None = None, edits: dict[str, Any] | None = None) -> tuple[dict[str, Any], set[int]]:
    """A small Permendagri 54/2010 J-1 sheet (evaluated year 2014), clean unless told."""
    y = {"J8": "Target Kinerja Capaian Program (Renstra SKPD) Tahun 2018",
         "K8": "Realisasi Target Kinerja Hasil Program dan Keluaran Kegiatan s/d Tahun 2013",
         "O8": "Target Program dan Kegiatan (Renja SKPD 2015)",
         "P9": "Realisasi Capaian Program dan Kegiatan s/d tahun 2015"}
    y.update(years or {})
    cells: dict[str, Any] = {
        "B2": "Tabel", "B3": "Rekapitulasi Evaluasi Hasil Pelaksanaan Renja SKPD dan",
        "B4": "Pencapaian Renstra SKPD s/d Tahun 2014", "B8": "Kode",
        "G8": "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
        "H8": "Indikator Kinerja Program (outcomes)/ Kegiatan (output)",
        "L8": "Target dan Realisasi Kinerja Program dan Kegiatan Tahun 2014",
        "P8": "Perkiraan Realisasi Capaian Target Renstra SKPD s/d 2015",
        "L9": "Target Renja SKPD Tahun 2014", "M9": "Realisasi Renja SKPD Tahun 2014", "N9": "Tingkat Realisasi (%)",
        "Q9": "Tingkat Capaian Realisasi Target Renstra (%)",
        "B10": 1, "G10": 2, "H10": 3, "J10": 4, "K10": 5, "L10": 6, "M10": 7, "N10": "8=(7/6)", "O10": 9,
        "P10": "10=(5+7+9)", "Q10": "11=(10/4)",
        "B11": 1, "C11": 20, "D11": "03", "E11": 53, "G11": "Program pelayanan Administrasi Perkantoran",
    }
    cells.update(y)
    for i, r in enumerate(range(12, 18)):
        cells.update({f"B{r}": 1, f"C{r}": 20, f"D{r}": "03", f"E{r}": 53, f"F{r}": f"{i + 1:02d}",
                      f"G{r}": f"Kegiatan {i + 1}", f"H{r}": f"Dokumen {i + 1}", f"J{r}": 8, f"K{r}": 2,
                      f"L{r}": 4, f"M{r}": 3 + (i % 2), f"N{r}": f"=(M{r}/L{r})*100", f"O{r}": 2,
                      f"P{r}": f"=K{r}+M{r}+O{r}", f"Q{r}": f"=(P{r}/J{r})*100"})
    cells.update(edits or {})
    return cells, {2, 3, 4, 11}


J1_MERGED = ["B8:F9", "G8:G9", "H8:I9", "J8:J9", "K8:K9", "L8:N8", "O8:O9", "P8:Q8"]
