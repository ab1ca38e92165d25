"""Time and peak memory of ``lkjip-xl build``, ``recalc`` and ``check`` as whole processes, per
engine and report size, against LibreOffice's headless recalculation of the same workbook.

Run on demand, never in the test suite (100x takes many minutes)::

    python benchmarks/run.py                          # 1x 10x 40x 100x, every installed engine
    python benchmarks/run.py --sizes 1,10 --engines formualizer,libreoffice --repeat 3

For each size it writes the synthetic report (``benchmarks/synthetic.py``), then measures, each as
one child process (wall time; peak RSS from ``os.wait4``, which is that of the largest single
process among the command and the children it waited for; and the peak of the summed RSS of all
the command's processes at one moment, sampled every 10 ms, since ``recalc`` and ``check``
evaluate in a forked process while the main one reads the sheets):

* ``lkjip-xl build report.yaml -o book.xlsx``;
* LibreOffice: ``soffice --convert-to xlsx book.xlsx`` with a private profile that forces
  recalculation on load (warmed once beforehand, so profile creation is not counted);
* per engine: the engine alone (``Engine.evaluate(book)`` in a fresh Python process, startup and
  imports included), then, with ``LKJIP_ENGINE=...``, ``lkjip-xl recalc book.xlsx -o out.xlsx
  --no-backup`` and ``lkjip-xl check --json book.xlsx`` (the findings are counted, to show that
  every engine finds the same).

The ``formulas`` engine is skipped from 40x on (about 8 minutes at 40x and 20 at 100x), unless
``--formulas-everywhere``. With ``--repeat N`` each command runs N times and the fastest run is
reported (the machine's other load only ever adds time); peak RSS is that run's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import synthetic  # noqa: E402

ENGINES = ("formualizer", "formulas", "libreoffice")
#: From this scale on the formulas engine is skipped (unless --formulas-everywhere).
FORMULAS_MAX_SCALE = 10


@dataclass
class Run:
    seconds: float
    peak_mb: float
    status: int
    stdout: str = ""
    stderr: str = ""
    #: Peak of the summed RSS of the command's processes at one moment (sampled every 10 ms):
    #: ``recalc`` and ``check`` evaluate in a forked process beside the main one, and ru_maxrss
    #: gives only the larger of the two.
    tree_peak_mb: float = 0.0


def _group_rss_mb(pgid: int) -> float:
    """The summed resident memory of the processes of a process group (Linux; 0 elsewhere)."""
    total = 0
    page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0.0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            fields = stat[stat.rindex(b")") + 2:].split()
            if int(fields[2]) != pgid:  # field 5 of stat: the process group
                continue
            with open(f"/proc/{entry}/statm", "rb") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
    return total / (1024 * 1024)


def measure(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 3600.0) -> Run:
    """Run ``cmd`` as a child process; its wall time and peak RSS (MB, with its children)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True)
        deadline = start + timeout
        tree_peak = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, _group_rss_mb(proc.pid))
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, 9)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in kilobytes on Linux (bytes on macOS).
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        peak = usage.ru_maxrss / scale
        return Run(seconds, peak, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   max(tree_peak, peak))


def best(cmd: list[str], repeat: int, env: dict[str, str] | None = None, output: Path | None = None) -> Run:
    """The fastest of ``repeat`` runs; ``output`` (what the command writes) is removed before each
    run, since the commands never replace a file unasked."""
    runs = []
    for _ in range(max(1, repeat)):
        if output is not None:
            output.unlink(missing_ok=True)
        runs.append(measure(cmd, env))
    return min(runs, key=lambda r: r.seconds)


#: Set by --max-used-cells: the cap on a workbook's used cells (lkjip_xl.ooxml.safety) to run with.
MAX_USED_CELLS: int | None = None

_WRAPPER = """
import sys
import lkjip_xl.ooxml.safety as adapter
adapter.MAX_USED_CELLS = int(sys.argv[1])
from lkjip_xl.cli import main
sys.exit(main(sys.argv[2:]))
"""


