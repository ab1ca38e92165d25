"""Which files a list of PATH arguments names: files as given, folders searched recursively for
workbooks, glob patterns expanded (Windows' shell leaves ``*.xlsx`` to the program).

A Bappeda collects each OPD's workbook into one folder, often in sub-folders per OPD or per
quarter, next to Excel's lock files (``~$laporan.xlsx``) and LibreOffice's (``.~lock...#``): those
are not workbooks and are skipped, as is the results workbook of an earlier run when it is named
as the output. A file named twice (by a folder and by name) is checked once, where it first comes.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Iterable, Sequence

from lkjip_xl.errors import NoFilesError

#: What a folder is searched for.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_GLOB_CHARS = "*?["


def is_pattern(arg: str) -> bool:
    return any(ch in arg for ch in _GLOB_CHARS) and not Path(arg).exists()


def _skipped(path: Path) -> bool:
    name = path.name
    return name.startswith("~$") or name.startswith(".~lock") or name.startswith(".")


def _folder(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix.lower() in WORKBOOK_SUFFIXES and not _skipped(path):
                found.append(path)
    return found


def expand_paths(args: Sequence[str], *, exclude: Iterable[Path] = ()) -> tuple[list[Path], list[str]]:
    """The files ``args`` name, in order, and the folders and patterns among ``args`` that hold
    no workbook (each becomes a row saying so). A file is taken as given (whatever its name: the
    check says what it is); a folder gives its own workbooks by name, then each sub-folder's in
    turn (by name); a pattern its matches sorted; a
    name that is neither a file, a folder nor a pattern is kept, so that its row says it was not
    found; ``exclude`` (the output of the run) is left out. Raises :class:`NoFilesError` when
    nothing at all is named."""
    excluded = {p.resolve() for p in exclude}
    out: list[Path] = []
    seen: set[Path] = set()
    empty: list[str] = []

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen and key not in excluded:
            seen.add(key)
            out.append(path)

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = _folder(path)
        elif is_pattern(arg):
            found = []
            for match in sorted(glob.glob(arg, recursive=True)):
                m = Path(match)
                if m.is_dir():
                    found += _folder(m)
                elif not _skipped(m):
                    found.append(m)
        else:
            add(path)
            continue
        if not found:
            empty.append(arg)
        for p in found:
            add(p)
    if not out:
        what = ", ".join(empty) if empty else ", ".join(args)
        raise NoFilesError(f"tidak ada buku kerja (.xlsx, .xlsm, .xls, .ods) di {what}")
    return out, empty
