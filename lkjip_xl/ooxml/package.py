"""The parts of a workbook package and the relationships between them, resolved in one place.

An ``.xlsx``/``.xlsm`` is a zip of XML parts tied together by relationship parts
(``xl/_rels/workbook.xml.rels``): which part is the workbook, which part holds each sheet, the
styles, the shared strings, a sheet's drawings. Workbooks lkjip-xl did not write spell these in
every legal way (absolute or relative targets, percent-encoded names, strict-OOXML relationship
types, a workbook not at ``xl/workbook.xml``), so every reader and writer of the package asks
:class:`Package` rather than guessing paths.

:class:`Package` reads a zip (the reader, the rewriter, the safety scan); :class:`EditablePackage`
holds every part in memory for the edits that add parts (the ``.xlsm`` project, the xlwings Lite
buttons) and writes them back with the untouched parts byte for byte.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Callable, Collection, NamedTuple
from urllib.parse import unquote
from xml.etree import ElementTree

from lkjip_xl.errors import LkjipError
from lkjip_xl.fileutil import atomic_write
from lkjip_xl.ooxml.text import insert_before_close, local, parse_xml, quote_attr

__all__ = [
    "EditablePackage", "NS_MAIN", "NS_PKG_REL", "NS_R", "Package", "PackageError", "REL_OFFICE_DOCUMENT",
    "REL_WORKSHEET", "Relationship", "SheetEntry", "WriteError", "ZIP_EPOCH", "rels_part",
]

REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
#: Zip timestamp of the parts the layer adds (copied parts keep theirs): the same input gives the
#: same bytes.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
#: Small XML parts (workbook, relationships, styles) bigger than this are refused.
MAX_SMALL_PART = 64 * 1024 * 1024


class PackageError(LkjipError):
    """A package that cannot be read or rewritten as a workbook; the message names the file."""


class WriteError(PackageError):
    """The destination could not be written; ``reason`` says why in the system's words."""

    def __init__(self, destination: Path | str, reason: str) -> None:
        self.destination, self.reason = Path(destination), reason
        super().__init__(f"{destination} tidak dapat ditulis: {reason}")


class Relationship(NamedTuple):
    """One internal relationship: its Id, its type (a URI) and the part it names."""

    id: str
    type: str
    target: str


class SheetEntry(NamedTuple):
    """A sheet of the workbook, in tab order: its name, part, kind and visibility."""

    name: str
    part: str
    #: The relationship type's last segment: ``"worksheet"``, ``"chartsheet"``, ``"dialogsheet"``.
    kind: str
    #: ``"visible"``, ``"hidden"`` or ``"veryHidden"``.
    state: str
    rel_id: str

    @property
    def hidden(self) -> bool:
        return self.state != "visible"


def rels_part(part: str) -> str:
    """The relationship part of ``part`` (``""``: the package's own, ``_rels/.rels``)."""
    if not part:
        return "_rels/.rels"
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def relative_target(source_part: str, part: str) -> str:
    """How a relationship of ``source_part`` names ``part`` (relative to its folder)."""
    return posixpath.relpath(part, posixpath.dirname(source_part) or ".")


class Package:
    """Read access to the parts of a package, by name, whatever holds them.

    ``names``: the part names; ``read``: a part's bytes; ``path``: named in messages.
    """

    def __init__(self, names: Collection[str], read: Callable[[str], bytes], path: Path | str,
                 sizes: Callable[[str], int] | None = None) -> None:
        self.names, self._read, self.path = names, read, Path(path)
        self._size = sizes
        self._rels: dict[str, list[Relationship]] = {}

    @classmethod
    def of_zip(cls, z: zipfile.ZipFile, path: Path | str) -> "Package":
        return cls(z.NameToInfo, z.read, path, lambda name: z.getinfo(name).file_size)

    # -- parts ------------------------------------------------------------------------------------
    def read_small(self, name: str) -> bytes:
        """A small part's bytes (workbook, relationships, styles); refused beyond 64 MB."""
        if self._size is not None and self._size(name) > MAX_SMALL_PART:
            raise PackageError(f"{self.path}: bagian {name} berukuran {self._size(name)} byte, terlalu besar")
        return self._read(name)

    def parse(self, name: str, data: bytes | None = None) -> ElementTree.Element:
        """A small part parsed (DTDs refused, see :func:`~lkjip_xl.ooxml.text.parse_xml`)."""
        try:
            return parse_xml(self.read_small(name) if data is None else data, f"part {name}")
        except ValueError as exc:
            raise PackageError(f"{self.path}: {exc}") from exc

    # -- relationships ----------------------------------------------------------------------------
    def resolve(self, source_part: str, target: str) -> str:
        """The part a relationship target names (as written, or else percent-decoded)."""
        if target.startswith("/"):
            part = posixpath.normpath(target.lstrip("/"))
        else:
            part = posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target)).lstrip("/")
        if part not in self.names and unquote(part) in self.names:
            return unquote(part)
        return part

    def relationships(self, source_part: str) -> list[Relationship]:
        """The internal relationships of ``source_part`` (``""``: the package's), targets resolved."""
        found = self._rels.get(source_part)
        if found is not None:
            return found
        name = rels_part(source_part)
        out: list[Relationship] = []
        if name in self.names:
            for rel in self.parse(name):
                if local(rel.tag) != "Relationship" or (rel.get("TargetMode") or "").lower() == "external":
                    continue
                target = rel.get("Target")
                if target and not target.startswith("#"):
                    out.append(Relationship(rel.get("Id") or "", rel.get("Type") or "",
                                            self.resolve(source_part, target)))
        self._rels[source_part] = out
        return out

    def related(self, source_part: str, kind: str) -> str | None:
        """The first part ``source_part`` relates to by a type ending in ``/kind`` (``"styles"``)."""
        suffix = "/" + kind
        return next((r.target for r in self.relationships(source_part) if r.type.endswith(suffix)), None)

    def workbook_part(self) -> str:
        """The workbook part (``xl/workbook.xml`` unless the package says otherwise)."""
        found = self.related("", "officeDocument")
        if found is not None and found in self.names:
            return found
        if "xl/workbook.xml" in self.names:
            return "xl/workbook.xml"
        raise PackageError(f"{self.path}: berkas zip tanpa buku kerja (xl/workbook.xml tidak ada)")

    def sheets(self) -> list[SheetEntry]:
        """Every sheet of the workbook in tab order (worksheets, chart sheets, ...), each with its part."""
        workbook = self.workbook_part()
        rels = {r.id: r for r in self.relationships(workbook)}
        out = []
        for el in self.parse(workbook).iter():
            if local(el.tag) != "sheet":
                continue
            name = el.get("name")
            rid = next((v for k, v in el.attrib.items() if local(k) == "id"), None)
            rel = rels.get(rid or "")
            if name is None or rel is None:
                continue
            out.append(SheetEntry(name, rel.target, rel.type.rsplit("/", 1)[-1], el.get("state") or "visible",
                                  rid or ""))
        return out

    def sheet_parts(self) -> dict[str, str]:
        """Worksheet name -> its part (``{"Rekap Kegiatan": "xl/worksheets/sheet6.xml"}``), in tab
        order; chart sheets and sheets whose part is missing are left out."""
        return {s.name: s.part for s in self.sheets() if s.kind == "worksheet" and s.part in self.names}


