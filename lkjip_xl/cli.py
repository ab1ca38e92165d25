"""The ``lkjip-xl`` command: parses arguments, calls the library, turns its errors into messages.

Each command is one entry of :data:`COMMANDS`: its name and Indonesian aliases, a line for the list
of commands, a description, at least one example, a function that declares its arguments and one
that runs it. A new command is a new entry (``tests/test_cli_help.py`` fails for a command without
help or example). Every message is in Bahasa Indonesia and every number goes through
:func:`lkjip_xl.parsing.format_number`.

Exit codes, the same for every command: 0 done and no error found, 1 the report or workbook has
error-level findings (kesalahan), 2 bad input or usage (the message names the file, line or cell).
With ``--json`` stdout is always one JSON document, also for an error (``{"error": ...}``).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from lkjip_xl import __version__, console, outputs
from lkjip_xl.cli_args import Parser, UsageError
from lkjip_xl.errors import LkjipError
from lkjip_xl.examples import write_examples
from lkjip_xl.findings import Severity, counts
from lkjip_xl.outputs import REPORT_INPUT_SUFFIXES
from lkjip_xl.display import format_number
from lkjip_xl.progress import Progress, Report
from lkjip_xl.workbook_kind import PACKAGE, is_ours, readable_kind, refuse_unreadable

# The commands import what only they need where they run: openpyxl and the writer (building), the
# engine and the checks (checking), the export and the printed-figure checks take a second or two to
# load between them, which --help, summary and every refusal of bad input need not wait for; the
# process pool of many files (multiprocessing) is loaded by check and gabung only.

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
PROG = "lkjip-xl"


@dataclass
class Outcome:
    """What a command did: its exit code, the text for people, the data for ``--json``."""

    code: int = EXIT_OK
    lines: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Command:
    name: str
    aliases: tuple[str, ...]
    summary: str  # one line in the list of commands
    description: str
    examples: tuple[str, ...]
    arguments: Callable[[Parser], None]
    run: Callable[[argparse.Namespace, Report], Outcome]


# -- the arguments every command shares -------------------------------------------------------------
def _common(p: Parser) -> None:
    p.options.add_argument("--json", action="store_true", help="keluaran sebagai JSON (juga bila gagal)")
    p.options.add_argument("--diam", "--quiet", dest="diam", action="store_true",
                           help="tanpa tampilan kemajuan di layar (stderr)")


def _overwrite(p: Parser) -> None:
    p.options.add_argument("--timpa", "--overwrite", dest="timpa", action="store_true",
                           help="ganti berkas keluaran yang sudah ada (salinannya disimpan sebagai <nama>.bak)")


def _check_options(p: Parser, *, errors_only: bool = True) -> None:
    p.options.add_argument("--final", action="store_true",
                           help="laporan dinyatakan lengkap: isian yang kosong menjadi peringatan, bukan catatan "
                                "(sama dengan mengisi Status laporan = final di sheet Identitas)")
    if errors_only:
        p.options.add_argument("--hanya-kesalahan", "--errors-only", dest="hanya_kesalahan", action="store_true",
                               help="tampilkan kesalahan saja (peringatan dan catatan hanya dihitung)")


# -- summary ------------------------------------------------------------------------------------------
def _summary_args(p: Parser) -> None:
    p.arguments.add_argument("report", metavar="LAPORAN",
                             help="berkas laporan (.yaml, .yml, .json) atau buku kerja (.xlsx, .xlsm), LKjIP atau Renja")
    _common(p)


def _summary(args: argparse.Namespace, report: Report) -> Outcome:
    from lkjip_xl.renja.commands import summary_of  # either kind: see the note at the imports

    lines, data = summary_of(Path(args.report))
    return Outcome(EXIT_OK, lines, data)


# -- build, new ---------------------------------------------------------------------------------------
def _write_args(p: Parser, optional_report: bool = False) -> None:
    p.arguments.add_argument("report", metavar="LAPORAN", nargs="?" if optional_report else None,
                             help="berkas laporan (.yaml, .yml atau .json)"
                                  + ("; tanpa berkas laporan: lihat --jenis dan --dari" if optional_report else ""))
    p.options.add_argument("-o", "--output", "--keluaran", dest="output", required=True, metavar="BERKAS",
                           help="buku kerja yang ditulis (.xlsx; .xlsm dengan --xlsm)")
    p.options.add_argument("--template", "--templat", dest="template", metavar="TEMPLAT",
                           help="buku kerja templat (bawaan: templat lkjip-xl)")
    p.options.add_argument("--password", "--sandi", dest="password", metavar="SANDI",
                           help="kata sandi proteksi sheet (bawaan: terproteksi tanpa kata sandi)")
    p.options.add_argument("--xlsm", action="store_true",
                           help="tulis buku kerja bermakro (.xlsm) dengan tombol Hitung Ulang")
    p.options.add_argument("--lite", action="store_true",
                           help="pasang tombol Hitung Ulang untuk xlwings Lite di sheet Petunjuk dan Ringkasan "
                                "(Excel 365 dan Excel untuk web, tanpa Python terpasang; lihat perintah lite)")
    _overwrite(p)
    _common(p)


def _build_args(p: Parser) -> None:
    _write_args(p)
    p.options.add_argument("--recalc", "--hitung", dest="recalc", action="store_true",
                           help="lalu hitung ulang dan periksa (seperti perintah recalc); keluar 1 bila ada kesalahan")
    _check_options(p)


def _write(args: argparse.Namespace, report: Report, blank: bool) -> Outcome:
    from lkjip_xl.building import build_file  # openpyxl and the writer: see the note at the imports

    output = Path(args.output)
    xlsm = args.xlsm or output.suffix.lower() == ".xlsm"
    if args.lite and xlsm:
        raise LkjipError("--lite menulis .xlsx untuk xlwings Lite; buku kerja bermakro (.xlsm, --xlsm) punya tombolnya "
                         "sendiri: pilih salah satu")
    hint = "; --xlsm menulis buku kerja bermakro" if args.xlsm else ""
    if xlsm:
        outputs.check_suffix(output, outputs.XLSM, hint)
    else:
        outputs.check_suffix(output, outputs.XLSX, " (atau .xlsm dengan --xlsm untuk tombol Hitung Ulang)")
    backup = outputs.claim(output, None, overwrite=args.timpa)
    built = build_file(Path(args.report), output, blank=blank, xlsm=xlsm, lite=args.lite,
                       template=Path(args.template) if args.template else None, password=args.password,
                       report=report)
    what = {("lkjip", False): "Buku kerja", ("lkjip", True): "Buku kerja kosong (tanpa realisasi)",
            ("renja", False): "Buku kerja evaluasi Renja",
            ("renja", True): "Buku kerja Renja kosong (tanpa realisasi)"}[(built.kind, blank)]
    out = Outcome(EXIT_OK, [f"{what} ditulis: {output} ({format_number(built.sheets)} sheet, "
                            f"{format_number(built.formulas)} rumus)"],
                  {"file": str(output), "jenis": built.kind, "sheets": built.sheets, "formulas": built.formulas})
    if backup is not None:
        out.lines.append(f"Cadangan berkas lama: {backup}")
        out.data["backup"] = str(backup)
    if getattr(args, "recalc", False):
        checked = _recalc_into(output, None, args, report, backup=False)
        out.code = checked.code
        out.lines += [f"Dihitung ulang dan diperiksa: {output}"] + checked.lines
        out.data["check"] = checked.data
    return out


def _build(args: argparse.Namespace, report: Report) -> Outcome:
    return _write(args, report, blank=False)


def _new_args(p: Parser) -> None:
    _write_args(p, optional_report=True)
    p.options.add_argument("--jenis", choices=("lkjip", "renja"), help="jenis laporan tanpa berkas laporan (bawaan: lkjip)")
    p.options.add_argument("--opd", metavar="NAMA", help="nama OPD (instansi)")
    p.options.add_argument("--pemerintah-daerah", dest="pemerintah_daerah", metavar="NAMA",
                           help="pemerintah daerah (Kota ..., Kabupaten ...)")
    p.options.add_argument("--tahun", type=int, metavar="TAHUN",
                           help="tahun laporan (bawaan: tahun ini; dari buku kerja tahun lalu: tahun berikutnya)")
    p.options.add_argument("--dari", metavar="BERKAS",
                           help="buku kerja tahun lalu (.xlsx: struktur dan realisasinya sebagai tahun dasar), atau tabel "
                                "program/kegiatan/sub-kegiatan dengan kode dan pagu (.xlsx, .csv: ekspor DPA/SIPD atau RKA)")


def _new(args: argparse.Namespace, report: Report) -> Outcome:
    if args.report is not None:
        if args.dari or args.jenis or args.opd or args.tahun or args.pemerintah_daerah:
            raise LkjipError(f"--dari, --jenis, --opd, --pemerintah-daerah dan --tahun dipakai tanpa berkas laporan "
                             f"(berkas {args.report} sudah menentukan semuanya)")
        return _write(args, report, blank=True)
    # Started without a report file: blank, from last year's workbook or from a DPA/SIPD table.
    from lkjip_xl.start.build import Start, start_workbook  # openpyxl and the writer: see the imports

    output = Path(args.output)
    backup = outputs.claim(output, None, overwrite=args.timpa)
    start = Start(jenis=args.jenis or "lkjip", opd=args.opd, pemerintah_daerah=args.pemerintah_daerah,
                  tahun=args.tahun, dari=Path(args.dari) if args.dari else None, jenis_given=bool(args.jenis))
    report("menulis buku kerja baru", None)
    done = start_workbook(output, start, password=args.password, lite=args.lite)
    what = "Buku kerja Renja" if done.renja else "Buku kerja LKjIP"
    source = f"dari {start.dari}" if start.dari else "kosong, untuk diisi strukturnya di Excel"
    lines = [f"{what} baru ditulis: {done.path} ({source}; {format_number(done.sheets)} sheet)"]
    if done.blank:
        lines.append("Ketik kode dan nama program/kegiatan serta uraian indikator di baris contoh dan baris kosong "
                     "di bawahnya, lalu Hitung Ulang (lkjip-xl recalc). Lihat sheet Petunjuk.")
    data = {"file": str(done.path), "jenis": "renja" if done.renja else "lkjip", "sheets": done.sheets}
    if backup is not None:
        lines.append(f"Cadangan berkas lama: {backup}")
        data["backup"] = str(backup)
    return Outcome(EXIT_OK, lines, data)


# -- check ----------------------------------------------------------------------------------------------
def _check_args(p: Parser) -> None:
    p.arguments.add_argument("workbook", metavar="BERKAS", nargs="+",
                             help="buku kerja (.xlsx, .xlsm; .xls dan .ods lewat LibreOffice), atau berkas laporan "
                                  "(.yaml, .yml, .json); buku kerja yang bukan buatan lkjip-xl diaudit. Beberapa "
                                  "berkas, folder (diperiksa beserta subfoldernya) atau pola (*.xlsx) diperiksa "
                                  "bersamaan: satu baris per berkas dan jumlahnya")
    p.options.add_argument("--jobs", "-j", dest="jobs", type=int, metavar="N",
                           help="jumlah proses yang memeriksa bersamaan (bawaan: jumlah inti prosesor)")
    p.options.add_argument("-o", "--output", "--keluaran", dest="output", metavar="BERKAS",
                           help="tulis buku kerja hasil (.xlsx): satu baris per berkas dan sheet semua temuan")
    p.options.add_argument("--scheduler", "--penjadwal", dest="scheduler", metavar="ALAMAT",
                           help="periksa di klaster Dask (alamat penjadwal, misalnya tcp://10.0.0.5:8786); "
                                "perlu pip install 'lkjip-xl[dask]' dan berkas yang terlihat di setiap worker")
    _overwrite(p)
    p.options.add_argument("--printed", "--tercetak", dest="printed", action="store_true",
                           help="bandingkan angka yang tercetak di dokumen (isian printed: di berkas laporan) "
                                "dengan hasil hitung dari isiannya (bawaan untuk berkas laporan)")
    p.options.add_argument("--cached", "--tersimpan", dest="cached", action="store_true",
                           help="pakai nilai yang tersimpan di berkas (hasil hitung terakhir Excel), tanpa menghitung ulang")
    _check_options(p)
    _common(p)


def _check(args: argparse.Namespace, report: Report) -> Outcome:
    from lkjip_xl.city.commands import check_many, is_many  # the process pool: see the note at the imports

    if is_many(args.workbook, args.output, args.scheduler):
        if args.printed:
            raise LkjipError("--printed memeriksa satu berkas laporan (.yaml) saja")
        batch = check_many(args.workbook, jobs=args.jobs, scheduler=args.scheduler, output=args.output,
                           overwrite=args.timpa, cached=args.cached, final=args.final or None,
                           errors_only=args.hanya_kesalahan, report=report)
        return Outcome(batch.code, batch.lines, batch.data)
    args.workbook = args.workbook[0]
    source = args.workbook
    if Path(source).suffix.lower() in REPORT_INPUT_SUFFIXES:
        return _check_printed(args)
    if args.printed:
        raise LkjipError(f"--printed perlu berkas laporan ({', '.join(REPORT_INPUT_SUFFIXES)}), bukan {source}")
    from lkjip_xl.checking import check_workbook  # the engine and the checks: see the imports

    if readable_kind(Path(source)) != PACKAGE or not is_ours(Path(source)):
        return _audit(args, report)
    report("menghitung ulang dan memeriksa", None)
    findings = check_workbook(Path(source), cached=args.cached, final=args.final or None, audit=True)
    shown = console.errors_only(findings) if args.hanya_kesalahan else findings
    has_errors = any(f.severity.rank == 0 for f in findings)
    return Outcome(EXIT_FINDINGS if has_errors else EXIT_OK, [console.findings_text(findings, source, shown=shown)],
                   console.findings_json(findings, source, shown=shown))


def _audit(args: argparse.Namespace, report: Report) -> Outcome:
    """A workbook lkjip-xl did not write (or an .xls/.ods): the layout-independent audit alone."""
    from lkjip_xl.audit import audit_workbook  # see the note at the imports

    report("memeriksa buku kerja", None)
    result = audit_workbook(Path(args.workbook))
    findings = result.findings
    shown = console.errors_only(findings) if args.hanya_kesalahan else findings
    said = f"bukan buku kerja lkjip-xl; {result.recognised()}"
    data = console.findings_json(findings, args.workbook, shown=shown, lkjip_xl_workbook=False,
                                 recognised=result.forms, sheets=result.sheets, note=said)
    for item, f in zip(data["findings"], shown):
        item["cells"] = result.cells.get((f.sheet, f.cell), [f.cell])
    code = EXIT_FINDINGS if result.has_errors else EXIT_OK
    return Outcome(code, [said, console.findings_text(findings, args.workbook, shown=shown)], data)


def _check_printed(args: argparse.Namespace) -> Outcome:
    from lkjip_xl.printed import check_printed_file, finding_json, format_printed  # see the note at the imports

    found = check_printed_file(args.workbook)
    if args.hanya_kesalahan:
        found = [f for f in found if f.severity.rank == 0]
    data = {"file": args.workbook, "counts": {s.value: n for s, n in counts(found).items()},
            "findings": [finding_json(f) for f in found]}
    code = EXIT_FINDINGS if any(f.severity.rank == 0 for f in found) else EXIT_OK
    return Outcome(code, [format_printed(found, args.workbook)], data)


# -- gabung ---------------------------------------------------------------------------------------------
def _gabung_args(p: Parser) -> None:
    p.arguments.add_argument("paths", metavar="BERKAS", nargs="+",
                             help="buku kerja OPD (LKjIP dan evaluasi Renja buatan lkjip-xl), folder (beserta "
                                  "subfoldernya) atau pola (*.xlsx)")
    p.options.add_argument("-o", "--output", "--keluaran", dest="output", required=True, metavar="BERKAS",
                           help="buku kerja gabungan yang ditulis (.xlsx)")
    p.options.add_argument("--jobs", "-j", dest="jobs", type=int, metavar="N",
                           help="jumlah proses yang memeriksa bersamaan (bawaan: jumlah inti prosesor)")
    p.options.add_argument("--scheduler", "--penjadwal", dest="scheduler", metavar="ALAMAT",
                           help="periksa di klaster Dask (alamat penjadwal); perlu pip install 'lkjip-xl[dask]'")
    p.options.add_argument("--cached", "--tersimpan", dest="cached", action="store_true",
                           help="pakai nilai yang tersimpan di berkas, tanpa menghitung ulang")
    _check_options(p, errors_only=False)
    _overwrite(p)
    _common(p)


def _gabung(args: argparse.Namespace, report: Report) -> Outcome:
    from lkjip_xl.city.commands import gabung  # the process pool: see the note at the imports

    batch = gabung(args.paths, args.output, jobs=args.jobs, scheduler=args.scheduler, overwrite=args.timpa,
                   cached=args.cached, final=args.final or None, report=report)
    return Outcome(batch.code, batch.lines, batch.data)


# -- recalc -----------------------------------------------------------------------------------------------
def _recalc_args(p: Parser) -> None:
    p.arguments.add_argument("workbook", metavar="BERKAS",
                             help="buku kerja (.xlsx atau .xlsm); salinan cadangan disimpan sebagai <nama>.bak")
    p.options.add_argument("-o", "--output", "--keluaran", dest="output", metavar="BERKAS",
                           help="tulis ke berkas ini, bukan ke buku kerja itu sendiri; buku kerja yang bukan buatan "
                                "lkjip-xl (.xlsx, .xls, .ods) diaudit dan salinannya diberi sheet Pemeriksaan serta "
                                "warna pada sel yang bermasalah (berkas aslinya tidak diubah)")
    p.options.add_argument("--no-backup", "--tanpa-cadangan", dest="no_backup", action="store_true",
                           help="tanpa salinan cadangan .bak saat buku kerja itu sendiri ditulis ulang")
    p.options.add_argument("--pulihkan-rumus", dest="pulihkan_rumus", action="store_true",
                           help="tulis kembali rumus yang tertimpa angka atau terhapus (angka ketikannya tercatat "
                                "di temuan); baris yang ditambahkan staf selalu mendapat rumusnya")
    _overwrite(p)
    _check_options(p)
    _common(p)


def _recalc(args: argparse.Namespace, report: Report) -> Outcome:

    path = Path(args.workbook)
    if args.output and (readable_kind(path) != PACKAGE or not is_ours(path)):
        return _recalc_foreign(args, report)
    refuse_unreadable(path)
    if not args.output and not is_ours(path):
        raise LkjipError(_foreign_without_output(path))
    output = Path(args.output) if args.output else None
    backup = None
    if output is not None and output.resolve() != path.resolve():
        kind = outputs.XLSM if path.suffix.lower() in (".xlsm", ".xltm") else outputs.XLSX
        outputs.check_suffix(output, kind, f" seperti {path.name}: akhiran menentukan apakah Excel membuka makronya")
        backup = outputs.claim(output, None, overwrite=args.timpa)
        output_backup = False
    else:
        output_backup = not args.no_backup
    out = _recalc_into(path, output, args, report, backup=output_backup)
    if backup is not None:
        out.lines.append(f"Cadangan berkas lama: {backup}")
        out.data["backup"] = str(backup)
    return out


def _recalc_into(path: Path, output: Path | None, args: argparse.Namespace, report: Report, *,
                 backup: bool) -> Outcome:
    """Recalculate ``path`` into itself (or ``output``) and say what was found and written."""
    from lkjip_xl.checking import recalc_workbook  # the engine and the checks: see the imports

    report("menghitung ulang, memeriksa dan menyimpan", None)
    result = recalc_workbook(path, output=output, backup=backup, final=args.final or None,
                             restore=getattr(args, "pulihkan_rumus", False))
    findings = result.findings
    shown = console.errors_only(findings) if args.hanya_kesalahan else findings
    lines = [console.findings_text(findings, str(path), shown=shown)]
    data = console.findings_json(findings, str(path), shown=shown)
    if "backup" in result.written:
        lines.append(f"Cadangan: {result.written['backup']}")
        data["backup"] = str(result.written["backup"])
    if "saved" in result.written:
        lines.append(f"Disimpan: {result.written['saved']}")
        data["saved"] = str(result.written["saved"])
    return Outcome(EXIT_FINDINGS if result.has_errors else EXIT_OK, lines, data)


def _foreign_without_output(path: Path) -> str:
    """Why ``recalc`` does not write into a workbook lkjip-xl did not write, and the command that
    writes its findings into a copy (an office's own file is never rewritten)."""
    copy = "diperiksa.xlsm" if path.suffix.lower() == ".xlsm" else "diperiksa.xlsx"
    shown = f'"{path}"' if " " in str(path) else str(path)
    return (f"{path}: bukan buku kerja lkjip-xl, jadi berkas ini tidak ditulis ulang. Untuk menulis temuannya "
            f"ke salinan: lkjip-xl recalc {shown} -o {copy} (berkas asli tidak diubah); untuk melihat temuannya "
            f"saja: lkjip-xl check {shown}")


def _recalc_foreign(args: argparse.Namespace, report: Report) -> Outcome:
    """A workbook lkjip-xl did not write, with -o: audited, and its findings written into that copy,
    never into the office's own file (without -o such a workbook is refused:
    :func:`_foreign_without_output`)."""
    from lkjip_xl.audit import annotate_workbook  # see the note at the imports

    path = Path(args.workbook)
    output = Path(args.output)
    if output.resolve() == path.resolve():
        raise LkjipError(f"{output}: buku kerja asal tidak ditimpa; pilih nama lain untuk salinan yang diperiksa")
    macros = path.suffix.lower() == ".xlsm" and readable_kind(path) == PACKAGE
    outputs.check_suffix(output, outputs.XLSM if macros else outputs.XLSX,
                         " seperti buku kerja asalnya" if macros else "")
    backup = outputs.claim(output, None, overwrite=args.timpa)
    report("memeriksa buku kerja dan menulis salinan", None)
    result, written = annotate_workbook(path, output)
    findings = result.findings
    shown = console.errors_only(findings) if args.hanya_kesalahan else findings
    said = f"bukan buku kerja lkjip-xl; {result.recognised()}"
    data = console.findings_json(findings, str(path), shown=shown, lkjip_xl_workbook=False,
                                 recognised=result.forms, sheets=result.sheets, note=said)
    data["saved"] = str(written.path)
    data["sheet"] = written.sheet
    data["marked"] = len(written.marked)
    lines = [said, console.findings_text(findings, str(path), shown=shown),
             f"Disimpan: {written.path} (sheet '{written.sheet}', {format_number(len(written.marked))} sel ditandai)"]
    if backup is not None:
        lines.append(f"Cadangan berkas lama: {backup}")
        data["backup"] = str(backup)
    return Outcome(EXIT_FINDINGS if result.has_errors else EXIT_OK, lines, data)


# -- export -------------------------------------------------------------------------------------------------
def _export_args(p: Parser) -> None:
    p.arguments.add_argument("workbook", metavar="BERKAS", help="buku kerja yang sudah diisi (.xlsx atau .xlsm)")
    p.options.add_argument("-o", "--output", "--keluaran", dest="output", required=True, metavar="LAPORAN",
                           help="berkas laporan yang ditulis (.yaml atau .yml)")
    _overwrite(p)
    _common(p)


def _export(args: argparse.Namespace, report: Report) -> Outcome:
    from lkjip_xl.export import write_text_atomic  # the export: see the note at the imports
    from lkjip_xl.renja.commands import export_workbook  # either kind: see the note at the imports

    output = Path(args.output)
    outputs.check_suffix(output, outputs.REPORT)
    if output.exists() and not args.timpa:
        outputs.claim(output, None, overwrite=False)  # refuses, before the workbook is read
    refuse_unreadable(Path(args.workbook))
    report("membaca buku kerja", None)
    result = export_workbook(Path(args.workbook))
    n = counts(result.findings)
    data = console.findings_json(result.findings, args.workbook)
    if n[Severity.ERROR] and output.exists():
        lines = [f"{output} tidak ditimpa: pembacaan {args.workbook} menemukan {console.count_text(result.findings)}; "
                 "perbaiki kesalahannya di buku kerja lalu ekspor lagi (atau ekspor ke berkas baru)."]
        lines += console.finding_lines(result.findings)
        data["written"] = None
        return Outcome(EXIT_FINDINGS, lines, data)
    backup = outputs.claim(output, outputs.REPORT, overwrite=args.timpa)
    out = write_text_atomic(output, result.text)
    lines = [f"Data diekspor: {out} (temuan saat membaca {args.workbook}: {console.count_text(result.findings)})"]
    lines += console.finding_lines(result.findings)
    if backup is not None:
        lines.append(f"Cadangan berkas lama: {backup}")
        data["backup"] = str(backup)
    data["written"] = str(out)
    return Outcome(EXIT_FINDINGS if n[Severity.ERROR] else EXIT_OK, lines, data)


# -- import -------------------------------------------------------------------------------------------------
def _import_args(p: Parser) -> None:
    p.arguments.add_argument("file", metavar="FORMULIR", help="formulir evaluasi Renja (.xlsx, .xlsm atau .xls)")
    p.options.add_argument("-o", "--output", "--keluaran", dest="output", required=True, metavar="LAPORAN",
                           help="berkas laporan yang ditulis (.yaml)")
    p.options.add_argument("--sheet", metavar="SHEET",
                           help="nama sheet formulir (bawaan: sheet pertama yang berformulir Renja)")
    p.options.add_argument("--opd", metavar="NAMA", help="nama Perangkat Daerah, bila judul formulir tidak menyebutnya")
    p.options.add_argument("--pemerintah-daerah", dest="pemerintah_daerah", metavar="NAMA",
                           help="pemerintah daerah (Kabupaten ...)")
    p.options.add_argument("--tahun", type=int, metavar="TAHUN", help="tahun Renja yang dievaluasi")
    p.options.add_argument("--triwulan", type=int, choices=(1, 2, 3, 4), help="triwulan berjalan (1-4)")
    _overwrite(p)
    _common(p)


def _import(args: argparse.Namespace, report: Report) -> Outcome:
    from lkjip_xl.export import write_text_atomic  # the export: see the note at the imports
    from lkjip_xl.renja.commands import import_form  # see the note at the imports

    output = Path(args.output)
    outputs.check_suffix(output, outputs.REPORT)
    if output.exists() and not args.timpa:
        outputs.claim(output, None, overwrite=False)  # refuses, before the form is read
    source = Path(args.file)
    overrides = {k: getattr(args, k) for k in ("opd", "tahun", "triwulan", "pemerintah_daerah")
                 if getattr(args, k, None) is not None}
    report("membaca formulir", None)
    result = import_form(source, output, sheet=args.sheet, overrides=overrides)
    backup = outputs.claim(output, outputs.REPORT, overwrite=args.timpa)
    out = write_text_atomic(output, result.text)
    has_errors = any(f.severity.rank == 0 for f in result.findings)
    lines = [f"Laporan Renja ditulis: {out} ({result.counts_line()})",
             console.findings_text(result.findings, f"{args.file} (formulir asli)"),
             f"Selanjutnya: lkjip-xl build {out} -o {out.with_suffix('.xlsx').name}"]
    data = {**console.findings_json(result.findings, args.file), "sheet": result.sheet, "output": str(out)}
    if backup is not None:
        lines.append(f"Cadangan berkas lama: {backup}")
        data["backup"] = str(backup)
    return Outcome(EXIT_FINDINGS if has_errors else EXIT_OK, lines, data)


# -- lite ---------------------------------------------------------------------------------------------------
def _lite_args(p: Parser) -> None:
    p.options.add_argument("--wheel", required=True, metavar="WHEEL",
                           help="berkas wheel lkjip-xl yang disediakan kantor (.whl)")
    p.options.add_argument("--url", required=True, metavar="URL",
                           help="alamat https:// tempat kantor menyediakan wheel itu")
    p.options.add_argument("-o", "--output-dir", "--folder", dest="output_dir", metavar="FOLDER",
                           help="tulis juga main.py dan requirements.txt ke folder ini")
    _overwrite(p)
    _common(p)


def _lite(args: argparse.Namespace, report: Report) -> Outcome:
    from lkjip_xl.lite import lite_files  # see the note at the imports

    texts = lite_files(Path(args.wheel), args.url)
    written = []
    if args.output_dir:
        from lkjip_xl.export import write_text_atomic  # the export: see the note at the imports

        folder = Path(args.output_dir)
        for name in texts:
            outputs.claim(folder / name, None, overwrite=args.timpa)
        for name, text in texts.items():
            written.append(str(write_text_atomic(folder / name, text)))
    lines = []
    for name, text in texts.items():
        lines.append(f"===== {name} (tempel ke tab {name} di editor xlwings Lite) =====")
        lines.append(text.rstrip("\n"))
    return Outcome(EXIT_OK, lines, {**texts, "written": written})


# -- contoh -------------------------------------------------------------------------------------------------
def _contoh_args(p: Parser) -> None:
    p.options.add_argument("-o", "--output", "--keluaran", dest="output", required=True, metavar="FOLDER",
                           help="folder tujuan (dibuat bila belum ada)")
    _overwrite(p)
    _common(p)


def _contoh(args: argparse.Namespace, report: Report) -> Outcome:

    written = write_examples(Path(args.output), overwrite=args.timpa)
    lines = [f"Contoh ditulis ke {args.output}:"] + [f"  {p.name}" for p, _ in written]
    lines += [f"  (cadangan berkas lama: {b})" for _, b in written if b is not None]
    return Outcome(EXIT_OK, lines, {"folder": args.output, "files": [str(p) for p, _ in written]})


COMMANDS: tuple[Command, ...] = (
    Command("build", ("buat",), "tulis buku kerja laporan, semua angka hitungan sebagai rumus Excel",
            "Menulis buku kerja dari berkas laporan: isian sebagai nilai, setiap angka hitungan (capaian, predikat,\n"
            "jumlah, rata-rata) sebagai rumus Excel, sel isian tidak terkunci, sel lain terkunci.\n"
            "Berkas yang sudah ada tidak ditimpa kecuali dengan --timpa (salinan lama disimpan sebagai .bak).",
            ("lkjip-xl build walantaka_2020.yaml -o walantaka_2020.xlsx",
             "lkjip-xl build walantaka_2020.yaml -o walantaka_2020.xlsm --xlsm --recalc"),
            _build_args, _build),
    Command("new", ("baru",), "tulis buku kerja baru untuk diisi (tanpa realisasi), dengan atau tanpa berkas laporan",
            "Dengan berkas laporan: seperti build, tetapi tanpa realisasi (buku kerja awal tahun).\n"
            "Tanpa berkas laporan: buku kerja kosong yang strukturnya (program, kegiatan, indikator) diketik\n"
            "di Excel, atau dimulai --dari buku kerja tahun lalu atau tabel program/kegiatan dengan kode dan\n"
            "pagu (ekspor DPA/SIPD atau RKA). Baris yang ditambahkan di Excel mendapat rumusnya saat Hitung Ulang.",
            ("lkjip-xl new walantaka_2020.yaml -o kosong_2021.xlsx",
             "lkjip-xl new -o laporan_2026.xlsx --opd \"Kecamatan Contoh\" --tahun 2026",
             "lkjip-xl new -o renja_2026.xlsx --jenis renja --dari dpa_2026.xlsx",
             "lkjip-xl new -o lkjip_2026.xlsx --dari lkjip_2025.xlsx"),
            _new_args, _new),
    Command("check", ("periksa",), "hitung ulang buku kerja dan tampilkan temuannya (tanpa mengubah berkas)",
            "Menghitung ulang setiap angka dari isian dan membandingkannya dengan isi sel; berkas tidak diubah.\n"
            "Buku kerja yang bukan buatan lkjip-xl (formulir kantor sendiri, .xls, .ods) diaudit: rumus yang\n"
            "menyimpang dari kolomnya, jumlah yang salah rentang atau terhitung ganda, persen yang dijumlah, dst.\n"
            "Untuk berkas laporan (.yaml): membandingkan angka yang tercetak di dokumen dengan isiannya.\n"
            "Isian yang masih kosong adalah catatan sampai laporan dinyatakan final (--final).\n"
            "Beberapa berkas, folder atau pola diperiksa bersamaan (--jobs proses, atau di klaster Dask dengan\n"
            "--scheduler): satu baris per berkas (jenis, OPD, tahun, temuan, rata-rata capaian, serapan, predikat)\n"
            "dan jumlahnya; berkas yang rusak atau terkunci menjadi baris dengan galatnya; -o menulis buku kerja\n"
            "hasil. Keluar 1 bila ada kesalahan (atau berkas yang gagal diperiksa).",
            ("lkjip-xl check laporan.xlsx", "lkjip-xl check laporan.xlsx --hanya-kesalahan --final",
             "lkjip-xl check formulir_renja_kantor.xls --json",
             "lkjip-xl check walantaka_2020.yaml --printed",
             "lkjip-xl check laporan_opd/ --jobs 2 -o hasil_pemeriksaan.xlsx",
             "lkjip-xl check \"laporan_opd/*.xlsx\" --scheduler tcp://10.0.0.5:8786 --json"),
            _check_args, _check),
    Command("gabung", ("consolidate",), "gabungkan buku kerja OPD menjadi buku kerja kota (jumlah dan rata-rata sebagai rumus)",
            "Memeriksa setiap buku kerja OPD (LKjIP dan evaluasi Renja, boleh bercampur) dan menulis buku kerja\n"
            "gabungan: satu sheet per jenis laporan dan tahun (Renja: per triwulan) dengan satu baris per OPD, satu\n"
            "sheet programnya, baris KOTA sebagai rumus (pagu dan realisasi dijumlah, serapan dari jumlahnya,\n"
            "rata-rata capaian atas OPD, predikat menurut rentang), sel sumber setiap angka di komentarnya, dan\n"
            "temuan setiap sumber. Sumber yang berisi kesalahan tetap digabung dan ditandai; berkas yang tidak\n"
            "dapat dibaca atau bukan buatan lkjip-xl dicantumkan dengan alasannya. Keluar 1 bila ada kesalahan.",
            ("lkjip-xl gabung laporan_opd/ -o kota_serang_2020.xlsx",
             "lkjip-xl gabung \"lkjip/*.xlsx\" \"renja_tw4/*.xlsx\" -o kota.xlsx --jobs 2 --timpa"),
            _gabung_args, _gabung),
    Command("recalc", ("hitung",), "hitung ulang buku kerja dan tulis temuannya ke sheet Pemeriksaan",
            "Baris yang ditambahkan atau dihapus staf lebih dulu mendapat rumus dan format yang semestinya.\n"
            "Lalu semua rumus dihitung ulang tanpa Excel, temuan ditulis ke sheet Pemeriksaan dan ringkasannya ke\n"
            "sheet Ringkasan, sel yang bermasalah diberi warna, dan nilai hasil hitung disimpan di berkas.\n"
            "Buku kerja itu sendiri ditulis ulang (salinan lama: <nama>.bak), atau ditulis ke -o BERKAS.\n"
            "Buku kerja yang bukan buatan lkjip-xl (formulir kantor sendiri, .xls, .ods) diaudit dengan -o: salinannya\n"
            "diberi sheet Pemeriksaan dan warna pada sel yang bermasalah; berkas aslinya tidak pernah diubah.\n"
            "Keluar 1 bila ada kesalahan.",
            ("lkjip-xl recalc laporan.xlsx", "lkjip-xl recalc laporan.xlsx -o laporan_diperiksa.xlsx",
             "lkjip-xl recalc laporan.xlsx --pulihkan-rumus", "lkjip-xl recalc formulir_renja.xls -o diperiksa.xlsx"),
            _recalc_args, _recalc),
    Command("export", ("ekspor",), "tulis data buku kerja yang sudah diisi sebagai berkas laporan (YAML)",
            "Membaca isian buku kerja kembali menjadi berkas laporan. Berkas laporan yang sudah ada tidak ditimpa\n"
            "kecuali dengan --timpa, dan tidak pernah ditimpa bila pembacaan menemukan kesalahan.",
            ("lkjip-xl export laporan.xlsx -o laporan.yaml",),
            _export_args, _export),
    Command("summary", ("ringkasan",), "ringkasan berkas laporan (program, kegiatan, pagu, capaian)",
            "Menampilkan jumlah program, kegiatan dan indikator, pagu dan realisasi tiap tahun, dan capaian\n"
            "tiap indikator sasaran, dihitung dari isian berkas laporan.",
            ("lkjip-xl summary walantaka_2020.yaml",),
            _summary_args, _summary),
    Command("import", ("impor",), "impor formulir evaluasi Renja milik kantor (Permendagri 86/2017) menjadi berkas laporan",
            "Membaca formulir evaluasi Renja yang diisi kantor sendiri (.xlsx, atau .xls lewat LibreOffice),\n"
            "mengambil isian dari baris rincian saja, menulis berkas laporan YAML (jenis: renja), dan\n"
            "melaporkan setiap angka formulir asli yang tidak sesuai dengan isiannya, di sel aslinya.\n"
            "Keluar 1 bila formulir asli mengandung kesalahan.",
            ("lkjip-xl import renja_tw4.xlsx -o renja_2018.yaml",
             "lkjip-xl build renja_2018.yaml -o renja_2018.xlsx --recalc"),
            _import_args, _import),
    Command("lite", (), "cetak main.py dan requirements.txt untuk ditempel sekali di editor xlwings Lite",
            "Tombol Hitung Ulang tanpa Python terpasang (Excel 365 di Windows dan Mac, Excel untuk web):\n"
            "kode yang ditempel sekali di editor xlwings Lite, dengan wheel lkjip-xl dari alamat kantor,\n"
            "dikunci dengan SHA-256-nya. Lihat docs/install-lite.md.",
            ("lkjip-xl lite --wheel lkjip_xl-0.1.0-py3-none-any.whl "
             "--url https://kantor.example.go.id/lkjip/lkjip_xl-0.1.0-py3-none-any.whl",),
            _lite_args, _lite),
    Command("contoh", ("examples",), "salin berkas contoh (laporan Walantaka 2020) ke sebuah folder",
            "Menyalin berkas contoh yang terpasang bersama lkjip-xl: laporan LKjIP 2020 Kecamatan Walantaka\n"
            "(walantaka_2020.yaml), catatannya, dan buku kerjanya dengan angka seperti tercetak di dokumen,\n"
            "sebagai titik awal laporan sendiri.",
            ("lkjip-xl contoh -o contoh", "lkjip-xl build contoh/walantaka_2020.yaml -o walantaka.xlsx"),
            _contoh_args, _contoh),
)


def build_parser() -> Parser:
    parser = Parser(prog=PROG, description="LKjIP/SAKIP: laporan kinerja di Excel (tulis, hitung ulang, periksa).",
                    epilog="Bantuan tiap perintah: lkjip-xl PERINTAH --help\n"
                           "Kode keluar: 0 selesai tanpa kesalahan, 1 ada temuan tingkat kesalahan, 2 isian atau "
                           "perintah tidak sah.")
    parser.options.add_argument("--version", "--versi", action="version", version=f"{PROG} {__version__}",
                                help="tampilkan versi lalu keluar")
    sub = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH", title="perintah",
                                parser_class=Parser)
    for command in COMMANDS:
        examples = "\n".join(f"  {e}" for e in command.examples)
        p = sub.add_parser(command.name, aliases=list(command.aliases), help=command.summary,
                           description=command.description, epilog=f"Contoh:\n{examples}")
        command.arguments(p)
        p.set_defaults(run=command.run)
    return parser


def _wants_json(argv: Sequence[str]) -> bool:
    return "--json" in argv


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    as_json = _wants_json(argv)
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        if as_json:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        else:
            sys.stderr.write(exc.usage)
            print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        try:
            with Progress(enabled=not args.diam) as progress:
                outcome = args.run(args, progress)
        except LkjipError as exc:
            if as_json:
                print(json.dumps({"error": str(exc)}, ensure_ascii=False))
            else:
                print(f"{PROG}: gagal: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        if as_json:
            print(json.dumps(outcome.data, ensure_ascii=False, indent=1))
        elif outcome.lines:
            print("\n".join(outcome.lines))
    except BrokenPipeError:  # the output was piped into `head` or a pager that quit: not an error
        sys.stderr.close()
        return EXIT_OK
    return outcome.code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
