"""How the checks name the form's rows and columns in their messages (Bahasa Indonesia)."""

from __future__ import annotations

from lkjip_xl.renja.layout import LAYOUT, RowKind
from lkjip_xl.renja.plan import RenjaRow

L = LAYOUT
#: Rp column -> what it holds, with the form's column number.
RP_COLUMNS = {
    L.target_renstra.rp: "Target Renstra Rp (kolom 5)",
    L.realisasi_renstra_lalu.rp: "Realisasi Renstra s/d tahun lalu Rp (kolom 6)",
    L.target.rp: "Pagu (kolom 7)",
    **{q.rp: f"Realisasi Rp triwulan {q.header} (kolom {q.number})" for q in L.triwulan},
    L.realisasi.rp: "Realisasi Rp tahun berjalan (kolom 12)",
    L.realisasi_renstra.rp: "Realisasi Renstra Rp s/d tahun berjalan (kolom 14)",
}


def unit_label(r: RenjaRow) -> str:
    """``program 1.01.01 Program Pelayanan ...``, ``kegiatan ...``, ``sub-kegiatan ...``."""
    obj = {RowKind.PROGRAM: r.program, RowKind.KEGIATAN: r.kegiatan, RowKind.SUB_KEGIATAN: r.sub}.get(r.kind)
    what = r.kind.value.replace("_", "-")
    if obj is None:
        return f"{what} baris {r.row}"
    kode = f" {obj.kode}" if obj.kode else ""
    return f"{what}{kode} \"{_short(obj.nama)}\""


def indikator_label(r: RenjaRow) -> str:
    if r.indikator is None:
        return f"indikator baris {r.row}"
    return f"indikator \"{_short(r.indikator.uraian)}\" (baris {r.row})"


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
