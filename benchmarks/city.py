"""A whole city at once: ``lkjip-xl check`` of a folder of OPD workbooks with 1 and 2 jobs, against
the sum of single-file runs and against LibreOffice recalculating each file; ``lkjip-xl gabung`` of
the same folder.

Run on demand, never in the test suite (about 10 minutes on the 2-core machine)::

    python benchmarks/city.py                         # 40 OPD of Walantaka size + 3 of 10x
    python benchmarks/city.py --opd 40 --large 3 --repeat 2 --workdir /tmp/kota

The city (``write_city``): the Walantaka example (``synthetic.scaled_data``) made consistent (its
eselon table, IKU-3's target, the formula indicators that contradict the Rekap, and the 2019
realisasi above pagu, so that a clean OPD has no kesalahan), then one copy per OPD with its own
name and its own realisasi (each kegiatan's realisasi Rp 55-100 % of its pagu, each indicator's
50-115 % of its target, from a seed per OPD) and a few planted faults: a kegiatan's realisasi
above its pagu (every 8th OPD from the 4th), a program's pagu typed over its formula (the 8th and
24th). ``--large`` more OPD are 10x the Walantaka size.

Measured, each as one child process (``run.measure``: wall time, peak RSS of the largest process
and of all the command's processes together): ``lkjip-xl check FILE --json`` of every file one by
one (summed), ``lkjip-xl check FOLDER --json --jobs 1`` and ``--jobs 2``, LibreOffice's headless
recalculation of every file (one ``soffice --convert-to xlsx`` per file, summed, as ``run.py``
measures one file; and once for all files in one ``soffice`` call), and ``lkjip-xl gabung FOLDER
-o kota.xlsx --jobs 2``.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import random
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import run  # noqa: E402
import synthetic  # noqa: E402
import yaml  # noqa: E402

OPD_NAMES = (
    "Sekretariat Daerah", "Sekretariat DPRD", "Inspektorat", "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah", "Badan Pendapatan Daerah", "Badan Kepegawaian Daerah",
    "Badan Kesatuan Bangsa dan Politik", "Badan Penanggulangan Bencana Daerah", "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Perumahan dan Kawasan Permukiman",
    "Satuan Polisi Pamong Praja", "Dinas Sosial", "Dinas Tenaga Kerja", "Dinas Pemberdayaan Perempuan",
    "Dinas Ketahanan Pangan dan Pertanian", "Dinas Lingkungan Hidup", "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Pemberdayaan Masyarakat", "Dinas Perhubungan", "Dinas Komunikasi dan Informatika",
    "Dinas Koperasi dan UMKM", "Dinas Penanaman Modal dan PTSP", "Dinas Pemuda dan Olahraga", "Dinas Pariwisata",
    "Dinas Perpustakaan dan Kearsipan", "Dinas Perindustrian dan Perdagangan", "Dinas Pemadam Kebakaran",
    "Kecamatan Serang", "Kecamatan Cipocok Jaya", "Kecamatan Curug", "Kecamatan Kasemen", "Kecamatan Taktakan",
    "Kecamatan Walantaka", "Rumah Sakit Umum Daerah", "Dinas Kesehatan Hewan", "Dinas Kelautan dan Perikanan",
    "Kantor Kesatuan Bangsa")


def _number(value: Any) -> Decimal | None:
    from lkjip_xl.parsing import parse_number

    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    try:
        return parse_number(str(value))
    except Exception:  # noqa: BLE001 - a grade ("BB"), a percentage text: left as it is
        return None


def _text(d: Decimal) -> str:
    """A number as the report files write it (Indonesian: ``1.234,56``)."""
    from lkjip_xl.display import format_number

    return format_number(d, None)


def consistent(data: dict[str, Any]) -> dict[str, Any]:
    """The example without its own contradictions (see the module notes)."""
    for row in data["data_umum"]["sdm"]["eselon"]:
        if row.get("jenjang") == "Non Eselon":
            row["jumlah"] = 1
    for sasaran in data.get("pengukuran") or []:
        for ind in sasaran.get("indikator") or []:
            if ind.get("kode") == "IKU-3":
                ind["target"] = 48
    data["indikator_formula"] = [f for f in data.get("indikator_formula") or [] if "program" not in f]
    for kelompok in data["rekap"]["kelompok"]:
        for program in kelompok["program"]:
            for kegiatan in program.get("kegiatan") or []:
                dasar = kegiatan.get("dasar")
                if dasar:
                    pagu, real = _number(dasar.get("pagu")), _number(dasar.get("realisasi_rp"))
                    if pagu is not None and real is not None and real > pagu:
                        dasar["realisasi_rp"] = _text(pagu)
    return data


def opd_data(base: dict[str, Any], i: int, name: str, *, over_pagu: bool) -> dict[str, Any]:
    """OPD ``i``'s report: its name, its own realisasi, and a realisasi above pagu when asked."""
    rng = random.Random(1000 + i)
    data = copy.deepcopy(base)
    data["identitas"]["instansi"] = name
    data["identitas"]["pemerintah_daerah"] = "Pemerintah Kota Serang"
    first = True
    for kelompok in data["rekap"]["kelompok"]:
        for program in kelompok["program"]:
            for kegiatan in program.get("kegiatan") or []:
                laporan = kegiatan.get("laporan") or {}
                pagu = _number(laporan.get("pagu"))
                if pagu:
                    share = Decimal(rng.randint(5500, 10000)) / 10000
                    if over_pagu and first:
                        share, first = Decimal("1.2"), False
                    laporan["realisasi_rp"] = _text((pagu * share).quantize(Decimal(1)))
                for ind in (kegiatan.get("indikator") or []) + (program.get("indikator") or []):
                    year = ind.get("laporan") or {}
                    target = _number(year.get("target"))
                    if target and _number(year.get("realisasi")) is not None and not ind.get("metode"):
                        share = Decimal(rng.randint(50, 115)) / 100
                        year["realisasi"] = _text((target * share).quantize(Decimal("0.01")))
    return data


