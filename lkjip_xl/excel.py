"""lkjip-xl inside Excel (through xlwings): the Recalculate button, worksheet functions, settings.

* :func:`recalculate_caller` is what the workbook's "Hitung Ulang" button runs, through the
  xlwings VBA module: ``RunPython "import lkjip_xl.excel; lkjip_xl.excel.recalculate_caller()"``;
  :func:`restore_caller` is the "Pulihkan Rumus" button's (the formulas typed over written back).
  Both first repair the rows staff inserted or deleted (:mod:`lkjip_xl.repair`).
* :func:`audit_caller` audits ANY open workbook, not only lkjip-xl's (an office's own Renja form,
  a J-1 annex...): ``RunPython "import lkjip_xl.excel; lkjip_xl.excel.audit_caller()"`` from a
  button or a macro of the office's own (docs/install-windows.md). It asks nothing and adds (or
  replaces) only its own Pemeriksaan sheet (:mod:`lkjip_xl.audit.in_excel`).
* ``LKJIP_CAPAIAN``, ``LKJIP_PREDIKAT`` and ``LKJIP_SERAPAN`` are worksheet functions (xlwings
  UDFs, Windows only) for people who build their own sheets: the same rules as the workbook's
  formulas. Each is a thin wrapper of a plain function (:func:`capaian_udf`, ...), which can be
  called and tested without Excel.
* :func:`xlwings_conf_rows` gives the rows of a workbook's ``xlwings.conf`` sheet.

Without Python installed, through the xlwings Lite add-in, the button is :mod:`lkjip_xl.lite`'s
(there is no ``xw.Book.caller()`` nor status bar there), and the same three functions are Excel
custom functions on Windows, Mac and the web: under Lite, ``xw.func`` records them for it.

This module imports on any platform: on Windows ``xw.func`` records what xlwings' "Import
Functions" needs on each function (``__xlfunc__``); elsewhere the xlwings decorators leave the
functions as they are.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import xlwings as xw

from lkjip_xl.errors import LkjipError, NumberFormatError
from lkjip_xl.findings import Severity
from lkjip_xl.parsing import parse_number
from lkjip_xl.rules import Metode, Range, capaian, grade_scale, predikat, serapan
from lkjip_xl.xlwings_conf import UDF_MODULE, xlwings_conf_rows

#: The Excel category of the worksheet functions (Insert Function dialog).
CATEGORY = "LKjIP"
#: Excel's status bar shows about this many characters.
STATUS_MAX = 250


# -- the Recalculate button ---------------------------------------------------------------------------
def recalculate_caller() -> Any:
    """Recalculate the workbook that called (the Recalculate button's macro).

    Shows the outcome in Excel's status bar (``5 kesalahan, 2 peringatan, 0 catatan - lihat sheet
    Pemeriksaan``). An :class:`~lkjip_xl.errors.LkjipError` (a workbook that is not an lkjip-xl
    workbook, a sheet missing, ...) becomes a short message box and status bar text instead of a
    Python traceback; any other error is a bug and is left to xlwings, which shows its traceback.

    Returns the :class:`~lkjip_xl.recalc.RecalcResult`, or None after an ``LkjipError``.
    """
    return _run_caller(restore=False)


def restore_caller() -> Any:
    """The Pulihkan Rumus button's macro: :func:`recalculate_caller`, and every formula that staff
    typed a value over (or deleted) written back; the value typed stays in its finding."""
    return _run_caller(restore=True)


def _run_caller(*, restore: bool) -> Any:
    from lkjip_xl.adapters.xlwings_adapter import XlwingsBook  # xlwings: only inside Excel, when a button is pressed
    from lkjip_xl.recalc import recalculate

    book = xw.Book.caller()
    app = book.app
    app.status_bar = "lkjip-xl: memulihkan rumus..." if restore else "lkjip-xl: memeriksa buku kerja..."
    screen = _set_screen_updating(app, False)
    try:
        app.calculate()  # fresh values even when the workbook is set to manual calculation
        result = recalculate(XlwingsBook(book), restore=restore)
    except LkjipError as exc:
        _set_screen_updating(app, screen)
        message = str(exc)
        app.status_bar = _short(f"lkjip-xl: Hitung Ulang gagal: {message}")
        app.alert(f"Hitung Ulang gagal.\n\n{message}", title="lkjip-xl", mode="critical")
        return None
    except BaseException:
        _set_screen_updating(app, screen)
        app.status_bar = False  # give the status bar back to Excel; xlwings shows the traceback
        raise
    _set_screen_updating(app, screen)
    app.status_bar = _short(summary_text(result))
    return result


def audit_caller() -> Any:
    """Audit the workbook that called, whatever its layout, and write the findings into its
    Pemeriksaan sheet (:func:`lkjip_xl.audit.in_excel.audit_open_book`); the outcome in the status
    bar. Returns the :class:`~lkjip_xl.audit.AuditResult`, or None after an ``LkjipError``."""
    from lkjip_xl.audit.in_excel import audit_open_book, summary_line

    book = xw.Book.caller()
    app = book.app
    app.status_bar = "lkjip-xl: memeriksa buku kerja..."
    screen = _set_screen_updating(app, False)
    try:
        app.calculate()
        result, sheet = audit_open_book(book)
    except LkjipError as exc:
        _set_screen_updating(app, screen)
        app.status_bar = _short(f"lkjip-xl: pemeriksaan gagal: {exc}")
        app.alert(f"Pemeriksaan gagal.\n\n{exc}", title="lkjip-xl", mode="critical")
        return None
    except BaseException:
        _set_screen_updating(app, screen)
        app.status_bar = False
        raise
    _set_screen_updating(app, screen)
    app.status_bar = _short(summary_line(result, sheet))
    return result


def summary_text(result: Any) -> str:
    """The one line shown after a recalculation (Bahasa Indonesia)."""
    n = result.counts
    text = (f"lkjip-xl: {n[Severity.ERROR]} kesalahan, {n[Severity.WARNING]} peringatan, "
            f"{n[Severity.INFO]} catatan")
    if result.findings:
        return text + " - lihat sheet Pemeriksaan."
    return text + " - tidak ada temuan."


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= STATUS_MAX else text[:STATUS_MAX - 3] + "..."


def _set_screen_updating(app: Any, value: bool) -> bool:
    """Set Excel's ScreenUpdating, returning the previous value (True where it cannot be read)."""
    try:
        previous = bool(app.screen_updating)
        app.screen_updating = value
        return previous
    except Exception:  # noqa: BLE001 - an engine without screen updating (remote)
        return True


