"""Helpers of the recalc tests: small workbooks, hand-made packages, a bounded subprocess."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from tests.conftest import MINIMAL_YAML, ROOT

#: Address-space limit of the subprocess that opens a malformed workbook.
MEMORY_LIMIT = 1536 * 1024 * 1024
#: Seconds it may take (a few for the imports; the refusals themselves are quick).
TIME_LIMIT = 120

CT_VBA = "application/vnd.ms-office.vbaProject"
CT_XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
#: A stand-in for a VBA project: only its bytes matter to these tests.
DUMMY_VBA = bytes(range(256)) * 40 + b"lkjip-xl dummy vbaProject.bin"


def minimal_report(tmp: Path):
    """The small report (MINIMAL_YAML of tests/conftest.py)."""
    from lkjip_xl.loader import load_report

    tmp.mkdir(parents=True, exist_ok=True)
    src = tmp / "laporan.yaml"
    src.write_text(MINIMAL_YAML, encoding="utf-8")
    return load_report(src)


def minimal_workbook(tmp: Path, name: str = "laporan.xlsx") -> Path:
    """The small report's workbook as `lkjip-xl build` writes it."""
    from lkjip_xl.writer import write_workbook

    tmp.mkdir(parents=True, exist_ok=True)
    return write_workbook(minimal_report(tmp), tmp / name)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def write_parts(path: Path, content: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in content.items():
            z.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def make_xlsm(xlsx: Path, xlsm: Path) -> Path:
    """An .xlsm made from an .xlsx: a dummy xl/vbaProject.bin, its content type and relationship,
    and the macro-enabled content type of the workbook."""
    content = parts(xlsx)
    ct = content["[Content_Types].xml"].decode()
    ct = ct.replace(CT_XLSX_MAIN, CT_XLSM_MAIN)
    ct = ct.replace("</Types>", f'<Override PartName="/xl/vbaProject.bin" ContentType="{CT_VBA}"/></Types>')
    content["[Content_Types].xml"] = ct.encode()
    rels = content["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace("</Relationships>",
                        f'<Relationship Id="rIdVba" Type="{REL_VBA}" Target="vbaProject.bin"/></Relationships>')
    content["xl/_rels/workbook.xml.rels"] = rels.encode()
    content["xl/vbaProject.bin"] = DUMMY_VBA
    return write_parts(xlsm, content)


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_cells(path: Path) -> dict[tuple[str, str], Any]:
    """Every input cell the reader finds: (sheet, cell) -> what the cell holds (its value, or its
    formula text where staff typed a formula into an input cell)."""
    import openpyxl

    from tests.openpyxl_book import OpenpyxlBook
    from lkjip_xl.reader import read_book

    cells = read_book(OpenpyxlBook(path, values="cached").read_book()).input_cells
    wb = openpyxl.load_workbook(path)
    return {(sheet, ref): wb[sheet][ref].value for sheet, ref in cells}


def inputs_hash(cells: dict[tuple[str, str], Any]) -> str:
    text = json.dumps(sorted((s, c, repr(v)) for (s, c), v in cells.items()), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def formulas_of(path: Path) -> dict[tuple[str, str], str]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"}


@functools.cache
def recalculated_walantaka(source: Path) -> tuple[Path, Any]:
    """The Walantaka workbook after `recalc` (done once per test run; ~20 s: two evaluations)."""
    from lkjip_xl.recalc import recalc_file

    folder = Path(tempfile.mkdtemp(prefix="lkjip-recalc-"))
    import atexit

    atexit.register(shutil.rmtree, folder, True)
    copy = folder / "walantaka_2020.xlsx"
    shutil.copyfile(source, copy)
    result = recalc_file(copy)
    return copy, result


_BOUNDED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
sys.path.insert(0, {root!r})
{prelude}
from lkjip_xl.cli import main
sys.exit(main({argv!r}))
"""


def run_bounded(argv: list[str], *, prelude: str = "", env: dict[str, str] | None = None,
                limit: int = MEMORY_LIMIT, timeout: float = TIME_LIMIT) -> subprocess.CompletedProcess[str]:
    """``lkjip-xl ARGV`` in a subprocess limited to ``limit`` bytes of address space and
    ``timeout`` seconds (a TimeoutExpired fails the test)."""
    code = _BOUNDED.format(limit=limit, root=str(ROOT), prelude=prelude, argv=argv)
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                          env=full_env, stdin=subprocess.DEVNULL, cwd=str(ROOT))
