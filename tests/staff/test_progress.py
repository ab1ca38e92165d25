"""Progress on stderr: nothing for work shorter than the delay, nothing when stderr is not a
terminal or with --diam; a bar redrawn in place on a terminal, erased at the end."""

from __future__ import annotations

import io
import time

from lkjip_xl import progress
from lkjip_xl.cli import main
from lkjip_xl.progress import Progress, bar, line
from tests.conftest import MINIMAL_YAML


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_line():
    assert bar(0.5, 0, width=10) == "[#####.....]"
    assert bar(None, 0, width=10) == "[####......]"
    assert bar(None, 3, width=10) == "[...####...]"
    assert line("menulis Rekap Kegiatan", 0.4, 12.7, 0) == "[##########..............]  40% menulis Rekap Kegiatan (12 d)"


def test_shown_on_a_terminal_after_the_delay_and_erased(monkeypatch):
    monkeypatch.setattr(progress, "INTERVAL", 0.01)
    term = Terminal()
    with Progress(term, delay=0.05) as report:
        report("menyimpan buku kerja", None)
        time.sleep(0.3)
    text = term.getvalue()
    assert "menyimpan buku kerja (0 d)" in text and text.startswith("\r\x1b[K[")
    assert text.endswith("\r\x1b[K")  # the line is erased: stdout's output stays alone on the screen


def test_nothing_when_quick_piped_or_quiet(monkeypatch):
    monkeypatch.setattr(progress, "INTERVAL", 0.01)
    quick = Terminal()
    with Progress(quick, delay=5) as report:
        report("cepat", 0.5)
        time.sleep(0.05)
    piped = io.StringIO()
    with Progress(piped, delay=0) as report:
        report("ke pipa", 0.5)
        time.sleep(0.05)
    quiet = Terminal()
    with Progress(quiet, enabled=False, delay=0) as report:
        report("diam", 0.5)
        time.sleep(0.05)
    assert quick.getvalue() == piped.getvalue() == quiet.getvalue() == ""


def test_a_command_reports_its_stages(tmp_path, monkeypatch, capsys):
    """build tells which sheet it writes (the library calls report(stage, share))."""
    seen = []

    class Recording(Progress):
        def __call__(self, stage, done=None):
            seen.append((stage, done))

    monkeypatch.setattr("lkjip_xl.cli.Progress", Recording)
    report = tmp_path / "laporan.yaml"
    report.write_text(MINIMAL_YAML, encoding="utf-8")
    assert main(["build", str(report), "-o", str(tmp_path / "l.xlsx")]) == 0
    stages = [s for s, _ in seen]
    assert stages[0] == "membaca berkas laporan" and "menulis Rekap Kegiatan" in stages
    assert stages[-1] == "menyimpan buku kerja"
    shares = [d for _, d in seen if d is not None]
    assert shares == sorted(shares) and 0 <= shares[0] and shares[-1] < 1
    assert capsys.readouterr().err == ""  # stderr is not a terminal here: nothing was drawn