def write_city(folder: Path, opd: int, large: int) -> list[Path]:
    """Build the city's workbooks into ``folder``; returns them."""
    import openpyxl

    from lkjip_xl.cli import main
    from lkjip_xl.layout import REKAP_LAYOUT as L

    folder.mkdir(parents=True, exist_ok=True)
    reports = folder.parent / "laporan_yaml"
    reports.mkdir(exist_ok=True)
    bases = {1: consistent(synthetic.scaled_data(1)), 10: consistent(synthetic.scaled_data(10))}
    books = []
    for i in range(opd + large):
        scale = 10 if i >= opd else 1
        name = OPD_NAMES[i % len(OPD_NAMES)] + ("" if i < len(OPD_NAMES) else f" {i // len(OPD_NAMES) + 1}")
        data = opd_data(bases[scale], i, name, over_pagu=i % 8 == 3)
        report = reports / f"opd_{i + 1:02d}.yaml"
        report.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
        book = folder / f"opd_{i + 1:02d}{'_10x' if scale == 10 else ''}.xlsx"
        if not book.exists():
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(["build", str(report), "-o", str(book), "--diam"]) == 0
            if i in (7, 23):  # a program's pagu typed over its formula
                wb = openpyxl.load_workbook(book)
                ws = wb[L.sheet]
                jenis = openpyxl.utils.column_index_from_string(L.jenis)
                row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, jenis).value == "program")
                ws[f"{L.years['laporan'].pagu}{row}"] = 123456789
                wb.save(book)
        books.append(book)
    return books


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--opd", type=int, default=40, help="OPD workbooks of Walantaka size (default 40)")
    parser.add_argument("--large", type=int, default=3, help="more OPD workbooks of 10x that size (default 3)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per command; the fastest is reported")
    parser.add_argument("--workdir", help="folder for the workbooks (default: a temporary one; reused when given)")
    args = parser.parse_args(argv)
    tmp = None
    if args.workdir:
        workdir = Path(args.workdir)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="lkjip-city-")
        workdir = Path(tmp.name)
    folder = workdir / "kota"
    import compileall

    compileall.compile_dir(str(HERE.parent / "lkjip_xl"), quiet=1)
    books = write_city(folder, args.opd, args.large)
    print(f"# lkjip-xl: a whole city at once\n\nMachine: {run.machine()}\n\nVersions: {run.versions()}\n")
    print(f"{len(books)} workbooks: {args.opd} of Walantaka size (1x), {args.large} of 10x; fastest of "
          f"{args.repeat} run(s).\n")
    print("| what | time (s) | per file (s) | peak RSS, largest process (MB) | peak RSS, all processes (MB) "
          "| time / LibreOffice per file, summed | notes |")
    print("|---|---|---|---|---|---|---|")
    office = run.Office(workdir)
    rows = []

    def row(what: str, r: run.Run | None, seconds: float, peak: float, tree: float, note: str = "") -> None:
        rows.append((what, seconds, peak, tree, note))

    try:
        single = [run.best(run.lkjip("check", "--json", str(b)), args.repeat) for b in books]
        small = [r for b, r in zip(books, single) if "_10x" not in b.name]
        row("`check FILE` one by one, summed", None, sum(r.seconds for r in single),
            max(r.peak_mb for r in single), max(r.tree_peak_mb for r in single),
            f"1x: {sum(r.seconds for r in small) / max(1, len(small)):.2f} s a file; 10x: "
            f"{sum(r.seconds for r in single if r not in small) / max(1, len(single) - len(small)):.2f} s")
        lo = [run.best(office.command(b), args.repeat, office.env()) for b in books]
        lo_sum = sum(r.seconds for r in lo)
        row("LibreOffice recalculating each file (one soffice per file), summed", None, lo_sum,
            max(r.peak_mb for r in lo), max(r.tree_peak_mb for r in lo), "the reference")
        cmd = office.command(books[0])
        all_at_once = run.best(cmd[:-1] + [str(b) for b in books], args.repeat, office.env())
        row("LibreOffice recalculating all files in one soffice call", None, all_at_once.seconds,
            all_at_once.peak_mb, all_at_once.tree_peak_mb)
        counts = ""
        for jobs in (1, 2):
            r = run.best(run.lkjip("check", "--json", "--jobs", str(jobs), str(folder)), args.repeat)
            try:
                total = json.loads(r.stdout)["total"]
                counts = (f"{total['berkas']} files, {total['berkas_dengan_kesalahan']} with kesalahan, "
                          f"{total['counts']['kesalahan']} kesalahan; exit {r.status}")
            except (ValueError, KeyError):
                counts = f"exit {r.status}: {r.stderr[-300:]}"
            row(f"`check FOLDER --jobs {jobs}`", r, r.seconds, r.peak_mb, r.tree_peak_mb, counts)
        out = workdir / "kota.xlsx"
        r = run.best(run.lkjip("gabung", str(folder), "-o", str(out), "--jobs", "2", "--timpa", "--json"),
                     args.repeat)
        try:
            groups = json.loads(r.stdout)["kelompok"]
            note = "; ".join(f"{g['kelompok']}: {g['opd']} OPD, {g['program']} programs" for g in groups)
        except (ValueError, KeyError):
            note = f"exit {r.status}: {r.stderr[-300:]}"
        row("`gabung FOLDER -o kota.xlsx --jobs 2`", r, r.seconds, r.peak_mb, r.tree_peak_mb, note)
    finally:
        office.close()
    for what, seconds, peak, tree, note in rows:
        print(f"| {what} | {seconds:.2f} | {seconds / len(books):.3f} | {peak:.0f} | {tree:.0f} | "
              f"{seconds / lo_sum:.2f} | {note} |", flush=True)
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
