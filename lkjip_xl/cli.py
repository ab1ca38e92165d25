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
from lkjip_xl.loader import load_any_report
from lkjip_xl.renja.model import RenjaReport


def _summary(args: argparse.Namespace) -> int:
    from lkjip_xl.renja.commands import summary_command  # either kind, report file or workbook

    return summary_command(args)


def _write(args: argparse.Namespace, blank: bool) -> int:
    # The writer (and openpyxl) is imported only by the commands that write a workbook: check
    # and recalc never load it, and start about 0.25 s sooner.
    from lkjip_xl.writer import Options, build_workbook, save_atomic, structure_only

    report = load_any_report(args.report)
    if isinstance(report, RenjaReport):  # jenis: renja
        from lkjip_xl.renja.commands import build_renja

        return build_renja(args, report, blank)
    if blank:
        report = structure_only(report)
    options = Options(template=Path(args.template) if args.template else None, password=args.password)
    output = Path(args.output)
    xlsm = getattr(args, "xlsm", False) or output.suffix.lower() == ".xlsm"
    lite = getattr(args, "lite", False)
    if lite and xlsm:
        print("lkjip-xl: error: --lite writes an .xlsx for xlwings Lite; the .xlsm (--xlsm) has its own "
              "button", file=sys.stderr)
        return 2
    if xlsm and output.suffix.lower() != ".xlsm":
        output = output.with_suffix(".xlsm")
    options.xlwings_conf = xlsm
    wb = build_workbook(report, options)
    if xlsm:
        out = _save_xlsm(wb, output)
    elif lite:
        from lkjip_xl.lite_button import add_lite_buttons

        out = _save_with(wb, output, add_lite_buttons)
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
    from lkjip_xl.xlsm import to_xlsm

    return _save_with(wb, output, to_xlsm)


def _save_with(wb, output: Path, finish) -> Path:
    """Save as .xlsx next to the target, then write the target with ``finish(xlsx, output)`` (the
    .xlsm with its button, or the .xlsx with the xlwings Lite buttons)."""
    import os
    import tempfile

    from lkjip_xl.writer import save_atomic

    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=output.parent if str(output.parent) else ".")
    os.close(fd)
    try:
        save_atomic(wb, Path(tmp))
        return finish(Path(tmp), output)
    finally:
        os.unlink(tmp)


def _build(args: argparse.Namespace) -> int:
    return _write(args, blank=False)


def _new(args: argparse.Namespace) -> int:
    if args.report is None:  # dimulai tanpa berkas laporan: kosong, dari buku kerja tahun lalu atau tabel DPA
        from lkjip_xl.start.build import new_command

        return new_command(args)
    if args.dari or args.jenis or args.opd or args.tahun or args.pemerintah_daerah:
        print("lkjip-xl: error: --dari, --jenis, --opd, --pemerintah-daerah dan --tahun dipakai tanpa berkas laporan "
              f"(berkas {args.report} sudah menentukan semuanya)", file=sys.stderr)
        return 2
    return _write(args, blank=True)


def _add_write_options(p: argparse.ArgumentParser, optional_report: bool = False) -> None:
    p.add_argument("report", nargs="?" if optional_report else None, help="report file (.yaml, .yml or .json)")
    p.add_argument("-o", "--output", required=True, help="workbook to write (.xlsx)")
    p.add_argument("--template", help="template workbook (default: the one shipped with lkjip-xl)")
    p.add_argument("--password", help="password for sheet protection (default: protected, no password)")
    p.add_argument("--lite", action="store_true",
                   help="put the Hitung Ulang buttons of xlwings Lite on Petunjuk and Ringkasan (see `lite`)")


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
                         backup=not args.no_backup, restore=args.pulihkan_rumus)
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

    from lkjip_xl.renja.commands import export_renja, workbook_kind

    if workbook_kind(Path(args.workbook)) == "renja":
        return export_renja(args)
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


def _lite(args: argparse.Namespace) -> int:
    from urllib.parse import urlparse

    from lkjip_xl.lite import main_py, requirements_txt

    wheel = Path(args.wheel)
    if not wheel.is_file() or wheel.suffix != ".whl":
        print(f"lkjip-xl: error: {wheel}: expected the lkjip-xl wheel (.whl), built with "
              f"`pip wheel --no-deps .`", file=sys.stderr)
        return 2
    url = urlparse(args.url)
    if url.scheme != "https" or not url.path.endswith("/" + wheel.name):
        print(f"lkjip-xl: error: --url {args.url}: expected the https:// address where the office hosts "
              f"{wheel.name} (ending in that file name: micropip reads the version from it)", file=sys.stderr)
        return 2
    expected = f"lkjip_xl-{__version__}-"
    if not wheel.name.startswith(expected):
        print(f"lkjip-xl: error: {wheel.name} is not lkjip-xl {__version__} (this command): main.py imports "
              f"what this version has; use the lkjip-xl of the wheel", file=sys.stderr)
        return 2
    texts = {"main.py": main_py(wheel), "requirements.txt": requirements_txt(args.url, wheel)}
    if args.output_dir:
        from lkjip_xl.export import write_text_atomic

        for name, text in texts.items():
            write_text_atomic(Path(args.output_dir) / name, text)
    for name, text in texts.items():
        print(f"===== {name} (tempel ke tab {name} di editor xlwings Lite) =====")
        print(text, end="")
    return 0


