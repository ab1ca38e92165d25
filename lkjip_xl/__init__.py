"""lkjip-xl: LKjIP/SAKIP performance reports in Excel.

The public surface is small on purpose: load a report, and the errors you may need to catch.
The rules (capaian, predikat, averages) are in :mod:`lkjip_xl.rules`.
"""

from lkjip_xl.errors import LkjipError, NumberFormatError, ReportFileError
from lkjip_xl.loader import load_report, loads_report
from lkjip_xl.model import Report

__version__ = "0.1.0"

__all__ = [
    "LkjipError",
    "NumberFormatError",
    "Report",
    "ReportFileError",
    "load_report",
    "loads_report",
    "__version__",
]
