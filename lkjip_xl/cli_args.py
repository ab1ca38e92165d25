"""argparse in Bahasa Indonesia: headings, the help option, and argparse's own error messages.

argparse writes its fixed texts in English (``usage:``, ``options``, ``the following arguments are
required``). The headings and the help option are set here when a parser is made; argparse's error
messages have a fixed wording per Python version, and :func:`translate` turns the known ones into
Bahasa Indonesia (an unknown one is left as it is rather than lost).
"""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

USAGE = "Cara pakai: "


class UsageError(Exception):
    """A command line argparse refused; the message is already in Bahasa Indonesia."""

    def __init__(self, message: str, usage: str) -> None:
        super().__init__(message)
        self.usage = usage


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and examples keep their lines; the usage line is headed in Bahasa Indonesia."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose headings, help option and errors are in Bahasa Indonesia, and which
    raises :class:`UsageError` instead of printing and exiting (the CLI decides how to report it:
    as text, or as JSON with ``--json``)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.arguments = self.add_argument_group("argumen")
        self.options = self.add_argument_group("pilihan")
        self.options.add_argument("-h", "--help", "--bantuan", action="help", default=argparse.SUPPRESS,
                                  help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str) -> NoReturn:
        raise UsageError(translate(message), self.format_usage())


_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^the following arguments are required: (.*)$"), r"argumen ini wajib diisi: \1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"argumen tidak dikenal: \1"),
    (re.compile(r"^one of the arguments (.*) is required$"), r"salah satu argumen \1 wajib diisi"),
    (re.compile(r"^argument (.*?): expected one argument$"), r"argumen \1: perlu satu nilai"),
    (re.compile(r"^argument (.*?): expected at least one argument$"), r"argumen \1: perlu sedikitnya satu nilai"),
    (re.compile(r"^argument (.*?): invalid choice: (.*) \(choose from (.*)\)$"),
     r"argumen \1: pilihan \2 tidak dikenal (pilih dari \3)"),
    (re.compile(r"^argument (.*?): ignored explicit argument (.*)$"), r"argumen \1: tidak menerima nilai \2"),
    (re.compile(r"^argument (.*?): not allowed with argument (.*)$"),
     r"argumen \1 tidak boleh dipakai bersama argumen \2"),
    (re.compile(r"^argument (.*?): invalid (\w+) value: (.*)$"), r"argumen \1: nilai \3 tidak sah"),
    (re.compile(r"^ambiguous option: (.*?) could match (.*)$"), r"pilihan \1 tidak jelas: bisa berarti \2"),
]


def translate(message: str) -> str:
    """argparse's English error message in Bahasa Indonesia (unknown wording: unchanged)."""
    for pattern, replacement in _MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message
