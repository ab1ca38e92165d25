"""What ``lkjip-xl check PATH...`` (several files) and ``lkjip-xl gabung`` do, as data for the CLI:
the CLI parses the arguments and prints; these return (exit code, lines, JSON data) and raise
:class:`~lkjip_xl.errors.LkjipError` for bad input."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from lkjip_xl import outputs
from lkjip_xl.city.consolidate import consolidate
from lkjip_xl.city.files import expand_paths, is_pattern
from lkjip_xl.city.lines import (batch_json, group_json, group_line, has_problems, result_json, result_line,
                                 total_line)
from lkjip_xl.city.runner import run_all
from lkjip_xl.city.worker import FileResult, Options
from lkjip_xl.errors import LkjipError
from lkjip_xl.display import format_number

Report = Callable[[str, Optional[float]], None]


@dataclass
class Batch:
    code: int
    lines: list[str]
    data: dict[str, Any]


def is_many(paths: Sequence[str], output: str | None, scheduler: str | None) -> bool:
    """Whether ``check`` runs as a batch: more than one PATH, a folder, a pattern, a results
    workbook or a cluster asked for. One file alone is today's check, output and all."""
    if len(paths) != 1 or output or scheduler:
        return True
    return Path(paths[0]).is_dir() or is_pattern(paths[0])


def _collect(paths: Sequence[str], options: Options, *, jobs: int | None, scheduler: str | None,
             report: Report, exclude: Sequence[Path] = ()) -> list[FileResult]:
    files, empty = expand_paths(paths, exclude=exclude)
    total = len(files)
    report(f"memeriksa {format_number(total)} berkas", 0.0)

    def done(n: int, of: int) -> None:
        report(f"memeriksa berkas {format_number(n)} dari {format_number(of)}", n / of)

    results = run_all(files, options, jobs=jobs, scheduler=scheduler, done=done)
    results += [FileResult(arg, error=f"{arg}: tidak ada buku kerja (.xlsx, .xlsm, .xls, .ods) di sini")
                for arg in empty]
    return results


def check_many(paths: Sequence[str], *, jobs: int | None = None, scheduler: str | None = None,
               output: str | None = None, overwrite: bool = False, cached: bool = False,
               final: bool | None = None, errors_only: bool = False, report: Report) -> Batch:
    """Check every workbook ``paths`` name; one line per file and a total, the JSON of each file,
    and the results workbook at ``output``. Exit 1 when a file has kesalahan or failed."""
    if jobs is not None and jobs < 1:
        raise LkjipError(f"--jobs harus 1 atau lebih, bukan {jobs}")
    target = Path(output) if output else None
    backup = outputs.claim(target, outputs.XLSX, overwrite=overwrite) if target else None
    results = _collect(paths, Options(cached=cached, final=final), jobs=jobs, scheduler=scheduler, report=report,
                       exclude=[target] if target else [])
    lines = [result_line(r) for r in results] + [total_line(results)]
    data = batch_json(results, errors_only=errors_only)
    if target is not None:
        from lkjip_xl.city.results_book import write_results  # openpyxl: only when a workbook is written

        report("menulis buku kerja hasil", None)
        written, found = write_results(results, target)
        lines.append(f"Hasil ditulis: {written} ({format_number(len(results))} berkas, "
                     f"{format_number(found)} temuan)")
        data["output"] = str(written)
        if backup is not None:
            lines.append(f"Cadangan berkas lama: {backup}")
            data["backup"] = str(backup)
    return Batch(1 if has_problems(results) else 0, lines, data)


def gabung(paths: Sequence[str], output: str, *, jobs: int | None = None, scheduler: str | None = None,
           overwrite: bool = False, cached: bool = False, final: bool | None = None, report: Report) -> Batch:
    """Check every OPD workbook ``paths`` name and write the city's consolidated workbook to
    ``output``. Exit 1 when a source has kesalahan or could not be included."""
    from lkjip_xl.city.gabung_book import write_city  # openpyxl: only when a workbook is written

    if jobs is not None and jobs < 1:
        raise LkjipError(f"--jobs harus 1 atau lebih, bukan {jobs}")
    target = Path(output)
    backup = outputs.claim(target, outputs.XLSX, overwrite=overwrite)
    results = _collect(paths, Options(cached=cached, final=final, programs=True), jobs=jobs, scheduler=scheduler,
                       report=report, exclude=[target])
    c = consolidate(results)
    if not c.groups:
        raise LkjipError("tidak ada buku kerja lkjip-xl (LKjIP atau Renja) yang dapat digabung: "
                         + "; ".join(result_line(r) for r in results))
    pemda = _most_common([r.pemerintah_daerah for g in c.groups for r in g.members]) or "-"
    report("menulis buku kerja gabungan", None)
    written, found = write_city(c, target, pemda)
    lines = [f"Buku kerja gabungan ditulis: {written} ({pemda}; {format_number(len(results))} berkas, "
             f"{format_number(found)} temuan dibawa)"]
    lines += [group_line(g) for g in c.groups]
    if c.left_out:
        lines.append(f"Tidak digabung: {format_number(len(c.left_out))} berkas")
        lines += [f"  {result_line(r)}" if r.failed else f"  {r.file}: {reason}" for r, reason in c.left_out]
    lines.append(total_line(results))
    data = {"output": str(written), "pemerintah_daerah": pemda, "kelompok": [group_json(g) for g in c.groups],
            "tidak_digabung": [{"file": r.file, "alasan": reason} for r, reason in c.left_out],
            "files": [result_json(r) for r in results]}
    if backup is not None:
        lines.append(f"Cadangan berkas lama: {backup}")
        data["backup"] = str(backup)
    return Batch(1 if has_problems(results) else 0, lines, data)


def _most_common(values: Sequence[str | None]) -> str | None:
    counted: dict[str, int] = {}
    for v in values:
        if v:
            counted[v] = counted.get(v, 0) + 1
    return max(counted, key=lambda v: counted[v]) if counted else None
