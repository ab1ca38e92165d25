"""lkjip-xl in Excel without Python installed: the Hitung Ulang button for xlwings Lite.

xlwings Lite is an Office add-in (free from the Office store) that runs Python inside Excel
with Pyodide, in Microsoft 365 and Office 2021+ on Windows and Mac, and in Excel on the web. Its
Python side is xlwings' remote engine: a script gets the workbook as a snapshot of its values
(the ``xw.Book`` parameter: there is no ``xw.Book.caller()``), its writes are queued and applied
when it ends, and what the snapshot lacks is read with awaited calls (``await rng.get_formula()``,
``await rng.get_colors()``). There is no status bar (``app.status_bar`` raises).

* :func:`hitung_ulang` and :func:`hitung_ulang_ringkasan`: the scripts behind the Hitung Ulang
  buttons that ``lkjip-xl build --lite`` puts on the Petunjuk and Ringkasan sheets (one script per
  button: a script binds one, :func:`lkjip_xl.lite_button.button_ref`), and :func:`pulihkan_rumus`,
  the Pulihkan Rumus button's on Petunjuk. All run
  :func:`recalculate_book`: first :func:`prefetch` reads each sheet's formulas and fill colours,
  one call each per sheet, then the same :func:`~lkjip_xl.recalc.recalculate` as the ``.xlsm``
  runs, through :class:`~lkjip_xl.adapters.xlwings_adapter.XlwingsBook`. The outcome is in the
  Pemeriksaan sheet and an alert.
* ``LKJIP_CAPAIAN``, ``LKJIP_PREDIKAT``, ``LKJIP_SERAPAN``: the worksheet functions of
  :mod:`lkjip_xl.excel` (the same objects): under xlwings Lite, xlwings' ``@func`` registers them
  as Excel custom functions.
* :func:`main_py` and :func:`requirements_txt`: what the office pastes once into Lite's editor
  (printed by ``lkjip-xl lite``); see docs/install-lite.md.

Workbooks lkjip-xl did not write: the same button routes them to :func:`check_foreign_workbook`,
the audit of any workbook, its findings in a Pemeriksaan sheet of their own.

This module imports nothing compiled (Pyodide installs pure-Python wheels only): the checks read
formulas with openpyxl's tokenizer, and PyYAML is imported only where a report file is read.
"""

from __future__ import annotations

import asyncio
import hashlib
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import xlwings as xw
from xlwings import script

from lkjip_xl import __version__, a1
from lkjip_xl import layout as lay
from lkjip_xl.adapters.xlwings_adapter import MAX_USED_CELLS, XlwingsBook, rgb_to_color
from lkjip_xl.errors import ExcelAccessError
from lkjip_xl.errors import LiteSetupError, LkjipError
from lkjip_xl.excel import LKJIP_CAPAIAN, LKJIP_PREDIKAT, LKJIP_SERAPAN, summary_text
from lkjip_xl.lite_button import button_ref, restore_button_ref
from lkjip_xl.recalc import RecalcResult, recalculate

__all__ = [
    "LKJIP_CAPAIAN",
    "LKJIP_PREDIKAT",
    "LKJIP_SERAPAN",
    "MAX_GET_COLORS",
    "Prefetched",
    "check_foreign_workbook",
    "hitung_ulang",
    "hitung_ulang_ringkasan",
    "is_lkjip_workbook",
    "main_py",
    "prefetch",
    "pulihkan_rumus",
    "recalculate_book",
    "record_sha256",
    "requirements_txt",
]

#: ``Range.get_colors`` reads at most this many cells a call (xlwings 0.37.8).
MAX_GET_COLORS = 100_000
#: The xlwings version lkjip-xl is tested with (the requirement of pyproject.toml).
XLWINGS_VERSION = "0.37.8"
TITLE = "lkjip-xl"


