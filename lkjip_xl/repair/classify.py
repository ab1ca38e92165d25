"""The kind of a table row from what staff typed into it, for rows without their hidden Jenis.

A row inserted in Excel has nothing in the hidden Jenis and Kunci columns: what it is must be read
from what was typed. The rules, the same for the readers and the repair:

* a **kode** makes a unit row: a program, a kegiatan (or, in the Renja table, a sub-kegiatan).
  Which one is decided by the kode against the rows around it, in this order: a kode that starts
  with the kode of the unit above it plus ``.`` (``1.01.01.2.01`` under ``1.01.01``), or a LKjIP
  kegiatan kode whose second-to-last part is its program's last (``5001.500105.04.043`` under
  ``5001.04``), is that unit's child; a kode as deep as the workbook's own programs (kegiatan,
  sub-kegiatan) is one; otherwise a kode deeper than the open program is a kegiatan under it, and
  one not deeper starts a new program;
* no kode but an **indicator** text (its Uraian indikator column) makes an indicator row of the
  unit it stands under (the last kegiatan, or the program while it has no kegiatan yet);
* anything else typed (a name alone, numbers alone) is not classified: the caller reports it at
  its cell and leaves it alone.

A unit counts as "open" from its row to the row that closes its block (the program's rata-rata
row, the kelompok's rows): a kegiatan typed after its program's rata-rata row belongs to no program
and is not classified.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lkjip_xl.layout import RekapKind
from lkjip_xl.renja.layout import RowKind


def kode_parts(kode: str) -> list[str]:
    return [p for p in kode.strip().split(".") if p.strip()]


def kode_depth(kode: str | None) -> int:
    """How many parts a kode has (``5001.04`` 2, ``5001.500105.04.043`` 4); 0 for none."""
    return len(kode_parts(kode)) if kode else 0


def is_child_kode(kode: str, parent: str | None) -> bool:
    """``kode`` is written under ``parent``: it extends it (``1.01.01.2.01`` under ``1.01.01``), or,
    the LKjIP way, its second-to-last part is the parent's last (``5001.500105.04.043`` under
    ``5001.04``)."""
    if not parent:
        return False
    parts, up = kode_parts(kode), kode_parts(parent)
    if len(parts) <= len(up):
        return False
    if parts[:len(up)] == up:
        return True
    return len(parts) >= 2 and parts[-2] == up[-1]


@dataclass
class Typed:
    """What a row holds in the columns staff type their structure into."""

    kode: str | None = None
    nama: str | None = None
    indikator: str | None = None

    @property
    def anything(self) -> bool:
        return bool(self.kode or self.nama or self.indikator)


@dataclass
class Depths:
    """The kode depths of the rows whose kind is known (their Jenis was written), per kind."""

    by_kind: dict[str, set[int]] = field(default_factory=dict)

    def add(self, kind: str, kode: str | None) -> None:
        depth = kode_depth(kode)
        if depth:
            self.by_kind.setdefault(kind, set()).add(depth)

    def kinds_of(self, depth: int) -> list[str]:
        return [k for k, depths in self.by_kind.items() if depth in depths]


# -- the LKjIP Rekap -----------------------------------------------------------------------------------
@dataclass
class RekapOpen:
    """The blocks a row stands in: kode of the open program and kegiatan (None where there is none;
    ``""`` for one without a kode), and whether a kelompok is open."""

    kelompok: bool = False
    program: str | None = None
    kegiatan: str | None = None


def rekap_kind(typed: Typed, where: RekapOpen, depths: Depths) -> RekapKind | None:
    """The kind of a Rekap row without Jenis, or None when it cannot be told (see the module)."""
    K = RekapKind
    if typed.kode:
        depth = kode_depth(typed.kode)
        if where.program is not None and is_child_kode(typed.kode, where.program):
            return K.KEGIATAN
        known = depths.kinds_of(depth)
        if known == [K.PROGRAM.value] and where.kelompok:
            return K.PROGRAM
        if known == [K.KEGIATAN.value] and where.program is not None:
            return K.KEGIATAN
        program_depth = kode_depth(where.program) or min(depths.by_kind.get(K.PROGRAM.value, {2}))
        if where.program is not None and depth > program_depth:
            return K.KEGIATAN
        if where.kelompok and depth <= program_depth:
            return K.PROGRAM
        return None
    if typed.indikator:
        if where.kegiatan is not None:
            return K.INDIKATOR_KEGIATAN
        if where.program is not None:
            return K.INDIKATOR_PROGRAM
    return None


# -- the Renja table -------------------------------------------------------------------------------------
@dataclass
class RenjaOpen:
    """The units open above a row: kode of the program, kegiatan and sub-kegiatan (None: none)."""

    program: str | None = None
    kegiatan: str | None = None
    sub: str | None = None


def renja_kind(typed: Typed, where: RenjaOpen, depths: Depths) -> RowKind | None:
    """The kind of a Renja row without Jenis, or None when it cannot be told (see the module)."""
    K = RowKind
    if typed.kode:
        depth = kode_depth(typed.kode)
        if where.kegiatan is not None and is_child_kode(typed.kode, where.kegiatan):
            return K.SUB_KEGIATAN
        if where.program is not None and is_child_kode(typed.kode, where.program):
            return K.KEGIATAN
        known = [k for k in depths.kinds_of(depth) if k in (K.PROGRAM.value, K.KEGIATAN.value, K.SUB_KEGIATAN.value)]
        if len(known) == 1:
            kind = K(known[0])
            if kind is K.PROGRAM or (kind is K.KEGIATAN and where.program is not None) or \
                    (kind is K.SUB_KEGIATAN and where.kegiatan is not None):
                return kind
        if where.program is None or depth <= kode_depth(where.program):
            return K.PROGRAM
        if where.kegiatan is not None and depth > kode_depth(where.kegiatan):
            return K.SUB_KEGIATAN
        return K.KEGIATAN
    if typed.indikator:
        if where.sub is not None:
            return K.INDIKATOR_SUB_KEGIATAN
        if where.kegiatan is not None:
            return K.INDIKATOR_KEGIATAN
        if where.program is not None:
            return K.INDIKATOR_PROGRAM
    return None