_EVALUATE = """
import sys
from lkjip_xl.engine.default import make_engine
values = make_engine(sys.argv[1]).evaluate(sys.argv[2])
print(len(values))
"""


def evaluate_only(engine: str, book: Path) -> list[str]:
    """The command line of one evaluation of ``book`` by ``engine``, alone in a Python process."""
    return [sys.executable, "-c", _EVALUATE, engine, str(book)]


def lkjip(*args: str) -> list[str]:
    """The command line of ``lkjip-xl ARGS`` (as ``python -m lkjip_xl``), through a wrapper that
    changes the used-cells cap when --max-used-cells is given."""
    if MAX_USED_CELLS is not None:
        return [sys.executable, "-c", _WRAPPER, str(MAX_USED_CELLS), *args]
    return [sys.executable, "-m", "lkjip_xl", *args]


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    load = "?"
    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        pass
    return (f"nproc {os.cpu_count()}, CPU {cpu}, memory {mem}, load average {load}, "
            f"Python {platform.python_version()}")


def versions() -> str:
    from importlib import metadata

    out = []
    for name in ("formualizer", "formulas", "openpyxl"):
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} (not installed)")
    return ", ".join(out)


def installed(engine: str) -> bool:
    if engine == "libreoffice":
        from lkjip_xl.engine.libreoffice import find_soffice

        return find_soffice() is not None
    from importlib.util import find_spec

    return find_spec(engine) is not None


