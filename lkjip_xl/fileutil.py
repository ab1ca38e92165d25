"""Writing files so that nothing is lost: a temporary file beside the target, renamed over it.

A failure at any point leaves the target as it was (the old file, or none) and no temporary file
behind. The new file gets the permissions of the file it replaces, or those of an ordinary new
file, never the private 0600 of a temporary file.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

from lkjip_xl.errors import LkjipError, OutputError

T = TypeVar("T")


def set_mode_like(tmp: Path | str, target: Path | str) -> None:
    """Give a temporary file the permissions of the file it is about to replace, or, for a new
    file, those an ordinary new file gets (0666 less the umask)."""
    try:
        if os.path.exists(target):
            shutil.copymode(target, tmp)
        else:
            mask = os.umask(0o022)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)
    except OSError:
        pass  # a file system without Unix permissions: keep what it gave


#: Why a file could not be written, in the words staff read (the system's own text otherwise).
_REASONS = {errno.ENOSPC: "disk penuh", errno.EACCES: "tidak ada izin menulis di sana",
            errno.EPERM: "tidak ada izin menulis di sana", errno.EROFS: "disk hanya dapat dibaca",
            errno.EDQUOT: "kuota disk habis", errno.ENAMETOOLONG: "nama berkas terlalu panjang"}


def os_reason(exc: OSError) -> str:
    """``disk penuh (No space left on device)``: an OSError as a reason in a message."""
    text = exc.strerror or str(exc)
    reason = _REASONS.get(exc.errno or 0)
    return f"{reason} ({text})" if reason else text


def atomic_write(path: Path | str, write: Callable[[Path], T], error: type[LkjipError],
                 *, mode_from: Path | str | None = None) -> T:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it over ``path``.

    Errors of the file system become ``error`` with a message naming ``path``; errors that
    ``write`` raises on purpose (an LkjipError) pass through. Returns what ``write`` returned.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise error(f"{path} tidak dapat ditulis: folder {folder} tidak ada")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise error(f"{path} tidak dapat ditulis: {os_reason(exc)}") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        result = write(tmp)
        set_mode_like(tmp, mode_from if mode_from is not None else path)
        os.replace(tmp, path)
        return result
    except OSError as exc:
        raise error(f"{path} tidak dapat ditulis: {os_reason(exc)}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()


def backup_path(path: Path) -> Path:
    """``laporan.xlsx`` -> ``laporan.xlsx.bak`` (next to it, overwritten by the next backup)."""
    path = Path(path)
    return path.with_name(path.name + ".bak")


def keep_backup(path: Path) -> Path:
    """Copy ``path`` to its :func:`backup_path`, atomically (a failed copy leaves no partial .bak)."""
    path = Path(path)
    target = backup_path(path)
    try:
        atomic_write(target, lambda tmp: shutil.copy2(path, tmp), OutputError, mode_from=path)
    except OutputError as exc:
        raise OutputError(f"cannot keep a backup copy of {path} as {target}: {exc}") from exc
    return target