# -- reading what the snapshot lacks -----------------------------------------------------------------
@dataclass
class Prefetched:
    """Each sheet's formulas and fill colours, read from Excel before the recalculation.

    ``formulas``: sheet -> (used range address, rows of Office.js formulas: the formula text, or
    the constant); ``fills``: sheet -> (first row, first column, rows of ``"RRGGBB"``/None);
    ``calls``: the reads made."""

    formulas: dict[str, tuple[str, list[list[Any]]]] = field(default_factory=dict)
    fills: dict[str, tuple[int, int, list[list[str | None]]]] = field(default_factory=dict)
    calls: int = 0

    def formula_rows(self, sheet: str, address: str) -> list[list[Any]]:
        """The adapter's ``formulas`` source."""
        found = self.formulas.get(sheet)
        if found is None or found[0] != address:
            raise ExcelAccessError(f"rumus sheet {sheet!r} ({address}) belum dibaca sebelumnya "
                                   f"(yang dibaca: {found[0] if found else 'tidak ada'}); tekan Hitung Ulang sekali lagi")
        return found[1]

    def fill_colors(self, sheet: str, cells: list[str]) -> list[str | None]:
        """The adapter's ``fills`` source: a cell beyond the used range has no fill."""
        found = self.fills.get(sheet)
        if found is None:
            raise ExcelAccessError(f"warna sel sheet {sheet!r} belum dibaca sebelumnya")
        first_row, first_col, grid = found
        out: list[str | None] = []
        for ref in cells:
            row, col = a1.parse_cell(ref)
            r, c = row - first_row, col - first_col
            out.append(grid[r][c] if 0 <= r < len(grid) and 0 <= c < len(grid[r]) else None)
        return out


