"""The Rekap table's structure changed by hand (docs/domain.md, mistake 7: rows inserted or deleted inside a
block, rows moved).

- A summary row missing: a program without its "Rata-rata capaian kinerja kegiatan" row, a kelompok
  without its rata-rata or JUMLAH row, one of the OPD's three rows. Each feeds the averages above
  it, so the figures above are wrong: an error.
- A row whose hidden Kunci (written when the workbook was built) does not match where it now is: a
  kegiatan or indicator moved to another program or kegiatan (a warning: it is now counted there), a
  summary row moved, the same kegiatan twice in a program (copied: counted twice), a kode changed in
  column A (a note: fixing a typo is allowed).
- A row the reader recognised although it was added without its Jenis and Kunci (a row typed into
  an inserted blank row): the program's rata-rata (AVERAGEIF over the Jenis column) does not count
  a kegiatan without its Jenis, so the finding says what to type there.
- A row deleted that formulas still referred to: a formula holding ``#REF!`` whose error is hidden by
  IFERROR (the average silently leaves the row out). A ``#REF!`` that shows is :mod:`excel_errors`'.
"""

from __future__ import annotations

from typing import Iterable

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl.error_values import ERROR_VALUES
from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.display import show
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.layout import REKAP_LABELS, REKAP_LAYOUT, RekapKind
from lkjip_xl.rekap_plan import RekapRow

NAME = "struktur-berubah"
K = RekapKind
#: The defined names that point at each OPD row (keys of layout.NAME_REKAP_TOTALS).
OPD_NAMES = {
    K.RATA_RATA_OPD: ("rata_rata_k", "rata_rata_rp"),
    K.JUMLAH_OPD: ("pagu", "realisasi_rp", "capaian_rp"),
    K.TOTAL_RATA_RATA_OPD: ("total_rata_rata_k", "total_rata_rata_rp"),
}


def applies(ctx: CheckContext) -> bool:
    return bool(ctx.read.rekap_rows) or bool(ctx.book.sheets)


def run(ctx: CheckContext) -> Iterable[Finding]:
    if ctx.read.rekap_rows:
        yield from _summary_rows(ctx)
        yield from _kunci(ctx)
        yield from _added_rows(ctx)
    yield from _hidden_ref_errors(ctx)


_KUNCI = a1.col_index(REKAP_LAYOUT.kunci)
_JENIS = a1.col_index(REKAP_LAYOUT.jenis)


def _rekap_text(ctx: CheckContext, row: int, col: int) -> str:
    data = ctx.book.sheets.get(REKAP_LAYOUT.sheet)
    value = None if data is None else data.value_at(row, col)
    return "" if value is None else str(value).strip()


def _raw_kunci(ctx: CheckContext, row: RekapRow) -> str:
    return _rekap_text(ctx, row.row, _KUNCI)


def _raw_jenis(ctx: CheckContext, row: RekapRow) -> str:
    return _rekap_text(ctx, row.row, _JENIS)


# -- summary rows -------------------------------------------------------------------------------------
def _summary_rows(ctx: CheckContext) -> Iterable[Finding]:
    L = REKAP_LAYOUT
    sheet = L.sheet
    s = ctx.rekap_structure()
    for kel in s.kelompok:
        nama = kel.row.kelompok.nama if kel.row.kelompok else kel.row.kunci
        for prog in kel.programs:
            if prog.rata_rata is None:
                kode = prog.row.program.kode if prog.row.program else prog.row.kunci
                yield Finding(Severity.ERROR, NAME, sheet, f"{L.kode}{prog.row.row}",
                              f"Program {kode} tidak memiliki baris \"{REKAP_LABELS[K.RATA_RATA_PROGRAM]}\" (baris "
                              f"terhapus?); rata-rata kelompok {nama} dan OPD tidak menghitung program ini.")
        for attr, kind in (("rata_rata", K.RATA_RATA_KELOMPOK), ("jumlah", K.JUMLAH_KELOMPOK)):
            if getattr(kel, attr) is None:
                label = REKAP_LABELS[kind].format(nama=nama.upper())
                yield Finding(Severity.ERROR, NAME, sheet, f"{L.uraian}{kel.row.row}",
                              f"Kelompok {nama} tidak memiliki baris \"{label}\" (baris terhapus?); angka OPD yang "
                              "dihitung darinya tidak lengkap.")
    for r in ctx.read.rekap_rows:
        orphan = ((r.kind is K.RATA_RATA_PROGRAM and r.program is None)
                  or (r.kind in (K.RATA_RATA_KELOMPOK, K.JUMLAH_KELOMPOK) and r.kelompok is None))
        if orphan:
            owner = "program" if r.kind is K.RATA_RATA_PROGRAM else "kelompok"
            yield Finding(Severity.WARNING, NAME, sheet, f"{L.uraian}{r.row}",
                          f"Baris ringkasan {owner} {_raw_kunci(ctx, r) or r.kunci} di baris {r.row} tidak berada di "
                          f"bawah baris {owner}nya (baris {owner} terhapus?); angkanya tidak ikut dihitung.")
    last = ctx.read.rekap_rows[-1].row
    for kind, keys in OPD_NAMES.items():
        if kind not in s.opd:
            names = ", ".join(lay.NAME_REKAP_TOTALS[k].format(year=lay.year_label(y)) for k in keys for y in L.years)
            yield Finding(Severity.ERROR, NAME, sheet, f"{L.uraian}{last}",
                          f"Baris \"{REKAP_LABELS[kind]}\" tidak ada di akhir tabel Rekap (baris terhapus?); angka "
                          f"OPD ini tidak dihitung, dan nama {names} kini "
                          "menunjuk ke #REF!.")


