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


def _summary(args: argparse.Namespace) -> int:
    report = load_report(args.report)
    print(format_summary(summarize(report)))
    for note in report.validation_notes:
        print(f"  Catatan: {note}")
    return 0


def _write(args: argparse.Namespace, blank: bool) -> int:
    # The writer (and openpyxl) is imported only by the commands that write a workbook: check
    # and recalc never load it, and start about 0.25 s sooner.
    from lkjip_xl.writer import Options, build_workbook, save_atomic, structure_only

    report = load_report(args.report)
    if blank:
        report = structure_only(report)
    options = Options(template=Path(args.template) if args.template else None, password=args.password)
    output = Path(args.output)
    xlsm = getattr(args, "xlsm", False) or output.suffix.lower() == ".xlsm"
    if xlsm and output.suffix.lower() != ".xlsm":
        output = output.with_suffix(".xlsm")
    options.xlwings_conf = xlsm
    wb = build_workbook(report, options)
    if xlsm:
        out = _save_xlsm(wb, output)
    else:
        out = save_atomic(wb, output)
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


def _save_xlsm(wb, output: Path) -> Path:
    """Save as .xlsx next to the target, then turn it into the .xlsm with the Recalculate button."""
    import os
    import tempfile

    from lkjip_xl.writer import save_atomic

    from lkjip_xl.xlsm import to_xlsm

    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=output.parent if str(output.parent) else ".")
    os.close(fd)
    try:
        save_atomic(wb, Path(tmp))
        return to_xlsm(Path(tmp), output)
    finally:
        os.unlink(tmp)


def _build(args: argparse.Namespace) -> int:
    return _write(args, blank=False)


def _new(args: argparse.Namespace) -> int:
    return _write(args, blank=True)


def _add_write_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("report", help="report file (.yaml, .yml or .json)")
    p.add_argument("-o", "--output", required=True, help="workbook to write (.xlsx)")
    p.add_argument("--template", help="template workbook (default: the one shipped with lkjip-xl)")
    p.add_argument("--password", help="password for sheet protection (default: protected, no password)")


_REPORT_SUFFIXES = (".yaml", ".yml", ".json")


def _check(args: argparse.Namespace) -> int:
    import json

    from lkjip_xl.recalc import check_file, format_findings

    if Path(args.workbook).suffix.lower() in _REPORT_SUFFIXES:
        # A report file: compare the figures the document printed with what its inputs imply.
        from lkjip_xl.printed import check_printed_file, counts, format_printed

        found = check_printed_file(args.workbook)
        if args.json:
            print(json.dumps({"file": args.workbook, "counts": {s.value: n for s, n in counts(found).items()},
                              "findings": [f.as_dict() for f in found]}, ensure_ascii=False, indent=1))
        else:
            print(format_printed(found, args.workbook))
        return 1 if any(f.severity.rank == 0 for f in found) else 0
    if args.printed:
        print(f"lkjip-xl: error: --printed needs a report file ({', '.join(_REPORT_SUFFIXES)}), "
              f"got {args.workbook}", file=sys.stderr)
        return 2
    # -- audit hook: a workbook that is not one of ours gets the layout-independent audit alone --
    from lkjip_xl.audit.cli_hook import check_foreign, is_foreign
    from lkjip_xl.reader import WorkbookStructureError

    if is_foreign(args.workbook):
        return check_foreign(args.workbook, args.json)
    try:
        result = check_file(Path(args.workbook), values="cached" if args.cached else "engine")
    except WorkbookStructureError:
        return check_foreign(args.workbook, args.json)
    # -- end of the audit hook --
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


def _export(args: argparse.Namespace) -> int:
    from lkjip_xl.export import dump_report, read_workbook, write_text_atomic
    from lkjip_xl.findings import Severity, counts
    from lkjip_xl.recalc import format_findings

    output = Path(args.output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        print(f"lkjip-xl: error: the export is a YAML report file (.yaml or .yml), got {output}", file=sys.stderr)
        return 2
    result = read_workbook(Path(args.workbook))
    out = write_text_atomic(output, dump_report(result.report))
    n = counts(result.findings)
    print(f"Data diekspor: {out} (temuan saat membaca {args.workbook}: {n[Severity.ERROR]} kesalahan, "
          f"{n[Severity.WARNING]} peringatan, {n[Severity.INFO]} catatan)")
    if result.findings:
        print(format_findings(result.findings, args.workbook).split("\n", 1)[1])
    return 1 if n[Severity.ERROR] else 0


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
    p.add_argument("--xlsm", action="store_true",
                   help="write a macro-enabled workbook (.xlsm) with the Hitung Ulang / Recalculate button")
    p.set_defaults(func=_build)
    p = sub.add_parser("new", help="write a blank workbook to fill in (structure, targets and pagu; no realisasi)")
    _add_write_options(p)
    p.set_defaults(func=_new)
    p = sub.add_parser("check", help="recompute a workbook and list its findings (exit 1 if any is an error); "
                                     "for a report file, compare the figures it printed with its inputs")
    p.add_argument("workbook", help="workbook (.xlsx, .xlsm; .xls/.ods through LibreOffice), or report file "
                                    "(.yaml, .yml, .json); a workbook that is not one of ours gets the audit")
    p.add_argument("--printed", action="store_true",
                   help="compare the figures the document printed (the printed: fields of a report file) with "
                        "what its inputs imply (the default for a report file)")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument("--cached", action="store_true",
                   help="use the values cached in the file (as Excel last computed them) instead of recomputing")
    p.set_defaults(func=_check)
    p = sub.add_parser("recalc", help="recompute a workbook headless and write the findings into it")
    p.add_argument("workbook", help="workbook (.xlsx or .xlsm); a backup copy is kept as <name>.bak")
    p.add_argument("-o", "--output", help="write to this file instead of changing the workbook itself")
    p.add_argument("--no-backup", action="store_true", help="do not keep a .bak copy")
    p.set_defaults(func=_recalc)
    p = sub.add_parser("export", help="write the data of a filled workbook as a report file (YAML)")
    p.add_argument("workbook", help="workbook (.xlsx or .xlsm), filled in")
    p.add_argument("-o", "--output", required=True, help="report file to write (.yaml or .yml)")
    p.set_defaults(func=_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except LkjipError as exc:
        if getattr(args, "json", False):  # --json always prints JSON, a failure too
            from lkjip_xl.audit.cli_hook import json_error

            print(json_error(getattr(args, "workbook", ""), str(exc)))
        print(f"lkjip-xl: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the output was piped into `head` or a pager that quit: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
