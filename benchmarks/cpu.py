"""Two checkouts compared on one workbook, interleaved: ``lkjip-xl check`` and ``recalc`` of each,
and LibreOffice's recalculation, round after round; the fastest wall time and the least CPU time
(user + system of the command and the processes it waited for: the forked engine, soffice.bin).
On a shared machine CPU time barely moves with the other load, where wall time doubles.

    git worktree add --detach /tmp/before main; git worktree add --detach /tmp/after HEAD
    python -m compileall -q /tmp/before/lkjip_xl /tmp/after/lkjip_xl
    python benchmarks/cpu.py /tmp/work/book_100x.xlsx 3 before=/tmp/before after=/tmp/after

(the workbook from ``run.py --workdir /tmp/work --steps build``).
"""
import os
import subprocess
import sys
import time
from pathlib import Path

book, n = Path(sys.argv[1]), int(sys.argv[2])
trees = dict(arg.split("=", 1) for arg in sys.argv[3:])
sys.path.insert(0, next(iter(trees.values())))
py = sys.executable



def run(args, env, cwd):
    t = time.perf_counter()
    p = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    assert code in (0, 1), (args, code, p.stderr.read()[-400:])
    p.stderr.close()
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024

from lkjip_xl.engine.libreoffice import LibreOffice  # noqa: E402 - from the first checkout given
import openpyxl  # noqa: E402

lo = LibreOffice(force_recalc=True)
wb = openpyxl.Workbook()
wb.active["A1"] = "=1+1"
wb.save("/tmp/cpub_warm.xlsx")
lo.convert([Path("/tmp/cpub_warm.xlsx")], "xlsx", Path("/tmp/cpub_lo"))  # the profile is made here
lo_cmd = [lo.soffice, f"-env:UserInstallation={lo.profile_url}", "--headless", "--invisible", "--norestore",
          "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "xlsx", "--outdir", "/tmp/cpub_lo", str(book)]
lo_env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
best = {}


def note(key, r):
    w, c, m = best.get(key, (1e9, 1e9, 0))
    best[key] = (min(w, r[0]), min(c, r[1]), max(m, r[2]))


for i in range(n):
    note(("libreoffice", "recalc"), run(lo_cmd, lo_env, "/tmp"))
    for name, tree in trees.items():
        env = dict(os.environ, PYTHONPATH=tree, LKJIP_ENGINE="formualizer")
        note((name, "check"), run([py, "-m", "lkjip_xl", "check", str(book), "--json"], env, tree))
        out = Path(f"/tmp/cpub_{name}.xlsx"); out.unlink(missing_ok=True)
        note((name, "recalc"), run([py, "-m", "lkjip_xl", "recalc", str(book), "-o", str(out), "--no-backup"], env, tree))
    lw, lc, _ = best[("libreoffice", "recalc")]
    print(f"after {i + 1} round(s), {book.name}:", flush=True)
    for (name, cmd), (w, c, m) in sorted(best.items()):
        print(f"  {name:11} {cmd:6} wall {w:7.2f} s ({w / lw:.2f})  cpu {c:7.2f} s ({c / lc:.2f})  peak RSS {m:.0f} MB",
              flush=True)
lo.close()
