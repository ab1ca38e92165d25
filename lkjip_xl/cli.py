"""The ``lkjip-xl`` command: parses arguments, calls the library, turns its errors into messages.

Exit codes: 0 success, 1 the report has error-level findings, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from lkjip_xl import __version__
from lkjip_xl.errors import LkjipError
from lkjip_xl.loader import load_report
from lkjip_xl.summary import format_summary, summarize


def _summary(args: argparse.Namespace) -> int:
    report = load_report(args.report)
    print(format_summary(summarize(report)))
    for note in report.validation_notes:
        print(f"  Catatan: {note}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lkjip-xl", description="LKjIP/SAKIP: laporan kinerja di Excel (generate, recalculate, check)")
    parser.add_argument("--version", action="version", version=f"lkjip-xl {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("summary", help="print a report file's summary (programs, kegiatan, totals, capaian)")
    p.add_argument("report", help="report file (.yaml, .yml or .json)")
    p.set_defaults(func=_summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except LkjipError as exc:
        print(f"lkjip-xl: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