# -- rows whose Kunci does not fit their place ---------------------------------------------------------------
def _kunci(ctx: CheckContext) -> Iterable[Finding]:
    L = REKAP_LAYOUT
    sheet = L.sheet
    s = ctx.rekap_structure()
    seen: dict[str, int] = {}
    for kel in s.kelompok:
        kel_kunci = _raw_kunci(ctx, kel.row) or kel.row.kunci
        for extra in (kel.rata_rata, kel.jumlah):
            if extra is not None and _raw_kunci(ctx, extra) and _raw_kunci(ctx, extra) != kel_kunci:
                yield Finding(Severity.WARNING, NAME, sheet, f"{L.uraian}{extra.row}",
                              f"Baris {extra.row} adalah baris ringkasan kelompok {_raw_kunci(ctx, extra)} tetapi "
                              f"berada di kelompok {kel_kunci} (baris dipindah?); rumusnya menghitung kelompok "
                              f"{kel_kunci}.")
        for prog in kel.programs:
            program = prog.row.program
            kode = program.kode if program else prog.row.kunci
            pk = _raw_kunci(ctx, prog.row)
            if pk and program is not None and pk != program.kode:
                yield Finding(Severity.INFO, NAME, sheet, f"{L.kode}{prog.row.row}",
                              f"Kode program di sel {L.kode}{prog.row.row} ({program.kode}) berbeda dari kodenya saat "
                              f"buku kerja dibuat ({pk}). Bila kode memang diperbaiki, abaikan catatan ini.",
                              expected=pk, found=program.kode)
            pk = pk or kode
            for ind in prog.outcome:
                yield from _parent(ctx, ind, pk, f"program {kode}")
            if prog.rata_rata is not None:
                rk = _raw_kunci(ctx, prog.rata_rata)
                if rk and rk != pk:
                    yield Finding(Severity.WARNING, NAME, sheet, f"{L.uraian}{prog.rata_rata.row}",
                                  f"Baris rata-rata {prog.rata_rata.row} milik program {rk} tetapi berada di bawah "
                                  f"program {kode} (baris dipindah?); rumusnya merata-ratakan kegiatan program {kode}.")
            for keg, inds in prog.kegiatan:
                raw = _raw_kunci(ctx, keg)
                kegiatan = keg.kegiatan
                if raw:
                    owner, _, keg_kode = raw.partition("/")
                    if owner != pk:
                        yield Finding(Severity.WARNING, NAME, sheet, f"{L.kode}{keg.row}",
                                      f"Kegiatan {kegiatan.kode if kegiatan else keg_kode} di baris {keg.row} tercatat "
                                      f"milik program {owner} (kolom Kunci) tetapi berada di bawah program {kode} "
                                      f"(baris dipindah?); kegiatan ini kini dihitung dalam program {kode}.",
                                      expected=owner, found=kode)
                    elif kegiatan is not None and keg_kode and keg_kode != kegiatan.kode:
                        yield Finding(Severity.INFO, NAME, sheet, f"{L.kode}{keg.row}",
                                      f"Kode kegiatan di sel {L.kode}{keg.row} ({kegiatan.kode}) berbeda dari kodenya "
                                      f"saat buku kerja dibuat ({keg_kode}). Bila kode memang diperbaiki, abaikan "
                                      "catatan ini.", expected=keg_kode, found=kegiatan.kode)
                identity = f"{kode}/{kegiatan.kode}" if kegiatan is not None else raw
                if not (kegiatan.kode if kegiatan is not None else raw):
                    pass  # a row of a blank workbook nobody typed into: no identity yet
                elif identity in seen:
                    yield Finding(Severity.WARNING, NAME, sheet, f"{L.kode}{keg.row}",
                                  f"Kegiatan {kegiatan.kode if kegiatan else raw} muncul dua kali di program {kode} "
                                  f"(baris {seen[identity]} dan {keg.row}; baris disalin?): pagu dan realisasinya "
                                  "dijumlah dua kali.")
                else:
                    seen[identity] = keg.row
                kk = raw or keg.kunci
                for ind in inds:
                    yield from _parent(ctx, ind, kk, f"kegiatan {kegiatan.kode if kegiatan else kk}")