class EditablePackage(Package):
    """Every part of a package in memory, for edits that add or change parts.

    The parts keep their order and zip dates; the added ones come last, dated :data:`ZIP_EPOCH`.
    """

    def __init__(self, parts: dict[str, bytes], path: Path | str,
                 dates: dict[str, tuple[int, int, int, int, int, int]] | None = None) -> None:
        self.parts = parts
        super().__init__(parts, parts.__getitem__, path)
        self.dates = dict(dates or {})
        self.original = list(parts)

    @classmethod
    def load(cls, path: Path | str) -> "EditablePackage":
        """Read every part of the zip at ``path`` (``OSError``, ``zipfile.BadZipFile`` as they come)."""
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            return cls({i.filename: z.read(i) for i in infos}, path, {i.filename: i.date_time for i in infos})

    @classmethod
    def edit_copy(cls, source: Path, destination: Path, change: Callable[["EditablePackage"], None],
                  error: type[LkjipError], failed: str) -> Path:
        """Write ``destination``: the package ``source``, read whole, with ``change`` applied to it
        in memory. Atomic (a temporary file, then renamed): a failure never leaves a partial file.
        Every failure is ``error`` naming ``source`` (``failed``: what could not be done with it)."""
        try:
            package = cls.load(source)
        except FileNotFoundError as exc:
            raise error(f"{source}: berkas tidak ada; tidak dapat dibaca") from exc
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
            raise error(f"{source}: bukan buku kerja .xlsx yang dapat dibaca ({exc})") from exc
        try:
            change(package)
        except (ValueError, KeyError, ElementTree.ParseError, PackageError) as exc:
            raise error(f"{failed} {source}: {exc}") from exc
        atomic_write(destination, package.write, error)
        return destination

    def set(self, name: str, data: bytes) -> None:
        self.parts[name] = data
        if name.endswith(".rels"):
            self._rels.clear()

    def add_relationship(self, source_part: str, rel_type: str, target_part: str) -> str:
        """Add a relationship from ``source_part`` to ``target_part`` (its .rels made when missing; a
        target starting with ``#`` is a place in the workbook, written as it is); return its new Id."""
        name = rels_part(source_part)
        if name in self.parts:
            xml = self.parts[name].decode("utf-8")
            ids = {rel.get("Id") for rel in self.parse(name, xml.encode("utf-8"))}
        else:
            xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   f'<Relationships xmlns="{NS_PKG_REL}"></Relationships>')
            ids = set()
        n = 1
        while f"rId{n}" in ids:
            n += 1
        rid = f"rId{n}"
        target = target_part if target_part.startswith("#") else relative_target(source_part, target_part)
        xml = insert_before_close(xml, "Relationships",
                                  f'<Relationship Id="{rid}" Type="{rel_type}" Target={quote_attr(target)}/>')
        self.parse(name, xml.encode("utf-8"))
        self.set(name, xml.encode("utf-8"))
        return rid

    def write(self, destination: Path) -> None:
        """Write the package to ``destination`` (not atomic: callers go through
        :func:`lkjip_xl.fileutil.atomic_write`): every part deflated, in its old order, the same
        bytes on every platform."""
        order = [n for n in self.original if n in self.parts] + sorted(set(self.parts) - set(self.original))
        with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as zout:
            for name in order:
                info = zipfile.ZipInfo(name, self.dates.get(name, ZIP_EPOCH))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                zout.writestr(info, self.parts[name])
