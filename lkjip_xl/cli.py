"""The ``lkjip-xl`` command: parses arguments, calls the library, turns its errors into messages.

Exit codes: 0 success, 1 the report has error-level findings, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from lkjip_xl import __version__
from lkjip_xl.errors import LkjipError
from lkjip_xl.loader import load_report
from lkjip_xl.summary import format_summary, summarize
from lkjip_xl.writer import Options, build_workbook, save_atomic, structure_only


def _summary(args: argparse.Namespace) -> int:
    report = load_report(args.report)
    print(format_summary(summarize(report)))
    for note in report.validation_notes:
        print(f"  Catatan: {note}")
    return 0


def _write(args: argparse.Namespace, blank: bool) -> int:
    report = load_report(args.report)
    if blank:
        report = structure_only(report)
    options = Options(template=Path(args.template) if args.template else None, password=args.password)
    wb = build_workbook(report, options)
    out = save_atomic(wb, Path(args.output))
    formulas = sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row
                   if isinstance(c.value, str) and c.value.startswith("="))
    what = "Buku kerja kosong (tanpa realisasi)" if blank else "Buku kerja"
    print(f"{what} ditulis: {out} ({len(wb.sheetnames)} sheet, {formulas} rumus)")
    if getattr(args, "recalc", False):
        from lkjip_xl.recalc import format_findings, recalc_file

        result = recalc_file(out, backup=False)
        print(f"Dihitung ulang dan diperiksa: {out}")
        print(format_findings(result.findings, str(out)))
    return 0


def _build(args: argparse.Namespace) -> int:
    return _write(args, blank=False)


def _new(args: argparse.Namespace) -> int:
    return _write(args, blank=True)


def _add_write_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("report", help="report file (.yaml, .yml or .json)")
    p.add_argument("-o", "--output", required=True, help="workbook to write (.xlsx)")
    p.add_argument("--template", help="template workbook (default: the one shipped with lkjip-xl)")
    p.add_argument("--password", help="password for sheet protection (default: protected, no password)")


def _check(args: argparse.Namespace) -> int:
    import json

    from lkjip_xl.recalc import check_file, format_findings

    result = check_file(Path(args.workbook), values="cached" if args.cached else "engine")
    if args.json:
        print(json.dumps({"file": args.workbook, "counts": {s.value: n for s, n in result.counts.items()},
                          "findings": [f.as_dict() for f in result.findings]}, ensure_ascii=False, indent=1))
    else:
        print(format_findings(result.findings, args.workbook))
    return 1 if result.has_errors else 0


def _recalc(args: argparse.Namespace) -> int:
    from lkjip_xl.recalc import format_findings, recalc_file

    result = recalc_file(Path(args.workbook), output=Path(args.output) if args.output else None,
                         backup=not args.no_backup)
    print(format_findings(result.findings, args.workbook))
    for key, value in result.written.items():
        if key == "saved":
            print(f"Disimpan: {value}")
        elif key == "backup":
            print(f"Cadangan: {value}")
    return 1 if result.has_errors else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lkjip-xl", description="LKjIP/SAKIP: laporan kinerja di Excel (generate, recalculate, check)")
    parser.add_argument("--version", action="version", version=f"lkjip-xl {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("summary", help="print a report file's summary (programs, kegiatan, totals, capaian)")
    p.add_argument("report", help="report file (.yaml, .yml or .json)")
    p.set_defaults(func=_summary)
    p = sub.add_parser("build", help="write the report's workbook, with live formulas")
    _add_write_options(p)
    p.add_argument("--recalc", action="store_true",
                   help="then recalculate it headless and write the findings into it (like `recalc`)")
    p.set_defaults(func=_build)
    p = sub.add_parser("new", help="write a blank workbook to fill in (structure, targets and pagu; no realisasi)")
    _add_write_options(p)
    p.set_defaults(func=_new)
    p = sub.add_parser("check", help="recompute a workbook and list its findings (exit 1 if any is an error)")
    p.add_argument("workbook", help="workbook (.xlsx or .xlsm)")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument("--cached", action="store_true",
                   help="use the values cached in the file (as Excel last computed them) instead of recomputing")
    p.set_defaults(func=_check)
    p = sub.add_parser("recalc", help="recompute a workbook headless and write the findings into it")
    p.add_argument("workbook", help="workbook (.xlsx or .xlsm); a backup copy is kept as <name>.bak")
    p.add_argument("-o", "--output", help="write to this file instead of changing the workbook itself")
    p.add_argument("--no-backup", action="store_true", help="do not keep a .bak copy")
    p.set_defaults(func=_recalc)
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
