"""Legacy and OpenDocument workbooks (.xls, .ods): converted to .xlsx by LibreOffice in a temporary
folder, so that the one workbook-file layer (:mod:`lkjip_xl.ooxml`) reads them; the original is
only read.

Why LibreOffice: it reads BIFF8 and ODF faithfully (formulas, cached values, merged cells, bold),
and the project already drives it headless with a private profile
(:class:`lkjip_xl.engine.libreoffice.LibreOffice`), which keeps the cached values as they are
(no recalculation) when asked.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from lkjip_xl.errors import LkjipError

#: suffixes read through a conversion
CONVERTED = (".xls", ".ods", ".xlsb", ".fods")
#: The first bytes of a legacy (BIFF8/OLE2) .xls, whatever the file is named.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: suffixes read as they are
NATIVE = (".xlsx", ".xlsm")

INSTALL_HINT = ("Pasang LibreOffice (https://www.libreoffice.org/download/, atau `apt-get install "
                "libreoffice-calc` di Linux) lalu ulangi, atau buka berkas ini di Excel dan simpan sebagai "
                ".xlsx (File > Save As > Excel Workbook).")


class ConversionError(LkjipError):
    """A workbook that cannot be turned into .xlsx here; the message names the file and what to do."""


@contextmanager
def as_xlsx(path: Path | str, timeout: float = 180.0) -> Iterator[Path]:
    """``path`` itself when it is .xlsx/.xlsm, else a converted copy that lives while the context does."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ConversionError(f"{path}: berkas tidak ditemukan")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        suffix = ".xls"  # a legacy workbook saved (or renamed) under another name: its content decides
    elif suffix not in CONVERTED:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="lkjip-audit-") as tmp:
        yield to_xlsx(path, suffix, Path(tmp), timeout=timeout)


def to_xlsx(path: Path, suffix: str, folder: Path, *, recalc: bool = False, timeout: float = 180.0) -> Path:
    """The workbook at ``path`` (a ``suffix`` file: ``.xls``, ``.ods``...) converted to .xlsx by
    LibreOffice inside ``folder``; the original is only copied. ``recalc``: LibreOffice recomputes
    the formulas on loading (else the values the file caches are kept). Raises
    :class:`ConversionError` when LibreOffice is missing or cannot convert the file."""
    from lkjip_xl.engine.libreoffice import LibreOffice, LibreOfficeError, find_soffice

    if find_soffice() is None:
        raise ConversionError(f"{path}: berkas {suffix} perlu diubah ke .xlsx dengan LibreOffice, tetapi LibreOffice "
                              f"tidak ditemukan. {INSTALL_HINT}")
    source = Path(folder) / ("workbook" + suffix)
    shutil.copyfile(path, source)  # LibreOffice never sees (nor locks) the original
    try:
        with LibreOffice(force_recalc=recalc, timeout=timeout) as lo:
            return lo.convert([source], "xlsx", Path(folder) / "out")[0]
    except LibreOfficeError as exc:
        raise ConversionError(f"{path}: LibreOffice tidak dapat mengubah berkas ini ke .xlsx ({exc}). "
                              "Buka di Excel dan simpan sebagai .xlsx.") from exc
