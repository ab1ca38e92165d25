"""The per-file work on a Dask cluster (`--scheduler`): a local cluster of two worker processes
started here gives the same results as the local process pool, for `check` and for `gabung`."""

from __future__ import annotations

import sys

import openpyxl
import pytest

from lkjip_xl.city import runner
from lkjip_xl.city.files import expand_paths
from lkjip_xl.city.runner import DASK_MISSING, run_all
from lkjip_xl.city.worker import Options
from lkjip_xl.cli import main

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as c:
        yield c


def test_dask_gives_the_same_results_as_the_local_pool(city, cluster, monkeypatch):
    monkeypatch.chdir(city.folder.parent)  # relative names: the workers get absolute paths
    files, _ = expand_paths(["laporan"])
    local = run_all(files, Options(programs=True), jobs=2)
    seen = []
    remote = run_all(files, Options(programs=True), scheduler=cluster.scheduler_address,
                     done=lambda n, total: seen.append((n, total)))
    assert remote == local
    assert [r.file for r in remote] == [str(p) for p in files]
    assert seen == [(n, len(files)) for n in range(1, len(files) + 1)]
    terkunci = next(r for r in remote if r.file == "laporan/terkunci.xlsx")
    assert terkunci.error.startswith("laporan/terkunci.xlsx: buku kerja ini dilindungi kata sandi")
    kec_c = next(r for r in remote if r.file == "laporan/dinas/kec_c.xlsx")
    assert [p.kode for p in kec_c.programs] == ["5001.04"] and kec_c.errors == 2


def test_check_and_gabung_on_the_cluster_say_what_the_pool_says(city, cluster, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(city.folder.parent)
    assert main(["check", "laporan", "--jobs", "2", "--diam"]) == 1
    local = capsys.readouterr().out
    assert main(["check", "laporan", "--scheduler", cluster.scheduler_address, "--diam"]) == 1
    assert capsys.readouterr().out == local
    a, b = tmp_path / "lokal.xlsx", tmp_path / "dask.xlsx"
    assert main(["gabung", "laporan", "-o", str(a), "--jobs", "2", "--diam"]) == 1
    assert main(["gabung", "laporan", "-o", str(b), "--scheduler", cluster.scheduler_address, "--diam"]) == 1
    first, second = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
    assert first.sheetnames == second.sheetnames
    for ws in first:
        assert [[c.value for c in row] for row in ws.iter_rows()] == \
            [[c.value for c in row] for row in second[ws.title].iter_rows()], ws.title


def test_without_dask_the_message_says_how_to_install_it(city, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    assert main(["check", str(city.folder), "--scheduler", "tcp://127.0.0.1:8786", "--diam"]) == 2
    assert capsys.readouterr().err == f"lkjip-xl: gagal: {DASK_MISSING}\n"
    assert DASK_MISSING.startswith("--scheduler memerlukan Dask, yang belum terpasang. Pasang dengan: "
                                   "pip install 'lkjip-xl[dask]'")


def test_a_scheduler_that_does_not_answer(city, monkeypatch, capsys):
    monkeypatch.setattr(runner, "CONNECT_TIMEOUT", "2s")
    assert main(["check", str(city.kec_a), "--scheduler", "tcp://127.0.0.1:9", "--diam"]) == 2
    assert capsys.readouterr().err.startswith(
        "lkjip-xl: gagal: tidak dapat terhubung ke penjadwal Dask di tcp://127.0.0.1:9: ")
