""":func:`~lkjip_xl.city.worker.examine` over many files: in this process, on a local process pool,
or on a Dask cluster; the results always in the order the files were given.

The pool starts its workers once and gives each the next file as soon as it is free (no batches
that wait for their slowest file); the workers start from a fresh interpreter
(``forkserver``, else ``spawn``) rather than a fork of this process, whose progress thread may hold
a lock at the moment of a fork. A worker that dies (a native crash, the kernel's out-of-memory
killer) breaks the pool: the files it had are tried again in a new pool, one at a time, and a file
that breaks that one too is a row with that error. Dask is imported only when a scheduler is named
(``lkjip-xl[dask]``).
"""

from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Optional, Sequence

from lkjip_xl.city.worker import FileResult, Options, examine
from lkjip_xl.errors import LkjipError

#: ``done(n_finished, n_total)``: called after each file.
Done = Callable[[int, int], None]

CRASHED = ("{name}: pemeriksaan berkas ini menghentikan prosesnya secara mendadak (kehabisan memori atau galat "
           "di pustaka pembaca); berkas lain tetap diperiksa")
#: How long to wait for a Dask scheduler before saying it cannot be reached.
CONNECT_TIMEOUT = "20s"
DASK_MISSING = ("--scheduler memerlukan Dask, yang belum terpasang. Pasang dengan: pip install 'lkjip-xl[dask]' "
                "(dask dan distributed), lalu jalankan lagi")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run_all(paths: Sequence[Path], options: Options = Options(), *, jobs: int | None = None,
            scheduler: str | None = None, done: Optional[Done] = None,
            names: Sequence[str] | None = None) -> list[FileResult]:
    """``examine`` every path (``names``: how the results call them, default the paths as given),
    on a Dask cluster when ``scheduler`` is given, else on ``jobs`` local processes (1: here)."""
    names = [str(p) for p in paths] if names is None else list(names)
    report = done or (lambda n, total: None)
    if scheduler:
        return _dask(paths, names, options, scheduler, report)
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or len(paths) <= 1:
        out = []
        for i, (path, name) in enumerate(zip(paths, names)):
            out.append(examine(path, options, name))
            report(i + 1, len(paths))
        return out
    return _pool(paths, names, options, min(jobs, len(paths)), report)


def _context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _pool(paths: Sequence[Path], names: list[str], options: Options, jobs: int, report: Done) -> list[FileResult]:
    results: list[FileResult | None] = [None] * len(paths)
    finished = 0
    broken: list[int] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        futures: dict[Future, int] = {pool.submit(examine, paths[i], options, names[i]): i for i in range(len(paths))}
        pending = set(futures)
        while pending:
            ready, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in ready:
                i = futures[future]
                try:
                    results[i] = future.result()
                except BrokenProcessPool:
                    broken.append(i)
                    continue
                finished += 1
                report(finished, len(paths))
    for i in sorted(broken):  # each alone, so that the file that kills its worker is the one named
        with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
            try:
                results[i] = pool.submit(examine, paths[i], options, names[i]).result()
            except BrokenProcessPool:
                results[i] = FileResult(names[i], error=CRASHED.format(name=names[i]))
        finished += 1
        report(finished, len(paths))
    return [r for r in results if r is not None]


def _dask(paths: Sequence[Path], names: list[str], options: Options, address: str, report: Done) -> list[FileResult]:
    try:
        from distributed import Client, as_completed  # the optional extra, imported only when asked for
    except ImportError as exc:
        raise LkjipError(DASK_MISSING) from exc
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise LkjipError(f"tidak dapat terhubung ke penjadwal Dask di {address}: {exc}") from exc
    # The workers open the files themselves: they need the same paths, so absolute ones (a shared
    # folder mounted at the same place on every machine).
    absolute = [str(Path(p).resolve()) for p in paths]
    try:
        futures = client.map(examine, absolute, [options] * len(paths), names, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[FileResult | None] = [None] * len(paths)
        for n, future in enumerate(as_completed(futures), 1):
            i = index[future.key]
            try:
                results[i] = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker lost with its file: that file's row
                results[i] = FileResult(names[i], error=f"{names[i]}: tidak dapat diperiksa di klaster Dask "
                                                        f"({type(exc).__name__}: {exc})")
            report(n, len(paths))
    finally:
        client.close()
    return [r for r in results if r is not None]
