"""What ``lkjip-xl check`` does with a workbook that is not one of ours: the audit alone.

Kept out of :mod:`lkjip_xl.cli` so that the command module only learns two names: :func:`is_foreign`
(decided before today's checks) and :func:`check_foreign` (prints, returns the exit code).
"""

from __future__ import annotations

import json
from pathlib import Path

from lkjip_xl.findings import Severity



def is_foreign(path: Path | str) -> bool:
    """A workbook today's checks cannot read (.xls/.ods, OLE2 content under any name) or that has
    no sheet of ours."""
    from lkjip_xl.audit.convert import CONVERTED, OLE_MAGIC

    path = Path(path)
    if path.suffix.lower() in CONVERTED:
        return True
    try:
        with open(path, "rb") as fh:
            if fh.read(8) == OLE_MAGIC:
                return True
    except OSError:
        return False
    return _lacks_our_sheet(path)


def _lacks_our_sheet(path: Path) -> bool:
    """A readable package whose workbook names no sheet of our layout: today's checks would only
    refuse it after starting the engine, so it goes to the audit at once."""
    import re
    import zipfile
    from html import unescape

    from lkjip_xl.layout import REKAP_LAYOUT

    try:
        with zipfile.ZipFile(path) as z:
            book = z.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False  # not a package: today's checks say what is wrong with it
    names = {unescape(n) for n in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', book)}
    return bool(names) and REKAP_LAYOUT.sheet not in names


def check_foreign(path: Path | str, as_json: bool) -> int:
    """Audit ``path``, print the findings (a table or JSON), return 1 when any is an error."""
    from lkjip_xl.audit import audit_workbook
    from lkjip_xl.recalc import format_findings

    result = audit_workbook(Path(path))
    said = f"bukan buku kerja lkjip-xl; {result.recognised()}"
    if as_json:
        print(json.dumps({"file": str(path), "lkjip_xl_workbook": False, "recognised": result.forms,
                          "sheets": result.sheets, "note": said,
                          "counts": {s.value: n for s, n in result.counts.items()},
                          "findings": [dict(f.as_dict(), cells=result.cells.get((f.sheet, f.cell), [f.cell]))
                                       for f in result.findings]},
                         ensure_ascii=False, indent=1))
    else:
        print(said)
        print(format_findings(result.findings, str(path)))
    return 1 if any(f.severity is Severity.ERROR for f in result.findings) else 0


def json_error(path: str, message: str) -> str:
    """The JSON printed for a failure under ``--json`` (with exit code 2)."""
    return json.dumps({"file": path, "error": message, "exit_code": 2}, ensure_ascii=False, indent=1)
