"""LibreOffice (headless) as the reference spreadsheet application.

The LibreOffice engine (``LKJIP_ENGINE=libreoffice``: LibreOffice opens the workbook, recalculates
every formula and saves it as xlsx) and the conversion of ``.xls``/``.ods`` workbooks
(:mod:`lkjip_xl.convert`) run it through :class:`LibreOffice`; the tests' oracles (recalculated
values, PDFs of the printed pages) build on it in ``tests/libreoffice/office.py``.

Three things make this reliable:

* **A private user profile.** Every :class:`LibreOffice` creates its own profile in a temporary
  directory and passes it as ``-env:UserInstallation=file:///...`` on every call. A call on a
  profile that an instance is already using is handed over to that instance (and returns before
  the work is done), so one profile serves one call at a time: the calls of one
  :class:`LibreOffice` are serialised by a lock, and two objects never share a profile.
* **Forced recalculation.** LibreOffice keeps the cached values (``<v>``) it finds in an xlsx file
  and ignores ``fullCalcOnLoad``; the profile's ``registrymodifications.xcu`` sets
  ``/org.openoffice.Office.Calc/Formula/Load`` ``OOXMLRecalcMode`` and ``ODFRecalcMode`` to 0
  ("always recalculate") so a wrong cached value can never pass for a computed one.
* **One call for many files.** ``soffice --convert-to`` takes any number of files: 20 files in one
  call take about 3 s, in twenty calls about 23 s. :meth:`LibreOffice.convert` takes a list.

The profile also sets the locale to Indonesian (``id-ID``), so numbers render as
``1.051.756.000`` and ``99,87`` in PDFs.

Example::

    with LibreOffice(force_recalc=True) as lo:
        (out,) = lo.convert([Path("laporan.xlsx")], "xlsx", Path("out"))
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

from lkjip_xl.errors import LkjipError
from lkjip_xl.ooxml.text import escape_text, quote_attr

__all__ = [
    "DEFAULT_LOCALE",
    "DEFAULT_TIMEOUT",
    "LibreOffice",
    "LibreOfficeError",
    "find_soffice",
    "require_soffice",
]

#: Locale written into the profile: Indonesian number format (1.051.756.000; 99,87).
DEFAULT_LOCALE = "id-ID"
#: Seconds one soffice call may take before its process group is killed.
DEFAULT_TIMEOUT = 180.0

_FALLBACK_SOFFICE = "/usr/lib/libreoffice/program/soffice"

# OOXMLRecalcMode / ODFRecalcMode "always recalculate" (sc/inc/formulaopt.hxx: ScRecalcOptions; LibreOffice's
# default is 1, "never": the cached values are kept).
RECALC_ALWAYS = 0


class LibreOfficeError(LkjipError):
    """A LibreOffice call failed, timed out, or did not write an output it should have written.

    The message names the input files and carries soffice's stderr and stdout.
    """

    def __init__(
        self,
        message: str,
        *,
        files: Sequence[Path] = (),
        stderr: str = "",
        stdout: str = "",
        returncode: int | None = None,
    ) -> None:
        self.files = [Path(f) for f in files]
        self.stderr = stderr
        self.stdout = stdout
        self.returncode = returncode
        text = message
        if self.files:
            text += "\n  files: " + ", ".join(str(f) for f in self.files)
        if returncode is not None:
            text += f"\n  exit code: {returncode}"
        if stderr.strip():
            text += "\n  soffice stderr:\n" + _indent(stderr.strip())
        if stdout.strip():
            text += "\n  soffice stdout:\n" + _indent(stdout.strip())
        super().__init__(text)


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def find_soffice() -> str | None:
    """Path of the LibreOffice executable (``soffice`` or ``libreoffice`` on PATH, or the Debian
    location ``/usr/lib/libreoffice/program/soffice``), or None when LibreOffice is not installed.

    The environment variable ``LKJIP_SOFFICE`` names another executable to use.
    """
    override = os.environ.get("LKJIP_SOFFICE")
    if override:
        found = shutil.which(override)
        return found if found else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if os.access(_FALLBACK_SOFFICE, os.X_OK):
        return _FALLBACK_SOFFICE
    return None


def require_soffice(soffice: str | None) -> str:
    exe = soffice or find_soffice()
    if not exe:
        raise LibreOfficeError(
            "LibreOffice (soffice) not found on PATH nor at "
            f"{_FALLBACK_SOFFICE}; install it with .ci/install-libreoffice"
        )
    return exe


def _registry_xcu(settings: Iterable[tuple[str, str, str]]) -> str:
    """A registrymodifications.xcu holding ``(path, property, value)`` settings."""
    items = "".join(
        f'<item oor:path={quote_attr(path)}><prop oor:name={quote_attr(name)} oor:op="fuse">'
        f"<value>{escape_text(value).decode('utf-8')}</value></prop></item>\n"
        for path, name, value in settings
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n"
    )


def _output_extension(fmt: str) -> str:
    """``'xlsx:Calc MS Excel 2007 XML'`` -> ``'xlsx'``."""
    ext = fmt.split(":", 1)[0].strip()
    if not ext or "/" in ext or os.sep in ext:
        raise ValueError(f"invalid conversion format {fmt!r}")
    return ext


def _batches_with_unique_stems(paths: Sequence[Path]) -> list[list[int]]:
    """Split indexes so that no batch holds two inputs with the same stem (same output name)."""
    batches: list[list[int]] = []
    stems: list[set[str]] = []
    for i, p in enumerate(paths):
        for batch, seen in zip(batches, stems):
            if p.stem not in seen:
                batch.append(i)
                seen.add(p.stem)
                break
        else:
            batches.append([i])
            stems.append({p.stem})
    return batches


class LibreOffice:
    """A headless LibreOffice with a private, pre-configured user profile.

    Use it as a context manager (the profile is deleted on exit); :meth:`close` does the same.

    ``force_recalc`` (default True) writes ``OOXMLRecalcMode`` = ``ODFRecalcMode`` = 0 into the
    profile; False leaves LibreOffice's default ("never recalculate": cached values are kept).
    ``locale`` (default ``'id-ID'``) sets ``ooSetupSystemLocale`` and ``ooLocale``; None leaves
    them to LibreOffice. ``timeout`` is the default limit of one soffice call, in seconds.
    """

    def __init__(
        self,
        soffice: str | None = None,
        *,
        force_recalc: bool = True,
        locale: str | None = DEFAULT_LOCALE,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.soffice = require_soffice(soffice)
        self.force_recalc = force_recalc
        self.locale = locale
        self.timeout = timeout
        self._lock = threading.Lock()
        self._tmp: tempfile.TemporaryDirectory[str] | None = tempfile.TemporaryDirectory(
            prefix="lkjip-lo-"
        )
        self.profile_dir = Path(self._tmp.name) / "profile"
        self._write_profile()
        #: (number of input files, seconds) of each soffice call made, in order.
        self.timings: list[tuple[int, float]] = []

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> LibreOffice:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Delete the profile. The object cannot be used afterwards."""
        with self._lock:
            if self._tmp is not None:
                self._tmp.cleanup()
                self._tmp = None

    def __repr__(self) -> str:
        return (
            f"LibreOffice({self.soffice!r}, force_recalc={self.force_recalc}, "
            f"locale={self.locale!r}, profile={str(self.profile_dir)!r})"
        )

    # -- profile -----------------------------------------------------------------------------

    @property
    def profile_url(self) -> str:
        """The ``file:///`` URL given as ``-env:UserInstallation``."""
        return self.profile_dir.as_uri()

    def _settings(self) -> list[tuple[str, str, str]]:
        settings: list[tuple[str, str, str]] = [
            # No first-start wizard, no tip of the day.
            ("/org.openoffice.Office.Common/Misc", "FirstRun", "false"),
            ("/org.openoffice.Office.Common/Misc", "ShowTipOfTheDay", "false"),
        ]
        if self.force_recalc:
            load = "/org.openoffice.Office.Calc/Formula/Load"
            settings += [
                (load, "OOXMLRecalcMode", str(RECALC_ALWAYS)),
                (load, "ODFRecalcMode", str(RECALC_ALWAYS)),
            ]
        if self.locale:
            # ooSetupSystemLocale drives number formats (1.051.756.000; 99,87). ooLocale is the
            # UI language: without the Indonesian language pack LibreOffice resets it to en-US on
            # start, which is harmless (function names in xlsx files are English anyway).
            settings += [
                ("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", self.locale),
                ("/org.openoffice.Setup/L10N", "ooLocale", self.locale),
            ]
        return settings

    def _write_profile(self) -> None:
        user = self.profile_dir / "user"
        user.mkdir(parents=True, exist_ok=True)
        (user / "registrymodifications.xcu").write_text(
            _registry_xcu(self._settings()), encoding="utf-8"
        )

    def _check_open(self) -> None:
        if self._tmp is None:
            raise LibreOfficeError("this LibreOffice object is closed (its profile was deleted)")

    # -- calls -------------------------------------------------------------------------------

    def run(self, args: Sequence[str], *, timeout: float | None = None,
            files: Sequence[Path] = ()) -> subprocess.CompletedProcess[str]:
        """Run soffice with this profile and ``args`` after the usual headless options.

        Kills the whole process group and raises :class:`LibreOfficeError` on timeout.
        """
        limit = self.timeout if timeout is None else timeout
        cmd = [
            self.soffice,
            f"-env:UserInstallation={self.profile_url}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            *args,
        ]
        env = dict(os.environ)
        # soffice would otherwise try to reach an X display if the GUI package is installed.
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        with self._lock:
            self._check_open()
            start = time.monotonic()
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                start_new_session=True,  # own process group: a timeout kills soffice.bin too
            )
            try:
                stdout, stderr = proc.communicate(timeout=limit)
            except subprocess.TimeoutExpired:
                _kill_group(proc)
                stdout, stderr = proc.communicate()
                self._after_kill()
                raise LibreOfficeError(
                    f"LibreOffice did not finish within {limit:g} s and was killed",
                    files=files,
                    stderr=_clean_stderr(stderr or ""),
                    stdout=stdout or "",
                ) from None
            finally:
                self.timings.append((len(files), time.monotonic() - start))
        return subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)

    def _after_kill(self) -> None:
        # A killed instance leaves its lock file behind; remove it so the next call starts clean.
        (self.profile_dir / "user" / ".lock").unlink(missing_ok=True)
        (self.profile_dir / ".lock").unlink(missing_ok=True)

    def convert(
        self,
        inputs: Sequence[Path | str],
        fmt: str,
        outdir: Path | str,
        timeout: float | None = None,
    ) -> list[Path]:
        """Convert every input to ``fmt`` (``'xlsx'``, ``'pdf'``, ``'ods'``, or
        ``'ext:Filter name'``) into ``outdir`` with one soffice call; returns the output paths in
        input order (``outdir/<stem>.<ext>``).

        Inputs whose stems collide are split into separate calls (they would overwrite each
        other's output). Raises :class:`LibreOfficeError` naming the files when an input is
        missing, soffice fails or times out, or an output was not written.
        """
        paths = [Path(p).resolve() for p in inputs]
        if not paths:
            return []
        ext = _output_extension(fmt)
        out = Path(outdir).resolve()
        missing = [p for p in paths if not p.is_file()]
        if missing:
            raise LibreOfficeError("input file not found", files=missing)
        out.mkdir(parents=True, exist_ok=True)
        outputs = [out / f"{p.stem}.{ext}" for p in paths]
        clash = [p for p, o in zip(paths, outputs) if p == o]
        if clash:
            raise LibreOfficeError(
                f"the output would overwrite the input; choose another outdir than {out}",
                files=clash,
            )
        for batch in _batches_with_unique_stems(paths):
            self._convert_batch([paths[i] for i in batch], [outputs[i] for i in batch],
                                fmt, out, timeout)
        return outputs

    def _convert_batch(self, paths: list[Path], outputs: list[Path], fmt: str, out: Path,
                       timeout: float | None) -> None:
        # A stale output from an earlier run must not pass for this run's.
        for o in outputs:
            o.unlink(missing_ok=True)
        proc = self.run(
            ["--convert-to", fmt, "--outdir", str(out), *map(str, paths)],
            timeout=timeout,
            files=paths,
        )
        failed = [p for p, o in zip(paths, outputs) if not o.is_file() or o.stat().st_size == 0]
        if proc.returncode != 0 or failed:
            what = (
                f"LibreOffice could not convert {len(failed)} of {len(paths)} file(s) to {fmt!r}"
                if failed
                else f"LibreOffice exited with code {proc.returncode} converting to {fmt!r}"
            )
            raise LibreOfficeError(
                what,
                files=failed or paths,
                stderr=_clean_stderr(proc.stderr),
                stdout=proc.stdout,
                returncode=proc.returncode,
            )



def _kill_group(proc: subprocess.Popen[str]) -> None:
    """SIGKILL soffice's whole process group (the wrapper, oosplash and soffice.bin) and wait,
    up to 5 s, until none of its processes is alive (zombies left to init are not waited for)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while _live_group_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def _live_group_members(pgid: int) -> list[int]:
    """Processes of group ``pgid`` that are not zombies (Linux /proc; empty elsewhere)."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
        fields = text[text.rfind(")") + 2:].split()
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] not in ("Z", "X"):
            live.append(int(stat.parent.name))
    return live


_NOISE = re.compile(r"^Warning: failed to launch javaldx - java may not function correctly$")


def _clean_stderr(stderr: str) -> str:
    """soffice's stderr without the javaldx warning it prints on machines without Java."""
    return "\n".join(line for line in stderr.splitlines() if not _NOISE.match(line.strip()))