def _import(args: argparse.Namespace) -> int:
    from lkjip_xl.renja.commands import import_command  # the Renja kind: an office's own form

    return import_command(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lkjip-xl", description="LKjIP/SAKIP: laporan kinerja di Excel (generate, recalculate, check)")
    parser.add_argument("--version", action="version", version=f"lkjip-xl {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("summary", help="print a report file's summary (programs, kegiatan, totals, capaian)")
    p.add_argument("report", help="report file (.yaml, .yml or .json) or workbook (.xlsx, .xlsm), LKjIP or Renja")
    p.add_argument("--json", action="store_true", help="ringkasan sebagai JSON (jenis, OPD, tahun, jumlah, "
                                                       "pagu dan realisasi, rata-rata capaian, predikat)")
    p.set_defaults(func=_summary)
    p = sub.add_parser("build", help="write the report's workbook, with live formulas")
    _add_write_options(p)
    p.add_argument("--recalc", action="store_true",
                   help="then recalculate it headless and write the findings into it (like `recalc`)")
    p.add_argument("--xlsm", action="store_true",
                   help="write a macro-enabled workbook (.xlsm) with the Hitung Ulang / Recalculate button")
    p.set_defaults(func=_build)
    p = sub.add_parser("new", help="write a blank workbook to fill in (structure, targets and pagu; no realisasi)",
                       description="Tanpa berkas laporan: buku kerja kosong untuk diisi strukturnya di Excel (baris "
                                   "contoh program/kegiatan/indikator), atau dimulai --dari buku kerja tahun lalu "
                                   "atau tabel program/kegiatan dengan kode dan pagu (ekspor DPA/SIPD).")
    _add_write_options(p, optional_report=True)
    p.add_argument("--jenis", choices=("lkjip", "renja"), help="jenis laporan tanpa berkas laporan (bawaan: lkjip)")
    p.add_argument("--opd", help="nama OPD (instansi)")
    p.add_argument("--pemerintah-daerah", dest="pemerintah_daerah", help="pemerintah daerah (Kota ..., Kabupaten ...)")
    p.add_argument("--tahun", type=int, help="tahun laporan (bawaan: tahun ini; dari buku kerja tahun lalu: tahun berikutnya)")
    p.add_argument("--dari", help="buku kerja tahun lalu (.xlsx: struktur dan realisasinya sebagai tahun dasar), atau "
                                  "tabel program/kegiatan/sub-kegiatan dengan kode dan pagu (.xlsx, .csv: ekspor DPA/SIPD)")
    p.set_defaults(func=_new)
    p = sub.add_parser("check", help="recompute a workbook and list its findings (exit 1 if any is an error); "
                                     "for a report file, compare the figures it printed with its inputs")
    p.add_argument("workbook", help="workbook (.xlsx or .xlsm), or report file (.yaml, .yml, .json)")
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
    p.add_argument("--pulihkan-rumus", dest="pulihkan_rumus", action="store_true",
                   help="tulis kembali rumus yang tertimpa angka atau terhapus (angka ketikannya tercatat di temuan)")
    p.set_defaults(func=_recalc)
    p = sub.add_parser("export", help="write the data of a filled workbook as a report file (YAML)")
    p.add_argument("workbook", help="workbook (.xlsx or .xlsm), filled in")
    p.add_argument("-o", "--output", required=True, help="report file to write (.yaml or .yml)")
    p.set_defaults(func=_export)
    p = sub.add_parser("lite", help="print main.py and requirements.txt to paste once into xlwings Lite's editor")
    p.add_argument("--wheel", required=True, help="the lkjip-xl wheel the office hosts (.whl)")
    p.add_argument("--url", required=True, help="the https:// address where the office hosts that wheel")
    p.add_argument("-o", "--output-dir", help="also write main.py and requirements.txt into this folder")
    p.set_defaults(func=_lite)
    p = sub.add_parser(
        "import", help="impor formulir evaluasi Renja milik kantor (Permendagri 86/2017) menjadi berkas laporan",
        description="Membaca formulir evaluasi Renja yang diisi kantor sendiri (.xlsx, atau .xls lewat LibreOffice), "
                    "mengambil isian dari baris rincian saja, menulis berkas laporan YAML (jenis: renja), dan "
                    "melaporkan setiap angka formulir asli yang tidak sesuai dengan isiannya, di sel aslinya. "
                    "Kode keluar 1 bila formulir asli mengandung kesalahan.",
        epilog="Contoh: lkjip-xl import renja_tw4.xlsx -o renja_2018.yaml && "
               "lkjip-xl build renja_2018.yaml -o renja_2018.xlsx --recalc",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", help="formulir evaluasi Renja (.xlsx, .xlsm atau .xls)")
    p.add_argument("-o", "--output", required=True, help="berkas laporan yang ditulis (.yaml)")
    p.add_argument("--json", action="store_true", help="temuan sebagai JSON")
    p.add_argument("--sheet", help="nama sheet formulir (bawaan: sheet pertama yang berformulir Renja)")
    p.add_argument("--opd", help="nama Perangkat Daerah, bila judul formulir tidak menyebutnya")
    p.add_argument("--pemerintah-daerah", dest="pemerintah_daerah", help="pemerintah daerah (Kabupaten ...)")
    p.add_argument("--tahun", type=int, help="tahun Renja yang dievaluasi")
    p.add_argument("--triwulan", type=int, choices=(1, 2, 3, 4), help="triwulan berjalan (1-4)")
    p.set_defaults(func=_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except LkjipError as exc:
        print(f"lkjip-xl: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the output was piped into `head` or a pager that quit: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