def _parent(ctx: CheckContext, row: RekapRow, owner_kunci: str, owner: str) -> Iterable[Finding]:
    """An indicator row whose Kunci names another program or kegiatan than the one it sits under."""
    raw = _raw_kunci(ctx, row)
    if not raw:
        return
    parent, sep, _ = raw.rpartition("#")
    if sep and parent != owner_kunci:
        L = REKAP_LAYOUT
        yield Finding(Severity.WARNING, NAME, L.sheet, f"{L.indikator}{row.row}",
                      f"Indikator di baris {row.row} tercatat milik {_owner_text(parent)} (kolom Kunci) tetapi berada "
                      f"di bawah {owner} (baris dipindah?); capaiannya kini dihitung untuk {owner}.",
                      expected=parent, found=owner_kunci)


def _owner_text(kunci: str) -> str:
    program, sep, kegiatan = kunci.partition("/")
    return f"kegiatan {kegiatan}" if sep else f"program {program}"


# -- rows added without their hidden columns ---------------------------------------------------------------
def _added_rows(ctx: CheckContext) -> Iterable[Finding]:
    L = REKAP_LAYOUT
    for r in ctx.read.rekap_rows:
        if _raw_jenis(ctx, r):
            continue
        if r.kind is K.KEGIATAN:
            what = f"kegiatan {r.kegiatan.kode}" if r.kegiatan else "kegiatan"
            effect = ("rata-rata capaian program (AVERAGEIF atas kolom Jenis) belum menghitung kegiatan ini, dan "
                      "rumus capaiannya belum ada")
        elif r.kind in (K.INDIKATOR_PROGRAM, K.INDIKATOR_KEGIATAN):
            owner = r.kegiatan.kode if r.kegiatan else (r.program.kode if r.program else "")
            what = f"indikator {'kegiatan' if r.kegiatan else 'program'} {owner}"
            effect = "rumus capaiannya belum ada"
        else:
            what = f"program {r.program.kode}" if r.program else r.kind.value
            effect = "rumus jumlah dan rata-ratanya belum ada"
        yield Finding(Severity.WARNING, NAME, L.sheet, f"{L.jenis}{r.row}",
                      f"Baris {r.row} ({what}) ditambahkan tanpa kolom Jenis dan Kunci: {effect}. Tekan Hitung "
                      "Ulang (atau lkjip-xl recalc): baris ini diberi jenis, kunci, rumus dan formatnya (sama dengan "
                      f"mengisi sel {L.jenis}{r.row} dengan \"{r.kind.value}\" dan {L.kunci}{r.row} dengan "
                      f"\"{r.kunci}\" lalu menyalin rumus baris sejenis).", expected=r.kind.value, found=None)


# -- formulas that lost a row ----------------------------------------------------------------------------------
def _hidden_ref_errors(ctx: CheckContext) -> Iterable[Finding]:
    for name in ctx.book.sheets:
        for cell, (formula, value) in ctx.formulas_of(name).items():
            # No "#": no #REF! in any case (upper-casing every formula of the book is slow).
            if not formula or "#" not in formula or "#REF!" not in formula.upper():
                continue
            if isinstance(value, str) and value.strip() in ERROR_VALUES:
                continue  # the error shows: excel_errors reports it
            yield Finding(Severity.ERROR, NAME, name, cell,
                          f"Rumus {formula} merujuk baris yang sudah dihapus (#REF!), tetapi galatnya tersembunyi "
                          f"(IFERROR): nilai {show(value)} tidak lagi mencakup baris itu. Perbaiki rujukannya.",
                          found=formula)


CHECK = Check(NAME, "Struktur tabel Rekap yang berubah (baris ringkasan hilang, baris dipindah, baris terhapus)",
              run, applies)
