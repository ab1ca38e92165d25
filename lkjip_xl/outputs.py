"""Where a command writes: the extension that matches what is written, and never over a file
that is already there unless the user said so.

Staff keep one workbook a year and fill it in over months; a command that silently replaced it
(a ``new`` run with the wrong ``-o``) would lose that work. So every command that writes asks
:func:`claim` first: an existing file is refused unless ``overwrite`` (the CLI's ``--timpa``), and
then a copy is kept as ``<name>.bak`` before the new file is renamed over it. The name must carry
the extension of what is written, because Excel decides by the name how to open a file (an
``.xlsx`` holding macros does not open; a workbook named ``.csv`` opens as garbage).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lkjip_xl.fileutil import backup_path, keep_backup
from lkjip_xl.errors import OutputError, OutputExistsError


@dataclass(frozen=True)
class Kind:
    """What a command writes: its extensions (the first is the one to suggest) and its name."""

    suffixes: tuple[str, ...]
    name: str


XLSX = Kind((".xlsx",), "buku kerja Excel")
XLSM = Kind((".xlsm",), "buku kerja Excel bermakro (dengan tombol Hitung Ulang)")
REPORT = Kind((".yaml", ".yml"), "berkas laporan YAML")
#: Report files a command reads (``summary``, ``build``): YAML or JSON.
REPORT_INPUT_SUFFIXES = (".yaml", ".yml", ".json")


def check_suffix(path: Path, kind: Kind, hint: str = "") -> None:
    """Refuse a name whose extension does not say what will be written into it."""
    if path.suffix.lower() in kind.suffixes:
        return
    wanted = " atau ".join(kind.suffixes)
    suggestion = path.with_suffix(kind.suffixes[0]).name if path.suffix else path.name + kind.suffixes[0]
    got = f"berakhiran {path.suffix}" if path.suffix else "tanpa akhiran"
    raise OutputError(f"{path}: nama berkas {got}, padahal yang ditulis adalah {kind.name}; gunakan nama "
                      f"berakhiran {wanted} (misalnya {suggestion}){hint}")


def claim(path: Path | str, kind: Kind | None, *, overwrite: bool) -> Path | None:
    """Make ``path`` ready to be written: the right extension, the folder there, and an existing
    file refused unless ``overwrite``, in which case a copy of it is kept first.

    Returns the backup kept (``<name>.bak``), or None when there was nothing to keep."""
    path = Path(path)
    if kind is not None:
        check_suffix(path, kind)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {folder} tidak ada")
    if path.is_dir():
        raise OutputError(f"{path}: ini sebuah folder, bukan berkas")
    if not path.exists():
        return None
    if not overwrite:
        raise OutputExistsError(
            f"{path} sudah ada dan tidak ditimpa. Pilih nama lain, atau tambahkan --timpa untuk menggantinya "
            f"(salinan berkas lama disimpan sebagai {backup_path(path).name})")
    try:
        return keep_backup(path)
    except OutputError as exc:
        raise OutputError(f"{path}: salinan cadangan {backup_path(path).name} tidak dapat dibuat, jadi berkas "
                          f"tidak ditimpa ({exc.__cause__ or exc})") from exc
