"""A filled Renja workbook -> the Renja model, through the shared layout.

It reads what staff really produce: rows inserted inside a block, numbers typed as text, empty
cells, a formula typed into an input cell. Whatever it cannot map becomes a finding with its cell
address; it never crashes on content and never drops a row silently. The table is found through
its defined name and its rows through the hidden Jenis column, the Identitas fields and the text
rows through their defined names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lkjip_xl import a1
from lkjip_xl.adapters.base import BookData, SheetData
from lkjip_xl.cell_input import InputCells
from lkjip_xl.errors import RenjaStructureError
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.renja import layout as rl
from lkjip_xl.renja import model as rm
from lkjip_xl.renja.layout import INDIKATOR_KINDS, LAYOUT, RowKind
from lkjip_xl.renja.plan import RenjaRow, structure
from lkjip_xl.repair.classify import Depths, RenjaOpen, Typed, renja_kind
from lkjip_xl.rules import Metode, RealisasiTahunan

K = RowKind


@dataclass
class RenjaRead:
    report: rm.RenjaReport
    rows: list[RenjaRow]
    findings: list[Finding] = field(default_factory=list)
    #: Every input cell read: (sheet, cell) -> the raw value found.
    input_cells: dict[tuple[str, str], Any] = field(default_factory=dict)
    #: The LKjIP Rekap rows the generic checks look for: a Renja workbook has none.
    rekap_rows: list = field(default_factory=list)


class Cells(InputCells):
    """Input cells of the Renja sheets, addressed by reference (``"N12"``)."""

    def input(self, sheet: SheetData, ref: str) -> Any:
        row, col = a1.parse_cell(ref)
        return self.recorded(sheet, row, col, ref)

    @classmethod
    def text(cls, sheet: SheetData, ref: str) -> str | None:
        return cls.as_text(sheet.value(ref))

    def number(self, sheet: SheetData, ref: str, what: str, *, non_negative: bool = False) -> Decimal | None:
        """An input number: a number typed as text is read (and reported), other text reported."""
        return self.as_number(sheet, ref, self.input(sheet, ref), what, non_negative=non_negative)

    def choice(self, sheet: SheetData, ref: str, choices: tuple, default: Any, what: str) -> Any:
        value = self.input(sheet, ref)
        if value is None or str(value).strip() == "":
            return default
        text = str(value).strip().lower()
        for c in choices:
            if c.value == text or c.value == text.replace("_", "-"):
                return c
        names = ", ".join(c.value for c in choices)
        self.add(Severity.ERROR, "pilihan-tidak-dikenal", sheet.name, ref,
                 f"{what} {value!r} tidak dikenal; pilih salah satu: {names}. Dihitung sebagai {default.value}.",
                 found=value)
        return default


def _identitas(book: BookData, cells: Cells) -> rm.Identitas:
    values: dict[str, Any] = {}
    for f in rl.IDENTITAS_FIELDS:
        found = book.name_cell(f.name)
        if found is None or found[0] not in book.sheets:
            if f.required:
                cells.add(Severity.ERROR, "nama-hilang", rl.IDENTITAS, "", f"Nama {f.name} ({f.label}) tidak ada.")
            continue
        sheet, ref = book.sheets[found[0]], found[1]
        if f.key in rl.INTEGER_FIELDS:
            number = cells.number(sheet, ref, f.label)
            if number is not None and number != number.to_integral_value():
                cells.add(Severity.ERROR, "bukan-bilangan-bulat", sheet.name, ref,
                          f"{f.label}: harus bilangan bulat, tertulis {number}.", found=number)
            values[f.key] = None if number is None else int(number)
        else:
            cells.input(sheet, ref)
            values[f.key] = cells.text(sheet, ref)
        if f.required and values.get(f.key) is None:
            cells.add(Severity.ERROR, "isian-kosong", sheet.name, ref, f"{f.label} belum diisi.")
    triwulan = values.get("triwulan")
    if triwulan is not None and not 1 <= triwulan <= 4:
        found = book.name_cell(next(f.name for f in rl.IDENTITAS_FIELDS if f.key == "triwulan"))
        cells.add(Severity.ERROR, "isian-tidak-sesuai", *(found or (rl.IDENTITAS, "")),
                  f"Triwulan berjalan harus 1, 2, 3 atau 4, tertulis {triwulan}; dihitung sebagai 4.", found=triwulan)
        values["triwulan"] = 4

    def signer(prefix: str) -> rm.Penandatangan | None:
        p = rm.Penandatangan(*(values.get(f"{prefix}.{k}") for k in ("jabatan", "nama", "nip")))
        return None if p == rm.Penandatangan() else p

    return rm.Identitas(
        pemerintah_daerah=values.get("pemerintah_daerah") or "", opd=values.get("opd") or "",
        tahun=values.get("tahun") or 0, triwulan=values.get("triwulan") or 4,
        renstra_awal=values.get("renstra_awal"), renstra_akhir=values.get("renstra_akhir"),
        sasaran=values.get("sasaran"), kota=values.get("kota"), tanggal=values.get("tanggal"),
        sumber=values.get("sumber"), disusun=signer("disusun"), dievaluasi=signer("dievaluasi"))


def _table(book: BookData, cells: Cells) -> tuple[SheetData, int, int]:
    L = LAYOUT
    if L.sheet not in book.sheets:
        raise RenjaStructureError(f"{book.source}: sheet {L.sheet!r} tidak ada (bukan buku kerja Renja?)")
    sheet = book.sheets[L.sheet]
    found = book.name_range(rl.NAME_TABLE)
    if found is not None and found[0] == L.sheet:
        _, (first, _, last, _) = found
        return sheet, first, last
    cells.add(Severity.WARNING, "nama-hilang", L.sheet, "",
              f"Nama {rl.NAME_TABLE} tidak ada; tabel dicari dari kolom Jenis baris.")
    jenis = a1.col_index(L.jenis)
    kinds = {k.value for k in RowKind}
    rows = [r for r in range(sheet.first_row, sheet.last_row + 1)
            if str(sheet.value_at(r, jenis) or "").strip() in kinds]
    if not rows:
        raise RenjaStructureError(f"{book.source}: sheet {L.sheet!r} tidak memiliki baris tabel Renja (tidak ada "
                                  f"nama {rl.NAME_TABLE} dan tidak ada jenis baris di kolom {L.jenis})")
    return sheet, rows[0], rows[-1]


def _has_content(sheet: SheetData, row: int) -> bool:
    L = LAYOUT
    for col in range(a1.col_index(L.first_column), a1.col_index(L.last_printed) + 1):
        v = sheet.value_at(row, col)
        if v is not None and str(v).strip() != "":
            return True
    return False


def _kinds(sheet: SheetData, first: int, last: int, cells: Cells) -> list[RenjaRow]:
    """The rows of the table by their Jenis; a row typed into an inserted row (no Jenis) is
    recognised by what was typed (:mod:`lkjip_xl.repair.classify`)."""
    L = LAYOUT
    kinds = {k.value: k for k in RowKind}
    jenis, kunci = a1.col_index(L.jenis), a1.col_index(L.kunci)
    depths = Depths()
    for n in range(first, last + 1):
        kind = kinds.get(str(sheet.value_at(n, jenis) or "").strip())
        if kind in (K.PROGRAM, K.KEGIATAN, K.SUB_KEGIATAN):
            depths.add(kind.value, cells.text(sheet, f"{L.kode}{n}"))
    where = RenjaOpen()
    rows: list[RenjaRow] = []
    for n in range(first, last + 1):
        kind = kinds.get(str(sheet.value_at(n, jenis) or "").strip())
        kode = cells.text(sheet, f"{L.kode}{n}")
        if kind is None:
            if not _has_content(sheet, n):
                continue
            typed = Typed(kode=kode, nama=cells.text(sheet, f"{L.uraian}{n}"),
                          indikator=cells.text(sheet, f"{L.indikator}{n}"))
            kind = renja_kind(typed, where, depths)
            if kind in INDIKATOR_KINDS:
                cells.add(Severity.INFO, "baris-ditambahkan", L.sheet, f"{L.indikator}{n}",
                          f"Indikator ditambahkan di baris {n} (kolom Jenis kosong); dibaca sebagai {kind.value}. "
                          "Hitung Ulang (lkjip-xl recalc) menulis jenis dan rumus kolom 12-15 baris ini.")
            elif kind is not None:
                cells.add(Severity.INFO, "baris-ditambahkan", L.sheet, f"{L.kode}{n}",
                          f"{kind.value.replace('_', '-').capitalize()} {kode} ditambahkan di baris {n} (kolom Jenis "
                          "kosong). Hitung Ulang (lkjip-xl recalc) menulis jenis dan rumus baris ini.")
            else:
                cells.add(Severity.WARNING, "baris-tak-dikenal", L.sheet, f"{L.first_column}{n}",
                          f"Baris {n} berisi data tetapi jenisnya tidak dikenali (kolom {L.jenis} kosong, tanpa kode "
                          f"di kolom {L.kode} atau uraian indikator di kolom {L.indikator} di tempat yang sesuai); "
                          "isinya tidak dibaca.")
                continue
        _advance(where, kind, kode)
        rows.append(RenjaRow(kind, n, str(sheet.value_at(n, kunci) or "").strip()))
    return rows


def _advance(where: RenjaOpen, kind: RowKind, kode: str | None) -> None:
    """Open and close the units a following row without Jenis stands under."""
    if kind is K.PROGRAM:
        where.program, where.kegiatan, where.sub = kode or "", None, None
    elif kind is K.KEGIATAN:
        where.kegiatan, where.sub = kode or "", None
    elif kind is K.SUB_KEGIATAN:
        where.sub = kode or ""
    elif kind not in INDIKATOR_KINDS:
        where.program = where.kegiatan = where.sub = None


def read_renja_book(book: BookData) -> RenjaRead:
    """The report a Renja workbook holds, its rows as found, and the findings of reading it."""
    L = LAYOUT
    findings: list[Finding] = []
    inputs: dict[tuple[str, str], Any] = {}
    cells = Cells(findings, inputs)
    ident = _identitas(book, cells)
    sheet, first, last = _table(book, cells)
    rows = _kinds(sheet, first, last, cells)
    parents = {b.row.row for b in structure(rows).units() if b.parent}
    report = rm.RenjaReport(identitas=ident)
    urusan = bidang = None
    program: rm.Program | None = None
    kegiatan: rm.Kegiatan | None = None
    sub: rm.SubKegiatan | None = None
    kept: list[RenjaRow] = []
    for r in rows:
        n = r.row
        text = lambda col: cells.text(sheet, f"{col}{n}")  # noqa: E731
        if r.kind is K.URUSAN:
            urusan, bidang = text(L.uraian), None
        elif r.kind is K.BIDANG:
            bidang = text(L.uraian)
        elif r.kind in (K.PROGRAM, K.KEGIATAN, K.SUB_KEGIATAN):
            # A unit left empty (a row of a blank workbook) keeps an empty name; the export leaves it out.
            nama = text(L.uraian) or ("" if not text(L.kode) else f"(tanpa nama, baris {n})")
            common = dict(kode=text(L.kode), penanggung_jawab=text(L.penanggung_jawab),
                          keterangan=text(L.keterangan))
            if r.kind is K.PROGRAM:
                program, kegiatan, sub = rm.Program(nama=nama, urusan=urusan, bidang=bidang, **common), None, None
                report.program.append(program)
            elif program is None or (r.kind is K.SUB_KEGIATAN and kegiatan is None):
                owner = "program" if r.kind is K.KEGIATAN else "kegiatan"
                cells.add(Severity.ERROR, "struktur", L.sheet, f"{L.uraian}{n}",
                          f"{r.kind.value.replace('_', '-').capitalize()} di baris {n} tidak berada di bawah "
                          f"{owner}; tidak dibaca.")
                continue
            elif r.kind is K.KEGIATAN:
                kegiatan, sub = rm.Kegiatan(nama=nama, **common), None
                program.kegiatan.append(kegiatan)
            else:
                sub = rm.SubKegiatan(nama=nama, **common)
                kegiatan.sub_kegiatan.append(sub)
            unit = sub if r.kind is K.SUB_KEGIATAN else kegiatan if r.kind is K.KEGIATAN else None
            if unit is not None and n not in parents:
                unit.anggaran = _anggaran(sheet, n, cells, nama)
            r.program, r.kegiatan, r.sub = program, kegiatan if r.kind is not K.PROGRAM else None, sub
        elif r.kind in INDIKATOR_KINDS:
            owner_obj = {K.INDIKATOR_PROGRAM: program if kegiatan is None else None,
                         K.INDIKATOR_KEGIATAN: kegiatan if sub is None else None,
                         K.INDIKATOR_SUB_KEGIATAN: sub}[r.kind]
            if owner_obj is None:
                cells.add(Severity.ERROR, "struktur", L.sheet, f"{L.indikator}{n}",
                          f"Indikator di baris {n} ({r.kind.value}) tidak berada langsung di bawah pemiliknya; "
                          "tidak dibaca.")
                continue
            ind = _indikator(sheet, n, cells)
            owner_obj.indikator.append(ind)
            r.program, r.kegiatan, r.sub, r.indikator = program, kegiatan, sub, ind
            r.metode, r.cara = ind.metode, ind.realisasi_tahunan
        elif r.kind in (K.RATA_RATA_PROGRAM, K.PREDIKAT_PROGRAM):
            r.program = program
            kegiatan = sub = None
        else:
            program = kegiatan = sub = None
        kept.append(r)
    teks = rm.Teks()
    for key, _, name in rl.TEXT_ROWS:
        found = book.name_cell(name)
        if found is not None and found[0] in book.sheets:
            cells.input(book.sheets[found[0]], found[1])
            setattr(teks, key, cells.text(book.sheets[found[0]], found[1]))
    report.teks = None if teks == rm.Teks() else teks
    for n in range(last + 1, sheet.last_row + 1):
        jenis = str(sheet.value_at(n, a1.col_index(L.jenis)) or "").strip()
        if jenis in {k.value for k in RowKind}:
            cells.add(Severity.WARNING, "di-luar-tabel", L.sheet, f"{L.first_column}{n}",
                      f"Baris {n} ({jenis}) berada di bawah tabel Renja dan tidak dibaca; sisipkan baris di dalam "
                      "tabel (di atas baris jumlah OPD) agar ikut dihitung.")
    return RenjaRead(report, kept, findings, inputs)


def _anggaran(sheet: SheetData, n: int, cells: Cells, nama: str) -> rm.Anggaran | None:
    L = LAYOUT
    values = [cells.number(sheet, f"{col}{n}", f"{what} {nama}", non_negative=True)
              for col, what in zip(L.rp_inputs(), ("Target Renstra Rp", "Realisasi Renstra s/d tahun lalu Rp",
                                                   "Pagu", *(f"Realisasi Rp triwulan {q.header}" for q in L.triwulan)))]
    if all(v is None for v in values):
        return None
    quarters = values[3:]
    while quarters and quarters[-1] is None:
        quarters.pop()
    return rm.Anggaran(target_renstra=values[0], realisasi_renstra_lalu=values[1], pagu=values[2], triwulan=quarters)


def _indikator(sheet: SheetData, n: int, cells: Cells) -> rm.Indikator:
    L = LAYOUT
    what = f"Indikator baris {n}"
    values = [cells.number(sheet, f"{col}{n}", f"{what}: {label}")
              for col, label in zip(L.k_inputs(), ("target Renstra", "realisasi Renstra s/d tahun lalu", "target",
                                                   *(f"realisasi triwulan {q.header}" for q in L.triwulan)))]
    quarters = values[3:]
    while quarters and quarters[-1] is None:
        quarters.pop()
    satuan = cells.text(sheet, f"{L.satuan}{n}")
    # A row left empty (of a blank workbook) keeps an empty uraian; the export leaves it out.
    uraian = cells.text(sheet, f"{L.indikator}{n}") or (
        "" if satuan is None and all(v is None for v in values) else f"(tanpa uraian, baris {n})")
    metode = cells.choice(sheet, f"{L.metode}{n}", rm.METODE_RENJA, Metode.POSITIF, "Metode")
    cara = cells.choice(sheet, f"{L.realisasi_tahunan}{n}", tuple(RealisasiTahunan), RealisasiTahunan.JUMLAH,
                        "Realisasi tahunan")
    return rm.Indikator(uraian=uraian, satuan=satuan, metode=metode,
                        realisasi_tahunan=cara, target_renstra=values[0], realisasi_renstra_lalu=values[1],
                        target=values[2], triwulan=quarters)
