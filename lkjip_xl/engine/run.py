"""Running an engine beside the reading: in a forked process, or on a thread where that cannot be.

The evaluation and the reading of the sheets take seconds each at 20,000 indicator rows; run side
by side they use both cores. A forked process shares no GIL with the reader and hands back a few
grids through a pipe (about 0.1 s at 126,000 formula cells). A fork is unsafe once an engine with
native threads has run in this process (the child would have none of those threads and could wait
for them forever): a long-lived process (a server, the test suite) then evaluates on a thread,
which formualizer allows by releasing the GIL while it evaluates. The ``lkjip-xl`` command never
evaluates before it forks.

For a recalculation the same worker then writes the copy of the workbook with the computed values
cached in it (:func:`lkjip_xl.ooxml.copy.write_package`) while the caller checks the workbook.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Any, Callable

from lkjip_xl.engine.base import Engine, EngineError, Spans
from lkjip_xl.ooxml.package import PackageError, WriteError
from lkjip_xl.ooxml.copy import write_package

__all__ = ["EngineRun", "native_threads_started", "note_native_threads"]

_native = threading.Event()


def note_native_threads() -> None:
    """Called by an engine before its native core starts threads in this process."""
    _native.set()


def native_threads_started() -> bool:
    """Whether an engine with native threads has run in this process (then no fork)."""
    return _native.is_set()


def _error(exc: BaseException) -> tuple[str, tuple[str, str, Any, Any]]:
    """An error as it crosses the pipe (an exception with its own arguments may not unpickle)."""
    write = (str(exc.destination), exc.reason) if isinstance(exc, WriteError) else None
    return "error", (type(exc).__name__, str(exc), getattr(exc, "cells", None), write)


def _work(engine: Engine, path: Path, spans: Spans, cache_to: Path | None,
          send: Callable[[tuple[str, Any]], None]) -> None:
    """Evaluate and send ``("grids", grids)``; then, when ``cache_to`` is given, write the workbook
    with the computed values cached in it there and send ``("written", stats)``."""
    try:
        grids = engine.evaluate_grids(path, spans)
    except BaseException as exc:  # noqa: BLE001 - everything goes to the caller
        send(_error(exc))
        return
    send(("grids", grids))
    if cache_to is None:
        return
    try:
        send(("written", write_package(path, cache_to, values=engine.lookup(grids, spans))))
    except BaseException as exc:  # noqa: BLE001
        send(_error(exc))


def _work_in_child(conn: Any, *args: Any) -> None:
    try:
        _work(*args, conn.send)
    finally:
        conn.close()


class EngineRun:
    """The evaluation (and, for a recalculation, the writing of the computed values into a copy of
    the workbook at ``cache_to``) running beside the reading and the checking.

    :meth:`grids` gives what the engine computed, :meth:`written` the statistics of the copy; each
    raises the error met in the worker.
    """

    def __init__(self, engine: Engine, path: Path, spans: Spans, cache_to: Path | None = None) -> None:
        self.engine, self.path, self.spans, self.cache_to = engine, path, spans, cache_to
        self._thread: threading.Thread | None = None
        self._process = None
        self._conn = None
        self._queue: queue.Queue | None = None
        self._answer: tuple[str, Any] | None = None
        self._written: tuple[str, Any] | None = None
        try:
            import multiprocessing

            context = multiprocessing.get_context("fork")
        except ValueError:
            context = None
        args = (engine, path, spans, cache_to)
        if context is not None and threading.active_count() == 1 and not native_threads_started():
            parent, child = context.Pipe(duplex=False)
            self._process = context.Process(target=_work_in_child, args=(child, *args), name="lkjip-engine",
                                            daemon=True)
            self._process.start()
            child.close()
            self._conn = parent
        else:
            self._queue = queue.Queue()
            self._thread = threading.Thread(target=_work, args=(*args, self._queue.put), name="lkjip-engine",
                                            daemon=True)
            self._thread.start()

    def _next(self) -> tuple[str, Any]:
        if self._queue is not None:
            return self._queue.get()
        try:
            return self._conn.recv()
        except (EOFError, OSError) as exc:
            self._process.join()
            return "error", ("EngineError", f"{self.path}: the evaluation stopped without an answer (exit code "
                             f"{self._process.exitcode}: {exc or 'no data'})", None, None)

    def _raise(self, payload: tuple[str, str, Any, Any], kind: type[BaseException]) -> None:
        name, message, cells, write = payload
        if write is not None:
            raise WriteError(*write)
        if kind is EngineError:
            error = EngineError(message, None, cells) if name == "EngineError" else EngineError(
                f"evaluation failed ({name}: {message})", self.path, cells)
            error.path = self.path
        else:
            error = kind(message)
        raise error

    def grids(self) -> dict[str, list[list[Any]]]:
        """The engine's grids over ``spans`` (see :meth:`~lkjip_xl.engine.base.Engine.evaluate_grids`)."""
        if self._answer is None:
            self._answer = self._next()
            if self.cache_to is None or self._answer[0] == "error":
                self._finish()
        kind, payload = self._answer
        if kind == "error":
            self._raise(payload, EngineError)
        return payload

    def written(self) -> Any:
        """The :class:`~lkjip_xl.ooxml.rewrite.RewriteStats` of the copy written to ``cache_to``."""
        self.grids()
        if self._written is None:
            self._written = self._next()
            self._finish()
        kind, payload = self._written
        if kind == "error":
            self._raise(payload, PackageError)
        return payload

    def _finish(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            self._process.join()
        if self._thread is not None:
            self._thread.join()

    def close(self) -> None:
        """Stop whatever still runs (its result is no longer wanted)."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()
        self._finish()
