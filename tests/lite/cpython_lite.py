"""Run ``lite_runtime`` on CPython (a fresh process: xlwings must be imported after
``XLWINGS_ON_SERVER`` is set), the reference of the Pyodide run.

``python -m tests.lite.cpython_lite JOB.json FIXTURES.json OUT.json``
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path


def main(job_path: str, fixtures_path: str, out_path: str) -> None:
    from tests.lite import lite_runtime  # sets XLWINGS_ON_SERVER before xlwings is imported

    from tests.excel.officejs import FakeClient, lite_runtime as emscripten

    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    fixtures = json.loads(Path(fixtures_path).read_text(encoding="utf-8"))
    with emscripten(FakeClient(*fixtures)):
        out = asyncio.run(lite_runtime.run(job))
    Path(out_path).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])