async def prefetch(book: Any) -> Prefetched:
    """Read every sheet's formulas and fill colours over its used range: one call each per sheet
    (colours in bands of at most :data:`MAX_GET_COLORS` cells), the sheets at the same time.

    A sheet whose used range is larger than the adapter reads is not read here: the adapter
    refuses it with its own message."""
    found = Prefetched()

    async def one(sheet: Any) -> None:
        name = str(sheet.name)
        rng = sheet.used_range
        address = str(rng.address).replace("$", "")
        r1, c1, r2, c2 = a1.parse_range(address.split(",")[0])
        width = c2 - c1 + 1
        if (r2 - r1 + 1) * width > MAX_USED_CELLS:
            return
        found.calls += 1
        formulas = await rng.options(ndim=2).get_formula()
        found.formulas[name] = (address, [list(row) for row in formulas])
        band = max(1, MAX_GET_COLORS // width)
        rows: list[list[str | None]] = []
        for top in range(r1, r2 + 1, band):
            found.calls += 1
            part = sheet.range(a1.range_ref(top, c1, min(r2, top + band - 1), c2))
            rows.extend([rgb_to_color(color) for color in row] for row in await part.get_colors())
        found.fills[name] = (r1, c1, rows)

    await asyncio.gather(*(one(sheet) for sheet in book.sheets))
    return found


# -- the button ---------------------------------------------------------------------------------------
def is_lkjip_workbook(book: Any) -> bool:
    """Whether ``book`` was written by lkjip-xl: it has the findings table's name (read from the
    snapshot, no call)."""
    return any(str(n.name) == lay.PEMERIKSAAN_TABLE.name for n in book.names)


async def recalculate_book(book: Any, *, now: datetime | None = None, restore: bool = False) -> RecalcResult | None:
    """What the Hitung Ulang button does in xlwings Lite.

    The findings go to the Pemeriksaan sheet, the counts to Ringkasan and a colour on each cell
    concerned, as on the desktop; the one-line summary (``lkjip-xl: 5 kesalahan, ...``) is shown
    in an alert and printed in Lite's output pane. An :class:`~lkjip_xl.errors.LkjipError` (a sheet
    missing, a used range too large, ...) becomes an alert instead of a traceback; any other error
    is a bug and is left to xlwings Lite, which shows its traceback. Returns the result, or None
    after an error or for a workbook lkjip-xl did not write (:func:`check_foreign_workbook`).

    Rows staff inserted or deleted are repaired first (:mod:`lkjip_xl.repair`; ``restore``: the
    formulas typed over are written back too). Lite applies the writes when the script ends, so
    after a repair the findings are the repair's catatan, with the request to press Hitung Ulang
    once more; Lite cannot lift a sheet's protection (docs/install-lite.md).
    """
    try:
        if not is_lkjip_workbook(book):
            await check_foreign_workbook(book)
            return None
        found = await prefetch(book)
        result = recalculate(XlwingsBook(book, formulas=found.formula_rows, fills=found.fill_colors), now=now,
                             restore=restore)
    except LkjipError as exc:
        _alert(book, f"Hitung Ulang gagal.\n\n{exc}", mode="critical")
        return None
    _alert(book, summary_text(result), mode="info")
    return result


async def check_foreign_workbook(book: Any) -> Any:
    """A workbook lkjip-xl did not write: the audit of a workbook of any layout
    (:func:`lkjip_xl.audit.in_excel.audit_open_book`, the desktop's "Periksa Buku Kerja"), read
    through :func:`prefetch` and the adapter. Its findings go to a Pemeriksaan sheet of their own
    (added, or replaced when it wrote it before; nothing else of the workbook changes), the counts
    to an alert. Returns the :class:`~lkjip_xl.audit.AuditResult`, or None after an error."""
    # The audit's rules are loaded only for a workbook that needs them: the button of an lkjip-xl
    # workbook (the usual case) does without them.
    from lkjip_xl.audit.in_excel import audit_open_book, summary_line

    try:
        found = await prefetch(book)
        result, sheet = audit_open_book(book, formulas=found.formula_rows, fills=found.fill_colors)
    except LkjipError as exc:
        _alert(book, f"Pemeriksaan gagal.\n\n{exc}", mode="critical")
        return None
    _alert(book, "Buku kerja ini bukan buatan lkjip-xl: diperiksa dengan audit buku kerja apa pun.\n\n"
                 + summary_line(result, sheet), mode="info")
    return result


def _alert(book: Any, text: str, *, mode: str) -> None:
    print(text)  # xlwings Lite's output pane
    book.app.alert(text, title=TITLE, mode=mode)


@script(name="Hitung Ulang", button=button_ref(lay.PETUNJUK))
async def hitung_ulang(book: xw.Book) -> None:
    """Hitung ulang dan periksa buku kerja ini (tombol di sheet Petunjuk)."""
    await recalculate_book(book)


@script(name="Hitung Ulang (Ringkasan)", button=button_ref(lay.RINGKASAN))
async def hitung_ulang_ringkasan(book: xw.Book) -> None:
    """Hitung ulang dan periksa buku kerja ini (tombol di sheet Ringkasan)."""
    await recalculate_book(book)


@script(name="Pulihkan Rumus", button=restore_button_ref(lay.PETUNJUK))
async def pulihkan_rumus(book: xw.Book) -> None:
    """Tulis kembali rumus yang tertimpa angka atau terhapus, lalu periksa (tombol di sheet Petunjuk)."""
    await recalculate_book(book, restore=True)


# -- what the office pastes into xlwings Lite ---------------------------------------------------------
def record_sha256(wheel: Path) -> str:
    """The SHA-256 of the wheel's ``RECORD`` (the list of every file of the package with its own
    SHA-256): what :func:`main_py` pins. Of its text with Unix line ends, as main.py reads it."""
    try:
        with zipfile.ZipFile(wheel) as zf:
            names = [n for n in zf.namelist() if n.endswith(".dist-info/RECORD")]
            if len(names) != 1:
                raise LkjipError(f"{wheel}: bukan berkas wheel (tidak ada tepat satu .dist-info/RECORD)")
            text = zf.read(names[0]).decode("utf-8")
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise LkjipError(f"wheel {wheel} tidak dapat dibaca: {exc}") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def wheel_sha256(wheel: Path) -> str:
    """The SHA-256 of the wheel file."""
    return hashlib.sha256(Path(wheel).read_bytes()).hexdigest()


def requirements_txt(wheel_url: str, wheel: Path) -> str:
    """Lite's ``requirements.txt``: xlwings as tested, and lkjip-xl from the office's wheel URL.

    The ``#sha256=`` after the URL is the wheel's own hash, for the people who host and check it;
    micropip (which installs it in Lite) does not check it, :func:`main_py` does the check."""
    return (f"# lkjip-xl {__version__} (lkjip-xl lite)\n"
            f"xlwings=={XLWINGS_VERSION}\n"
            f"{wheel_url}#sha256={wheel_sha256(wheel)}\n")


_MAIN_PY = '''\
"""lkjip-xl {version}: tombol Hitung Ulang dan fungsi LKJIP_CAPAIAN, LKJIP_PREDIKAT, LKJIP_SERAPAN.

Ditempel sekali ke main.py di editor xlwings Lite (dibuat oleh `lkjip-xl lite`); requirements.txt
memasang lkjip-xl dari alamat kantor. Lihat docs/install-lite.md.
"""

import base64
import hashlib
from importlib import metadata

# The lkjip-xl this was made for: the SHA-256 of its wheel's RECORD, which lists every file of the
# package with the file's own SHA-256. Checked before lkjip-xl is imported.
LKJIP_XL_RECORD_SHA256 = "{record}"


def _check_lkjip_xl():
    dist = metadata.distribution("lkjip-xl")
    record = dist.read_text("RECORD") or ""
    if hashlib.sha256(record.encode("utf-8")).hexdigest() != LKJIP_XL_RECORD_SHA256:
        raise RuntimeError("lkjip-xl yang terpasang (" + dist.version + ") bukan yang disetujui kantor: "
                           "periksa alamat wheel di requirements.txt")
    for line in record.splitlines():
        path, digest, _ = line.rsplit(",", 2)
        if not digest:
            continue
        algorithm, _, expected = digest.partition("=")
        data = dist.locate_file(path).read_bytes()
        actual = base64.urlsafe_b64encode(hashlib.new(algorithm, data).digest()).rstrip(b"=").decode()
        if actual != expected:
            raise RuntimeError("berkas lkjip-xl " + path + " berubah sejak dipasang")


_check_lkjip_xl()

from lkjip_xl.lite import (  # noqa: E402, F401 - the scripts and functions xlwings Lite shows
    LKJIP_CAPAIAN,
    LKJIP_PREDIKAT,
    LKJIP_SERAPAN,
    hitung_ulang,
    hitung_ulang_ringkasan,
    pulihkan_rumus,
)
'''


def main_py(wheel: Path) -> str:
    """Lite's ``main.py``: checks the installed lkjip-xl against the wheel (:func:`record_sha256`),
    then imports the scripts and functions, which Lite finds in main.py's names."""
    return _MAIN_PY.format(version=__version__, record=record_sha256(wheel))


def lite_files(wheel: Path, url: str) -> dict[str, str]:
    """``main.py`` and ``requirements.txt`` for xlwings Lite's editor, for ``wheel`` hosted at ``url``
    (``lkjip-xl lite``). The URL must end in the wheel's own name: micropip reads the version from it."""
    from urllib.parse import urlparse

    wheel = Path(wheel)
    if not wheel.is_file() or wheel.suffix != ".whl":
        raise LiteSetupError(f"{wheel}: seharusnya berkas wheel lkjip-xl (.whl), dibuat dengan `pip wheel --no-deps .`")
    if not wheel.name.startswith(f"lkjip_xl-{__version__}-"):
        raise LiteSetupError(f"{wheel.name} bukan lkjip-xl {__version__} (versi perintah ini): main.py mengimpor isi "
                             "versi ini; pakai lkjip-xl dari wheel itu")
    address = urlparse(url)
    if address.scheme != "https" or not address.path.endswith("/" + wheel.name):
        raise LiteSetupError(f"--url {url}: seharusnya alamat https:// tempat kantor menyediakan {wheel.name} "
                             "(diakhiri nama berkas itu: micropip membaca versinya dari nama itu)")
    return {"main.py": main_py(wheel), "requirements.txt": requirements_txt(url, wheel)}
