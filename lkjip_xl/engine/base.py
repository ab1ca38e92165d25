"""The interface every headless evaluation engine offers.

An engine opens a workbook the generator wrote, computes every formula (ignoring any value
cached in the file) and returns the results as plain Python values, so checks can compare them
with what the rules in :mod:`lkjip_xl.rules` say the cells must hold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from lkjip_xl.errors import LkjipError

__all__ = ["Engine", "EngineError", "Values"]

#: ``(sheet name, cell address) -> computed value`` of every formula cell of a workbook.
#:
#: * the sheet name is spelled exactly as in the workbook (``"Rekap Kegiatan"``), the address is
#:   upper case without ``$`` (``"P12"``);
#: * numbers are ``float`` (also integers such as a ``MATCH`` position), text is ``str``
#:   (``""`` for an empty-string result such as ``IF(B1>0, A1/B1, "")``), booleans are ``bool``;
#: * ``None`` stands for an empty result;
#: * an Excel error is its error string: ``"#DIV/0!"``, ``"#N/A"``, ``"#VALUE!"``, ``"#NAME?"``,
#:   ``"#REF!"``, ``"#NUM!"``, ``"#NULL!"``.
Values = dict[tuple[str, str], object]


class EngineError(LkjipError):
    """A workbook (or a formula) could not be evaluated; the message names the file (or formula).

    ``path`` is the workbook concerned (``None`` when the error is about a lone formula text) and
    ``cells`` the ``(sheet, address)`` pairs concerned, when known.
    """

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        cells: list[tuple[str, str]] | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.cells = list(cells or [])
        super().__init__(f"{path}: {message}" if path is not None else message)


@runtime_checkable
class Engine(Protocol):
    """Evaluates every formula of an ``.xlsx`` workbook without Excel."""

    #: Short name shown in reports (``"formulas"``).
    name: str

    def evaluate(self, path: Path) -> Values:
        """Return the computed value of every formula cell of the workbook at ``path``.

        Raises :class:`EngineError` (naming the file) when the workbook cannot be read or some
        formula cannot be computed at all (a circular reference, an engine failure).
        """
        ...
