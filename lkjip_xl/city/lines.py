"""How a batch's results read: one line per file and a total (Bahasa Indonesia, numbers the
Indonesian way), and their JSON (one object per file)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Sequence

from lkjip_xl.city.worker import FOREIGN, LKJIP, RENJA, FileResult
from lkjip_xl.findings import Finding, Severity, plain
from lkjip_xl.display import format_number
from lkjip_xl.rules import round_half_up

NO_FORM = "tidak ada formulir baku yang dikenali"


def percent(value: Decimal | None) -> str:
    """``99,87 %``; ``-`` where the rules give no value."""
    return "-" if value is None else f"{format_number(round_half_up(value, 2), 2)} %"


def kind_label(r: FileResult) -> str:
    """``LKjIP 2020``, ``Renja 2018 TW4``, ``bukan buku kerja lkjip-xl (dikenali: ...)``."""
    if r.kind == LKJIP:
        return f"LKjIP {r.tahun}"
    if r.kind == RENJA:
        return f"Renja {r.tahun} TW{r.triwulan}" if r.triwulan else f"Renja {r.tahun}"
    if r.kind == FOREIGN:
        return f"bukan buku kerja lkjip-xl ({forms_text(r.forms)})"
    return "gagal"


def forms_text(forms: dict[str, str]) -> str:
    if not forms:
        return NO_FORM
    return "dikenali: " + "; ".join(f"{form}, sheet '{sheet}'" for sheet, form in forms.items())


def counts_text(r: FileResult) -> str:
    n = r.counts
    return (f"{format_number(n[Severity.ERROR])} kesalahan, {format_number(n[Severity.WARNING])} peringatan, "
            f"{format_number(n[Severity.INFO])} catatan")


def error_text(r: FileResult) -> str:
    """The error without the file name in front (the line starts with it already)."""
    message = r.error or ""
    prefix = f"{r.file}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def result_line(r: FileResult) -> str:
    if r.failed:
        return f"{r.file}: GAGAL: {error_text(r)}"
    if not r.ours:
        return f"{r.file}: {kind_label(r)}: {counts_text(r)}"
    return (f"{r.file}: {kind_label(r)}, {r.opd}: {counts_text(r)}; rata-rata capaian K {percent(r.capaian_k)}, "
            f"Rp {percent(r.capaian_rp)}; serapan {percent(r.serapan)}; predikat {r.predikat_k or '-'}")


def total_line(results: Sequence[FileResult]) -> str:
    ours = sum(1 for r in results if r.ours)
    foreign = sum(1 for r in results if r.kind == FOREIGN)
    failed = sum(1 for r in results if r.failed)
    with_errors = sum(1 for r in results if not r.failed and r.errors)
    n = {s: sum(r.counts[s] for r in results) for s in Severity}
    return (f"Jumlah: {format_number(len(results))} berkas ({format_number(ours)} buku kerja lkjip-xl, "
            f"{format_number(foreign)} bukan buku kerja lkjip-xl, {format_number(failed)} gagal diperiksa); "
            f"{format_number(with_errors)} berkas dengan kesalahan; {format_number(n[Severity.ERROR])} kesalahan, "
            f"{format_number(n[Severity.WARNING])} peringatan, {format_number(n[Severity.INFO])} catatan")


def has_problems(results: Sequence[FileResult]) -> bool:
    """Exit 1: a file has kesalahan or could not be checked."""
    return any(r.failed or r.errors for r in results)


def result_json(r: FileResult, *, errors_only: bool = False) -> dict[str, Any]:
    shown: list[Finding] = [f for f in r.findings if f.severity is Severity.ERROR] if errors_only else r.findings
    data: dict[str, Any] = {
        "file": r.file, "jenis": r.kind, "formulir": r.forms if r.kind == FOREIGN else None,
        "opd": r.opd, "pemerintah_daerah": r.pemerintah_daerah, "tahun": r.tahun, "triwulan": r.triwulan,
        "counts": {s.value: n for s, n in r.counts.items()},
        "pagu": plain(r.pagu), "realisasi_rp": plain(r.realisasi_rp), "serapan": plain(r.serapan),
        "rata_rata_capaian_k": plain(r.capaian_k), "rata_rata_capaian_rp": plain(r.capaian_rp),
        "predikat_k": r.predikat_k, "predikat_rp": r.predikat_rp, "sumber": r.sources,
        "error": r.error, "findings": [f.as_dict() for f in shown],
    }
    return data


def batch_json(results: Sequence[FileResult], *, errors_only: bool = False) -> dict[str, Any]:
    n = {s.value: sum(r.counts[s] for r in results) for s in Severity}
    return {"files": [result_json(r, errors_only=errors_only) for r in results],
            "total": {"berkas": len(results), "lkjip_xl": sum(1 for r in results if r.ours),
                      "bukan_lkjip_xl": sum(1 for r in results if r.kind == FOREIGN),
                      "gagal": sum(1 for r in results if r.failed),
                      "berkas_dengan_kesalahan": sum(1 for r in results if not r.failed and r.errors),
                      "counts": n}}


def group_line(group: Any) -> str:
    """``  LKjIP 2020: 40 OPD (3 ditandai), pagu Rp 1.234, ...`` of a consolidated group."""
    f = group.figures()
    marked = sum(1 for r in group.members if r.errors)
    return (f"  {group.title}: {format_number(f.opd)} OPD ({format_number(marked)} ditandai: ada kesalahan), "
            f"{format_number(sum(len(r.programs) for r in group.members))} program; pagu Rp {format_number(f.pagu)}, "
            f"realisasi Rp {format_number(f.realisasi_rp)}, serapan {percent(f.serapan)}; rata-rata capaian K "
            f"{percent(f.capaian_k)}, Rp {percent(f.capaian_rp)}; predikat {f.predikat_k or '-'}")


def group_json(group: Any) -> dict[str, Any]:
    f = group.figures()
    return {"kelompok": group.title, "jenis": group.kind, "tahun": group.tahun, "triwulan": group.triwulan,
            "opd": f.opd, "program": sum(len(r.programs) for r in group.members),
            "ditandai": sum(1 for r in group.members if r.errors), "pagu": plain(f.pagu),
            "realisasi_rp": plain(f.realisasi_rp), "serapan": plain(f.serapan),
            "rata_rata_capaian_k": plain(f.capaian_k), "rata_rata_capaian_rp": plain(f.capaian_rp),
            "predikat_k": f.predikat_k, "predikat_rp": f.predikat_rp,
            "files": [r.file for r in group.members]}