class Office:
    """A warmed LibreOffice profile and the command line of one recalculating conversion."""

    def __init__(self, workdir: Path) -> None:
        from lkjip_xl.engine.libreoffice import LibreOffice

        self.lo = LibreOffice(force_recalc=True)
        self.outdir = workdir / "libreoffice"
        warm = workdir / "warm.xlsx"
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active["A1"] = "=1+1"
        wb.save(warm)
        self.lo.convert([warm], "xlsx", self.outdir)  # first start creates the profile

    def command(self, book: Path) -> list[str]:
        return [self.lo.soffice, f"-env:UserInstallation={self.lo.profile_url}", "--headless",
                "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                "--convert-to", "xlsx", "--outdir", str(self.outdir), str(book)]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def close(self) -> None:
        self.lo.close()


def formula_count(book: Path) -> int:
    from lkjip_xl.engine.base import read_formula_sheets

    return sum(len(s.positions()) for s in read_formula_sheets(book))


def findings(run: Run) -> str:
    try:
        counts = json.loads(run.stdout)["counts"]
    except (ValueError, KeyError, TypeError):
        return "?"
    return "/".join(str(v) for v in counts.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--sizes", default=",".join(map(str, synthetic.SCALES)),
                        help="comma-separated multiples of the Walantaka example (default 1,10,40,100)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated engines")
    parser.add_argument("--repeat", type=int, default=1, help="runs per command; the fastest is reported")
    parser.add_argument("--workdir", help="folder for the reports and workbooks (default: a temporary one)")
    parser.add_argument("--steps", default="build,evaluate,recalc,check",
                        help="comma-separated steps to measure (default build,evaluate,recalc,check)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse workbooks already in --workdir (their build is then not measured)")
    parser.add_argument("--formulas-everywhere", action="store_true",
                        help=f"also run the formulas engine above {FORMULAS_MAX_SCALE}x")
    parser.add_argument("--max-used-cells", type=int,
                        help="change the cap on a workbook's used cells (MAX_USED_CELLS, 1,000,000; "
                             "the 100x workbook spans about 750,000)")
    args = parser.parse_args(argv)
    global MAX_USED_CELLS
    MAX_USED_CELLS = args.max_used_cells
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    steps = {s.strip() for s in args.steps.split(",") if s.strip()}
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [e for e in engines if e not in ENGINES]
    if unknown:
        parser.error(f"unknown engine(s) {unknown}; choose from {ENGINES}")
    missing = [e for e in engines if not installed(e)]
    engines = [e for e in engines if e not in missing]
    if not shutil.which("soffice") and not installed("libreoffice"):
        parser.error("LibreOffice (soffice) is needed for the reference measurement")

    tmp = None
    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="lkjip-bench-")
        workdir = Path(tmp.name)
    print(f"# lkjip-xl benchmark\n\nMachine: {machine()}\n\nVersions: {versions()}")
    if missing:
        print(f"\nNot installed, skipped: {', '.join(missing)}")
    print(f"\nEach figure is the fastest of {args.repeat} run(s); peak RSS of that run.\n")
    print("| size | indicator rows | formula cells | command | engine | time (s) | peak RSS (MB) "
          "| peak RSS of all its processes together (MB) | time / LibreOffice | findings (E/W/I) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    # An installed package has its bytecode compiled (pip does it); this checkout may run with
    # PYTHONDONTWRITEBYTECODE set, which would compile every module again in every process.
    import compileall

    compileall.compile_dir(str(ROOT / "lkjip_xl"), quiet=1)
    office = Office(workdir)
    try:
        for scale in sizes:
            report = synthetic.write_scaled(scale, workdir / f"report_{scale}x.yaml")
            rows = synthetic.counts(synthetic.scaled_data(scale))["indikator"]
            book = workdir / f"book_{scale}x.xlsx"

            def row(command: str, engine: str, run: Run, ratio: str = "", found: str = "") -> None:
                status = "" if run.status in (0, 1) else f" (exit {run.status})"
                print(f"| {scale}x | {rows:,} | {cells:,} | {command}{status} | {engine} | "
                      f"{run.seconds:.2f} | {run.peak_mb:.0f} | {run.tree_peak_mb:.0f} | {ratio} | {found} |",
                      flush=True)

            build = None
            if (args.reuse or "build" not in steps) and book.is_file():
                cells = formula_count(book)
            else:
                runs = []
                for _ in range(max(1, args.repeat)):
                    book.unlink(missing_ok=True)  # build refuses to overwrite (and --timpa copies the old file)
                    runs.append(measure(lkjip("build", str(report), "-o", str(book), "--diam")))
                build = min(runs, key=lambda r: r.seconds)
                if build.status != 0:
                    print(f"build failed at {scale}x:\n{build.stderr}", file=sys.stderr)
                    return 2
                cells = formula_count(book)
            lo = best(office.command(book), args.repeat, office.env())
            row("LibreOffice --convert-to xlsx (recalc)", "libreoffice", lo, "1.00")
            if build is not None:
                row("build", "-", build, f"{build.seconds / lo.seconds:.2f}")
            for engine in engines:
                if engine == "formulas" and scale > FORMULAS_MAX_SCALE and not args.formulas_everywhere:
                    print(f"| {scale}x | {rows:,} | {cells:,} | {', '.join(sorted(steps - {'build'}))} | "
                          f"formulas | skipped (too slow at this size) | | | | |", flush=True)
                    continue
                env = dict(os.environ, LKJIP_ENGINE=engine)
                runs = []
                if "evaluate" in steps:
                    alone = best(evaluate_only(engine, book), args.repeat)
                    row("evaluate (engine alone)", engine, alone, f"{alone.seconds / lo.seconds:.2f}")
                    runs.append(alone)
                if "recalc" in steps:
                    out = workdir / f"recalc_{scale}x_{engine}.xlsx"
                    recalc = best(lkjip("recalc", str(book), "-o", str(out), "--no-backup"), args.repeat, env, out)
                    row("recalc", engine, recalc, f"{recalc.seconds / lo.seconds:.2f}")
                    runs.append(recalc)
                if "check" in steps:
                    check = best(lkjip("check", "--json", str(book)), args.repeat, env)
                    row("check", engine, check, f"{check.seconds / lo.seconds:.2f}", findings(check))
                    runs.append(check)
                for run in runs:
                    if run.status not in (0, 1):
                        print(f"<!-- {engine} failed: {run.stderr.strip()[-500:]} -->", flush=True)
    finally:
        office.close()
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
