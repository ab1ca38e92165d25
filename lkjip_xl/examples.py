"""The example report files installed with lkjip-xl (``lkjip-xl contoh -o folder``).

The repository's ``examples/`` folder is installed inside the package as ``lkjip_xl.contoh``
(``pyproject.toml``), so that an office that installed the wheel has the Walantaka report to start
from, exactly as the README and the install guide use it.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from lkjip_xl import outputs
from lkjip_xl.errors import OutputError

PACKAGE = "lkjip_xl.contoh"
#: The files copied, in this order: the report, its notes, the workbook as the document printed it.
FILES = ("walantaka_2020.yaml", "walantaka_2020_notes.md", "walantaka_2020_as_printed.xlsx")


def examples_dir() -> Traversable:
    """The installed examples (or, in a source checkout not installed, the repository's)."""
    try:
        found = resources.files(PACKAGE)
        if found.joinpath(FILES[0]).is_file():
            return found
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "examples"


def write_examples(folder: Path, *, overwrite: bool = False) -> list[tuple[Path, Path | None]]:
    """Copy the examples into ``folder`` (made when missing); returns each file written with the
    backup kept of the file it replaced. Nothing is written when one of them exists and not
    ``overwrite``."""
    from lkjip_xl.fileutil import atomic_write

    source = examples_dir()
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: ini sebuah berkas, bukan folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"folder {folder} tidak dapat dibuat: {exc.strerror or exc}") from exc
    targets = [folder / name for name in FILES]
    if not overwrite:
        for target in targets:
            outputs.claim(target, None, overwrite=False)  # refuses before anything is written
    written = []
    for name, target in zip(FILES, targets):
        data = source.joinpath(name).read_bytes()
        backup = outputs.claim(target, None, overwrite=overwrite)
        atomic_write(target, lambda tmp, data=data: tmp.write_bytes(data), OutputError)
        written.append((target, backup))
    return written
