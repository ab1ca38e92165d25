"""What a formula cell costs the default engine to compile, against what it costs to evaluate.

A report's formulas are a few shapes repeated down the rows. formualizer parses every formula
cell of an xlsx (it has no per-shape cache); this measures what that costs, by loading the same
column of N cells of one shape twice: written as N formulas (as openpyxl writes them) and as one
shared formula (``<f t="shared">``: one text, the rest are references to it, as Excel writes a
filled-down column). The difference in load time is the parsing of N - 1 formulas. Run on demand::

    python benchmarks/shapes.py                 # 10,000 and 100,000 cells
    python benchmarks/shapes.py --cells 200000

It prints, per size and layout: load and evaluation time (fastest of 3) and the value of one cell
(the two layouts must agree), then the parse cost per formula cell.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path

#: One of the generator's shapes: capaian with a guard, as the Rekap writes it.
SHAPE = 'IF(AND(ISNUMBER(A{r}),ISNUMBER(B{r})),IF(A{r}&gt;0,ROUND(B{r}/A{r}*100,2),""),"")'
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Rekap" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
}


def write_book(path: Path, cells: int, shared: bool) -> Path:
    """Column C: ``cells`` formulas of one shape over targets in A and realisasi in B."""
    rows = []
    for r in range(1, cells + 1):
        if not shared:
            f = f"<f>{SHAPE.format(r=r)}</f>"
        elif r == 1:
            f = f'<f t="shared" ref="C1:C{cells}" si="0">{SHAPE.format(r=r)}</f>'
        else:
            f = '<f t="shared" si="0"/>'
        rows.append(f'<row r="{r}"><c r="A{r}"><v>{r % 97 + 1}</v></c><c r="B{r}"><v>{r % 89}</v></c>'
                    f'<c r="C{r}">{f}</c></row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>' + "".join(rows) + "</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def measure(path: Path, repeat: int = 3) -> tuple[float, float, object]:
    """(load seconds, evaluation seconds, value of C7), fastest of ``repeat``."""
    import formualizer as fz

    best = (float("inf"), float("inf"), None)
    for _ in range(repeat):
        config = fz.EvaluationConfig()
        config.enable_parallel = False
        start = time.perf_counter()
        wb = fz.Workbook.load_path(str(path), config=fz.WorkbookConfig(eval_config=config))
        loaded = time.perf_counter()
        wb.evaluate_all()
        done = time.perf_counter()
        best = min(best, (loaded - start, done - loaded, wb.get_value("Rekap", 7, 3)), key=lambda t: t[0] + t[1])
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--cells", default="10000,100000", help="comma-separated column lengths")
    args = parser.parse_args(argv)
    print("| cells | layout | load (s) | evaluate (s) | C7 |\n|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.cells.split(",") if x.strip()):
            each = measure(write_book(Path(tmp) / f"each_{n}.xlsx", n, shared=False))
            shared = measure(write_book(Path(tmp) / f"shared_{n}.xlsx", n, shared=True))
            print(f"| {n:,} | a formula per cell | {each[0]:.3f} | {each[1]:.3f} | {each[2]} |")
            print(f"| {n:,} | one shared formula | {shared[0]:.3f} | {shared[1]:.3f} | {shared[2]} |")
            if each[2] != shared[2]:
                print(f"the layouts disagree at {n} cells", file=sys.stderr)
                return 1
            per_cell = (each[0] - shared[0]) / max(n - 1, 1) * 1e6
            print(f"|  | parsing, per formula cell | {per_cell:.2f} us | {each[1] / n * 1e6:.2f} us to evaluate | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
