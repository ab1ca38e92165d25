"""Typed exceptions. Every message says where (file, line, sheet, cell or field) and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


class LkjipError(Exception):
    """Base class of every error lkjip-xl raises on purpose; the CLI turns it into a clean message."""


class OutputError(LkjipError):
    """A workbook (or its backup) could not be written where asked."""


class NumberFormatError(LkjipError, ValueError):
    """A text that should be a number is not one (``'1.051.756.000x'``)."""

    def __init__(self, text: object, expected: str = "angka") -> None:
        self.text = text
        self.expected = expected
        super().__init__(f"seharusnya {expected}, tertulis {text!r}")


@dataclass(frozen=True)
class Problem:
    """One mistake in a report file: where it is and what is wrong."""

    file: str
    line: int | None  # 1-based
    path: str  # field path such as ``rekap.kelompok[0].program[2].kode``
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class ReportFileError(LkjipError):
    """A report file (YAML/JSON) could not be read or is not valid; lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        if len(self.problems) == 1:
            text = str(first)
        else:
            text = f"{len(self.problems)} masalah:\n" + "\n".join(f"  {p}" for p in self.problems)
        super().__init__(text)


class NoFilesError(LkjipError):
    """The arguments name no workbook at all."""


class OutputExistsError(OutputError):
    """The output file is already there and the user did not ask to replace it."""


class ExportError(LkjipError):
    """The export could not be written."""


class StartError(LkjipError):
    """What to start from is missing or does not fit (the message says what is expected)."""


class TableError(LkjipError):
    """The table has not the columns needed, or no program."""


class WorkbookStructureError(LkjipError):
    """The workbook is not one lkjip-xl can read (a sheet or the Rekap table is missing)."""


class LiteSetupError(LkjipError):
    """The wheel or its address cannot be used by xlwings Lite (the message says why)."""


class BuildOptionError(LkjipError):
    """An option that the report's kind cannot honour (the message says what to do instead)."""


class RenjaImportError(LkjipError):
    """The file holds no Renja evaluation form lkjip-xl recognises."""


class RenjaStructureError(LkjipError):
    """The workbook is not a Renja workbook lkjip-xl can read (its sheet or table is missing)."""


class ExcelAccessError(LkjipError):
    """Excel (or the xlwings engine) could not give what the recalculation needs."""


class TemplateError(LkjipError):
    """The template lacks a sheet or a named block the generator needs."""
