"""The VBA project of the macro-enabled workbook, built from the source files in ``source/``.

``ovba`` (MS-OVBA: compression, dir / PROJECT / PROJECTwm / module streams), ``cfb`` (a minimal
compound-file writer) and ``project`` (the assembly) use the standard library only.
See docs/vba.md.
"""

from lkjip_xl.vba.project import build_project

__all__ = ["build_project"]