# -- worksheet functions: plain functions ------------------------------------------------------------
def _input(value: Any) -> Any:
    """An argument as Excel passes it -> what the rules take.

    Numbers (floats), grades (``"CC"``, ``"WTP"``), numbers typed as Indonesian text (``"99,87"``,
    ``"2.872.149.185"``, ``"75 %"``); empty cells and empty text are None; a one-cell range that
    arrives as a list is its value. Anything else is passed on, and the rules give no value for it.
    """
    while isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if grade_scale(text) is not None:
            return text
        try:
            return parse_number(text)
        except NumberFormatError:
            return value
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def capaian_udf(target: Any, realisasi: Any, metode: Any = None, batas_atas: Any = None) -> float | None:
    """Tingkat capaian kinerja in percent, or None (an empty cell) when there is none.

    ``metode``: positif (default, also for an empty cell), negatif, negatif_rasio or rentang; for
    rentang, ``target`` is the lower and ``batas_atas`` the upper bound of the range.
    """
    m = _input(metode)
    if m is None:
        m = Metode.POSITIF.value
    elif not isinstance(m, str):
        return None
    t = _input(target)
    if m.strip().lower() == Metode.RENTANG.value:
        high = _input(batas_atas)
        if not (_is_number(t) and _is_number(high) and t <= high):
            return None
        t = Range(t, high)
    result = capaian(t, _input(realisasi), m)
    return _number(result.nilai)


def predikat_udf(nilai: Any) -> str | None:
    """The predikat (Permendagri 86/2017) of a capaian in percent, or None when there is none."""
    value = _input(nilai)
    if not _is_number(value):
        return None
    return predikat(value)


def serapan_udf(realisasi_rp: Any, pagu_rp: Any) -> float | None:
    """Serapan anggaran (realisasi Rp / pagu Rp x 100), or None when there is none (pagu empty or 0)."""
    return _number(serapan(_input(realisasi_rp), _input(pagu_rp)).nilai)


# -- worksheet functions: what Excel calls ----------------------------------------------------------------
# Separate functions, named as Excel shows them: xlwings names a worksheet function after the Python
# function (__xlfunc__["name"]), and decorating capaian_udf itself would give it that name too.
# No type annotations here: xlwings turns an annotation into a converter for the argument.
@xw.func(category=CATEGORY)
@xw.arg("target", doc="Target (angka, nilai seperti CC atau WTP, atau teks seperti 99,87)")
@xw.arg("realisasi", doc="Realisasi (angka, nilai, atau teks angka)")
@xw.arg("metode", doc="Opsional: positif (bawaan), negatif, negatif_rasio, rentang")
@xw.arg("batas_atas", doc="Opsional, untuk metode rentang: batas atas target")
def LKJIP_CAPAIAN(target, realisasi, metode=None, batas_atas=None):  # noqa: N802 - Excel's name
    """Tingkat capaian kinerja (%): realisasi / target x 100 menurut metode; kosong bila tidak ada."""
    return capaian_udf(target, realisasi, metode, batas_atas)


@xw.func(category=CATEGORY)
@xw.arg("capaian", doc="Capaian kinerja dalam persen")
def LKJIP_PREDIKAT(capaian):  # noqa: N802
    """Predikat capaian (Permendagri 86/2017): Sangat Rendah .. Sangat Tinggi; kosong bila tidak ada."""
    return predikat_udf(capaian)


@xw.func(category=CATEGORY)
@xw.arg("realisasi_rp", doc="Realisasi anggaran (Rp)")
@xw.arg("pagu_rp", doc="Pagu anggaran (Rp)")
def LKJIP_SERAPAN(realisasi_rp, pagu_rp):  # noqa: N802
    """Serapan anggaran (%): realisasi Rp / pagu Rp x 100; kosong bila pagu kosong atau 0."""
    return serapan_udf(realisasi_rp, pagu_rp)


#: Excel name -> worksheet function
UDFS = {"LKJIP_CAPAIAN": LKJIP_CAPAIAN, "LKJIP_PREDIKAT": LKJIP_PREDIKAT, "LKJIP_SERAPAN": LKJIP_SERAPAN}


__all__ = [
    "CATEGORY",
    "LKJIP_CAPAIAN",
    "LKJIP_PREDIKAT",
    "LKJIP_SERAPAN",
    "UDFS",
    "UDF_MODULE",
    "audit_caller",
    "capaian_udf",
    "predikat_udf",
    "recalculate_caller",
    "restore_caller",
    "serapan_udf",
    "summary_text",
    "xlwings_conf_rows",
]
