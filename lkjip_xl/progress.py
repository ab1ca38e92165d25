"""Progress of long work, on stderr, so that a minute of building a big report is not a minute of
silence.

Nothing is shown for work that ends within :data:`DELAY` seconds, nothing when stderr is not a
terminal (a pipe, a log file, CI) and nothing when the user asked for quiet (``--diam``): the
output of a command stays exactly what it prints on stdout. On a terminal, after the delay, one
line is redrawn in place a few times a second: a bar (a moving block when the share done is not
known), the share done, what is being done and the seconds spent. It is erased when the work ends.

The library reports through a plain callable ``report(stage, done)`` (``done`` from 0 to 1, or
None when unknown), so it needs no import of this module; :data:`SILENT` does nothing.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Callable, Optional, TextIO

#: What the library calls: ``report("menulis Rekap Kegiatan", 0.4)``.
Report = Callable[[str, Optional[float]], None]

#: Seconds of work before anything is shown.
DELAY = 2.0
#: Seconds between two redraws.
INTERVAL = 0.2
WIDTH = 24


def SILENT(stage: str, done: float | None = None) -> None:  # noqa: N802 - a constant-like default
    """The report of a caller that wants no progress."""


def bar(done: float | None, tick: int, width: int = WIDTH) -> str:
    """``[#########...............]``; with ``done`` unknown, a block of four moving back and forth."""
    if done is not None:
        filled = max(0, min(width, round(done * width)))
        return "[" + "#" * filled + "." * (width - filled) + "]"
    span = width - 4
    pos = tick % (2 * span) if span > 0 else 0
    pos = pos if pos <= span else 2 * span - pos
    return "[" + "." * pos + "####" + "." * (width - 4 - pos) + "]"


def line(stage: str, done: float | None, seconds: float, tick: int) -> str:
    """One progress line, without the carriage return."""
    share = f"{round(done * 100):3d}%" if done is not None else "    "
    return f"{bar(done, tick)} {share} {stage} ({int(seconds)} d)"


class Progress:
    """A context manager that shows the progress of the work inside it; call it as the library's
    ``report``. ``enabled=False`` (``--diam``) or a stream that is not a terminal shows nothing."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool = True, delay: float = DELAY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = enabled and bool(isatty and isatty())
        self.delay = delay
        self.clock = clock
        self.stage = ""
        self.done: float | None = None
        self.start = clock()
        self.shown = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self, stage: str, done: float | None = None) -> None:
        with self._lock:
            self.stage = stage
            self.done = done

    def __enter__(self) -> "Progress":
        self.start = self.clock()
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="lkjip-xl progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.shown:
            self._write("\r\x1b[K")

    def _run(self) -> None:
        tick = 0
        while not self._stop.wait(INTERVAL):
            seconds = self.clock() - self.start
            if seconds < self.delay:
                continue
            with self._lock:
                text = line(self.stage, self.done, seconds, tick)
            self._write("\r\x1b[K" + text)
            self.shown = True
            tick += 1

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: the work goes on without it
            self._stop.set()
