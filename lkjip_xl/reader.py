"""A filled workbook -> the report model, through the shared layout.

It reads what staff really produce: rows inserted or deleted inside a block, a kegiatan added at
the end of a program, numbers typed as text, empty cells, merged cells, formulas replaced by typed
numbers. Whatever it cannot map becomes a finding with its cell address: it never crashes on
content and never drops a row silently. Blocks are found through defined names (which Excel keeps
up to date when rows are inserted) and the Rekap rows through their hidden Jenis/Kunci columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl import model as m
from lkjip_xl.adapters.base import BookData, SheetData
from lkjip_xl.cell_input import InputCells
from lkjip_xl.errors import WorkbookStructureError
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.layout import INDIKATOR_KINDS, REKAP_LAYOUT, RekapKind
from lkjip_xl.rekap_plan import RekapRow, indikator_kunci, kegiatan_kunci
from lkjip_xl.repair.classify import Depths, RekapOpen, Typed, rekap_kind
from lkjip_xl.rules import Metode, Range, grade_scale
from lkjip_xl.start.template_rows import unused_program

K = RekapKind


@dataclass
class ReadResult:
    report: m.Report
    rekap_rows: list[RekapRow]
    findings: list[Finding] = field(default_factory=list)
    #: Every input cell read: (sheet, cell) -> the raw value found (for "never changes an input").
    input_cells: dict[tuple[str, str], Any] = field(default_factory=dict)


# -- cell values -------------------------------------------------------------------------------------
class _Cells(InputCells):
    """Input cells of the LKjIP sheets, addressed by column letter and row."""

    def __init__(self, book: BookData, findings: list[Finding], inputs: dict[tuple[str, str], Any]) -> None:
        super().__init__(findings, inputs)
        self.book = book

    def raw(self, sheet: SheetData, col: str, row: int, *, is_input: bool = False) -> Any:
        """The value of a cell (column letter, row); an input's is recorded, and a formula in it reported."""
        if is_input:
            return self._input(sheet, col, row, f"{col}{row}")
        return sheet.value_at(row, _COLUMNS[col])

    def _input(self, sheet: SheetData, col: str, row: int, ref: str) -> Any:
        return self.recorded(sheet, row, _COLUMNS[col], ref)

    def text(self, sheet: SheetData, col: str, row: int) -> str | None:
        return self.as_text(sheet.value_at(row, _COLUMNS[col]))

    def number(self, sheet: SheetData, col: str, row: int, what: str, *, non_negative: bool = True,
               whole: bool = False) -> Decimal | None:
        """An input number: numbers stored as text are read (and reported), other text reported."""
        ref = f"{col}{row}"
        value = self._input(sheet, col, row, ref)
        return self.as_number(sheet, ref, value, what, non_negative=non_negative, whole=whole)

    def measure(self, sheet: SheetData, col: str, row: int, what: str) -> Decimal | str | None:
        """A target or realisasi: a number, or a grade (AA..D, WTP..TMP)."""
        ref = f"{col}{row}"
        value = self._input(sheet, col, row, ref)
        if isinstance(value, str) and grade_scale(value.strip()) is not None:
            return value.strip().upper()
        return self.as_number(sheet, ref, value, what)

    def metode(self, sheet: SheetData, col: str, row: int) -> Metode:
        value = self.raw(sheet, col, row, is_input=True)
        if value is None or str(value).strip() == "":
            return Metode.POSITIF
        try:
            return Metode(str(value).strip().lower())
        except ValueError:
            choices = ", ".join(mt.value for mt in Metode)
            self.add(Severity.ERROR, "metode-tidak-dikenal", sheet.name, f"{col}{row}",
                     f"Metode {value!r} tidak dikenal; pilih salah satu: {choices}. Dihitung sebagai positif.",
                     found=value)
            return Metode.POSITIF


class _ColumnIndexes(dict[str, int]):
    """Column letter -> index, each computed when first met: a layout has a handful of columns,
    read again on every row (one subscript, no call)."""

    def __missing__(self, letters: str) -> int:
        col = self[letters] = a1.col_index(letters)
        return col


_COLUMNS = _ColumnIndexes()


def _target(cells: _Cells, sheet: SheetData, metode: Metode, t_col: str, tm_col: str, row: int,
            what: str) -> m.Measure:
    low = cells.measure(sheet, t_col, row, f"{what} target")
    high = cells.measure(sheet, tm_col, row, f"{what} batas atas target")
    if metode is Metode.RENTANG:
        if isinstance(low, Decimal) and isinstance(high, Decimal):
            if low <= high:
                return Range(low, high)
            cells.add(Severity.ERROR, "rentang-terbalik", sheet.name, f"{t_col}{row}",
                      f"{what}: batas bawah {low} di atas batas atas {high}.")
        elif low is not None or high is not None:
            cells.add(Severity.ERROR, "rentang-tidak-lengkap", sheet.name, f"{tm_col}{row}",
                      f"{what}: metode rentang memerlukan batas bawah (kolom target) dan batas atas.")
        return None
    return low


# -- the Rekap sheet -----------------------------------------------------------------------------------
def _rekap_block(book: BookData, findings: list[Finding]) -> tuple[SheetData, int, int]:
    L = REKAP_LAYOUT
    if L.sheet not in book.sheets:
        raise WorkbookStructureError(f"{book.source}: sheet {L.sheet!r} tidak ada; lkjip-xl memeriksa buku kerja "
                                     "yang ditulisnya sendiri (lkjip-xl build atau new)")
    sheet = book.sheets[L.sheet]
    found = book.name_range(lay.NAME_REKAP_TABLE)
    if found is not None and found[0] == L.sheet:
        _, (first, _, last, _) = found
    else:
        findings.append(Finding(Severity.WARNING, "nama-hilang", L.sheet, "",
                                f"Nama {lay.NAME_REKAP_TABLE} tidak ada; tabel dicari dari kolom Jenis baris."))
        jenis_col = a1.col_index(L.jenis)
        kinds = {k.value for k in RekapKind}
        rows = [r for r in range(sheet.first_row, sheet.last_row + 1)
                if str(sheet.value_at(r, jenis_col) or "").strip() in kinds]
        if not rows:
            raise WorkbookStructureError(f"{book.source}: sheet {L.sheet!r} tidak memiliki baris Rekap "
                                         f"(tidak ada nama {lay.NAME_REKAP_TABLE} dan tidak ada jenis baris di kolom {L.jenis})")
        first, last = rows[0], rows[-1]
    return sheet, first, last


def _row_has_content(sheet: SheetData, row: int) -> bool:
    L = REKAP_LAYOUT
    for col in range(_COLUMNS[L.first_column], _COLUMNS[L.last_column] + 1):
        v = sheet.value_at(row, col)
        if v is not None and str(v).strip() != "":
            return True
    return False


def _advance(where: RekapOpen, kind: RekapKind, kode: str | None) -> None:
    """Open and close the blocks a following row without Jenis stands in."""
    if kind is K.KELOMPOK:
        where.kelompok, where.program, where.kegiatan = True, None, None
    elif kind is K.PROGRAM:
        where.program, where.kegiatan = kode or "", None
    elif kind is K.KEGIATAN:
        where.kegiatan = kode or ""
    elif kind is K.RATA_RATA_PROGRAM:
        where.program = where.kegiatan = None
    elif kind in (K.RATA_RATA_KELOMPOK, K.JUMLAH_KELOMPOK):
        where.program = where.kegiatan = None
    elif kind in (K.RATA_RATA_OPD, K.JUMLAH_OPD, K.TOTAL_RATA_RATA_OPD):
        where.kelompok, where.program, where.kegiatan = False, None, None


def _known_depths(sheet: SheetData, first: int, last: int, kinds: dict[str, RekapKind]) -> Depths:
    """The kode depths of the program and kegiatan rows whose Jenis is written."""
    L = REKAP_LAYOUT
    depths = Depths()
    jenis_col, kode_col = _COLUMNS[L.jenis], _COLUMNS[L.kode]
    for n in range(first, last + 1):
        kind = kinds.get(str(sheet.value_at(n, jenis_col) or "").strip())
        if kind in (K.PROGRAM, K.KEGIATAN):
            kode = sheet.value_at(n, kode_col)
            depths.add(kind.value, str(kode).strip() if kode is not None else None)
    return depths


def read_rekap(book: BookData, cells: _Cells) -> tuple[m.Rekap, list[RekapRow]]:
    L = REKAP_LAYOUT
    sheet, first, last = _rekap_block(book, cells.findings)
    kinds = {k.value: k for k in RekapKind}
    rekap = m.Rekap()
    rows: list[RekapRow] = []
    kelompok: m.Kelompok | None = None
    program: m.Program | None = None
    kegiatan: m.Kegiatan | None = None
    jenis_col, kunci_col = _COLUMNS[L.jenis], _COLUMNS[L.kunci]
    depths = _known_depths(sheet, first, last, kinds)
    where = RekapOpen()  # the blocks a row without Jenis would stand in
    unnamed: list[tuple[m.Program, int]] = []  # program rows with neither kode nor name
    for n in range(first, last + 1):
        jenis = str(sheet.value_at(n, jenis_col) or "").strip()
        kind = kinds.get(jenis)
        kode = cells.text(sheet, L.kode, n)
        if kind is None:
            if not _row_has_content(sheet, n):
                continue  # an empty row inserted by hand changes nothing
            typed = Typed(kode=kode, nama=cells.text(sheet, L.uraian, n), indikator=cells.text(sheet, L.indikator, n))
            kind = rekap_kind(typed, where, depths)
            if kind is K.KEGIATAN:
                owner = program.kode if program is not None and program.kode else "di atasnya"
                cells.add(Severity.INFO, "baris-ditambahkan", L.sheet, f"{L.kode}{n}",
                          f"Kegiatan {kode} ditambahkan di baris {n} (belum dikenal buku kerja); "
                          f"dibaca sebagai kegiatan program {owner}.")
            elif kind is K.PROGRAM:
                cells.add(Severity.INFO, "baris-ditambahkan", L.sheet, f"{L.kode}{n}",
                          f"Program {kode} ditambahkan di baris {n}; dibaca sebagai program baru.")
            elif kind in INDIKATOR_KINDS:
                owner = (f"kegiatan {kegiatan.kode}" if kind is K.INDIKATOR_KEGIATAN and kegiatan is not None
                         else f"program {program.kode}" if program is not None else "di atasnya")
                cells.add(Severity.INFO, "baris-ditambahkan", L.sheet, f"{L.indikator}{n}",
                          f"Indikator ditambahkan di baris {n}; dibaca sebagai indikator {owner}.")
            else:
                cells.add(Severity.WARNING, "baris-tak-dikenal", L.sheet, f"{L.first_column}{n}",
                          f"Baris {n} berisi data tetapi tidak dikenali (kolom Jenis kosong dan tidak ada kode "
                          "program/kegiatan atau uraian indikator di tempat yang sesuai); isinya tidak dibaca. "
                          "Ketik kode di kolom A (program, kegiatan) atau uraian indikator di kolom C.")
                continue
        _advance(where, kind, kode)
        kunci = str(sheet.value_at(n, kunci_col) or "").strip()
        row = RekapRow(kind, n, kunci)
        if kind is K.KELOMPOK:
            kelompok = m.Kelompok(nama=cells.text(sheet, L.uraian, n) or kunci or f"Kelompok baris {n}")
            rekap.kelompok.append(kelompok)
            program = kegiatan = None
            row.kelompok = kelompok
        elif kind is K.PROGRAM:
            if kelompok is None:
                kelompok = m.Kelompok(nama="(tanpa kelompok)")
                rekap.kelompok.append(kelompok)
            nama = cells.text(sheet, L.uraian, n)
            if not kode and not nama:  # a row of a blank workbook: an error only if its block is filled
                program = m.Program(kode="", nama="")
                unnamed.append((program, n))
            else:
                program = m.Program(kode=kode or kunci or f"baris-{n}", nama=nama or "")
                if not kode:
                    cells.add(Severity.ERROR, "kode-kosong", L.sheet, f"{L.kode}{n}", "Kode program kosong.")
            kelompok.program.append(program)
            kegiatan = None
            row.program, row.kelompok = program, kelompok
        elif kind is K.KEGIATAN:
            if program is None:
                cells.add(Severity.ERROR, "struktur", L.sheet, f"{L.kode}{n}",
                          f"Kegiatan di baris {n} tidak berada di bawah program; tidak dibaca.")
                continue
            nama = cells.text(sheet, L.uraian, n)
            blank = not kode and not nama and all(
                sheet.value_at(n, _COLUMNS[c]) in (None, "") for y in L.years.values() for c in (y.pagu, y.realisasi_rp))
            kegiatan = m.Kegiatan(kode=kode or ("" if blank else f"baris-{n}"), nama=nama or "")
            if not kode and not blank:
                cells.add(Severity.ERROR, "kode-kosong", L.sheet, f"{L.kode}{n}", "Kode kegiatan kosong.")
            for year, y in L.years.items():
                pagu = cells.number(sheet, y.pagu, n, f"Pagu {year} kegiatan {kegiatan.kode}")
                real = cells.number(sheet, y.realisasi_rp, n, f"Realisasi Rp {year} kegiatan {kegiatan.kode}")
                if pagu is not None or real is not None:
                    setattr(kegiatan, year, m.TahunRp(pagu=pagu, realisasi_rp=real))
            program.kegiatan.append(kegiatan)
            row.program, row.kegiatan = program, kegiatan
            if not kunci:
                row.kunci = kegiatan_kunci(program, kegiatan)
        elif kind in INDIKATOR_KINDS:
            owner_is_kegiatan = kind is K.INDIKATOR_KEGIATAN
            if owner_is_kegiatan and kegiatan is None or program is None:
                cells.add(Severity.ERROR, "struktur", L.sheet, f"{L.indikator}{n}",
                          f"Indikator di baris {n} tidak berada di bawah {'kegiatan' if owner_is_kegiatan else 'program'}.")
                continue
            metode = cells.metode(sheet, L.metode, n)
            ind = m.Indikator(uraian=cells.text(sheet, L.indikator, n) or "", metode=metode,
                              satuan=cells.text(sheet, L.satuan, n))
            what = f"Indikator baris {n}"
            for year, y in L.years.items():
                target = _target(cells, sheet, metode, y.target, y.target_max, n, f"{what} ({year})")
                real = cells.measure(sheet, y.realisasi, n, f"{what} ({year}) realisasi")
                if target is not None or real is not None:
                    setattr(ind, year, m.TahunK(target=target, realisasi=real))
            owner = kegiatan if owner_is_kegiatan else program
            if not owner_is_kegiatan and program.kegiatan:
                cells.add(Severity.WARNING, "struktur", L.sheet, f"{L.indikator}{n}",
                          f"Indikator program di baris {n} berada di antara kegiatan; dibaca sebagai indikator program.")
            owner.indikator.append(ind)
            row.program, row.kegiatan, row.indikator, row.metode = program, kegiatan if owner_is_kegiatan else None, ind, metode
            if not kunci:
                parent = kegiatan_kunci(program, kegiatan) if owner_is_kegiatan else program.kode
                row.kunci = indikator_kunci(parent, len(owner.indikator))
        else:  # summary rows
            row.program = program if kind is K.RATA_RATA_PROGRAM else None
            row.kelompok = kelompok if kind in (K.RATA_RATA_KELOMPOK, K.JUMLAH_KELOMPOK) else None
            if kind is K.RATA_RATA_PROGRAM:
                kegiatan = None
            if kind in (K.RATA_RATA_KELOMPOK, K.JUMLAH_KELOMPOK):
                program = kegiatan = None
            if kind in (K.RATA_RATA_OPD, K.JUMLAH_OPD, K.TOTAL_RATA_RATA_OPD):
                kelompok = program = kegiatan = None
        rows.append(row)
    for program, n in unnamed:
        if not unused_program(program):
            cells.add(Severity.ERROR, "kode-kosong", L.sheet, f"{L.kode}{n}", "Kode program kosong.")
    for n in range(last + 1, sheet.last_row + 1):
        if _row_has_content(sheet, n):
            cells.add(Severity.WARNING, "di-luar-tabel", L.sheet, f"{L.first_column}{n}",
                      f"Baris {n} berada di bawah tabel Rekap dan tidak dibaca; sisipkan baris di dalam tabel "
                      "(di atas baris jumlah) agar ikut dihitung.")
    return rekap, rows


# -- the simple sheets -------------------------------------------------------------------------------------
def _table_rows(book: BookData, table: lay.Table, cells: _Cells, sheet_name: str) -> tuple[SheetData, list[int]] | None:
    found = book.name_range(table.name)
    if found is None:
        if sheet_name in book.sheets:
            cells.add(Severity.WARNING, "nama-hilang", sheet_name, "",
                      f"Nama {table.name} ({table.title}) tidak ada; tabel ini tidak dibaca.")
        return None
    sheet, (first, _, last, _) = found
    data = book.sheets.get(sheet)
    if data is None:
        return None
    key_cols = [_COLUMNS[c.letter] for c in table.columns if c.role in (lay.Kind.LABEL, lay.Kind.INPUT)]
    rows = [r for r in range(first, last + 1)
            if any(data.value_at(r, c) not in (None, "") for c in key_cols)]
    return data, rows


def _field_value(book: BookData, f: lay.Field) -> tuple[SheetData, str, int] | None:
    """(sheet, column letter, row) of a named input cell (the top left one of a range)."""
    found = book.name_range(f.name)
    if found is None or found[0] not in book.sheets:
        return None
    sheet, (row, col, _, _) = found
    return book.sheets[sheet], a1.col_letter(col), row


def _identitas(book: BookData, cells: _Cells) -> m.Identitas:
    values: dict[str, Any] = {}
    for f in lay.IDENTITAS_FIELDS:
        found = _field_value(book, f)
        if found is None:
            continue
        if f.key in ("tahun_laporan", "tahun_dasar"):
            number = cells.number(*found, f.label, whole=True)
            values[f.key] = int(number) if number is not None else None
        else:
            cells.raw(*found, is_input=True)
            values[f.key] = cells.text(*found)
    for key, label in (("pemerintah_daerah", "Pemerintah daerah"), ("instansi", "Instansi"),
                       ("tahun_laporan", "Tahun laporan"), ("tahun_dasar", "Tahun dasar")):
        if values.get(key) is None:
            cells.add(Severity.ERROR, "isian-kosong", lay.IDENTITAS, "", f"{label} belum diisi.")
    return m.Identitas(pemerintah_daerah=values.get("pemerintah_daerah") or "",
                       instansi=values.get("instansi") or "", tahun_laporan=values.get("tahun_laporan") or 0,
                       tahun_dasar=values.get("tahun_dasar") or 0, kota=values.get("kota"),
                       tanggal=values.get("tanggal"), sumber=values.get("sumber"), status=values.get("status"))


def _data_umum(book: BookData, cells: _Cells) -> m.DataUmum:
    du = m.DataUmum()
    t = lay.KELURAHAN_TABLE
    found = _table_rows(book, t, cells, lay.DATA_UMUM)
    if found:
        sheet, rows = found
        for r in rows:
            nama = cells.text(sheet, t.letter("nama"), r) or f"(baris {r})"
            du.kelurahan.append(m.Kelurahan(
                nama=nama, jumlah_rt_rw=_int(cells.number(sheet, t.letter("jumlah_rt_rw"), r, f"RT/RW {nama}", whole=True)),
                rt=_int(cells.number(sheet, t.letter("rt"), r, f"RT {nama}", whole=True)),
                rw=_int(cells.number(sheet, t.letter("rw"), r, f"RW {nama}", whole=True))))
    found = _field_value(book, lay.LUAS_WILAYAH)
    if found:
        du.luas_wilayah_km2 = cells.number(*found, lay.LUAS_WILAYAH.label)
    sdm = m.Sdm()
    found = _field_value(book, lay.JUMLAH_PEGAWAI)
    if found:
        sdm.jumlah_pegawai = _int(cells.number(*found, lay.JUMLAH_PEGAWAI.label, whole=True))
    for name, table in lay.SDM_TABLES.items():
        found = _table_rows(book, table, cells, lay.DATA_UMUM)
        if not found:
            continue
        sheet, rows = found
        target = sdm.breakdowns()[name]
        for r in rows:
            jenjang = cells.text(sheet, table.letter("jenjang"), r) or f"(baris {r})"
            target.append(m.JumlahPegawai(jenjang=jenjang, jumlah=_int(cells.number(
                sheet, table.letter("jumlah"), r, f"Jumlah pegawai {jenjang}", whole=True))))
    du.sdm = sdm
    return du


def _int(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


def _sasaran(book: BookData, cells: _Cells, table: lay.Table, sheet_name: str, with_realisasi: bool) -> list[m.Sasaran]:
    found = _table_rows(book, table, cells, sheet_name)
    out: list[m.Sasaran] = []
    if not found:
        return out
    sheet, rows = found
    for r in rows:
        text = cells.text(sheet, table.letter("sasaran"), r)
        if text or not out:
            no = cells.text(sheet, table.letter("no"), r)
            out.append(m.Sasaran(sasaran=text or "(tanpa sasaran)", no=int(no) if no and no.isdigit() else None))
        metode = cells.metode(sheet, table.letter("metode"), r)
        kode = cells.text(sheet, table.letter("kode"), r) or f"baris-{r}"
        ind = m.IndikatorSasaran(kode=kode, uraian=cells.text(sheet, table.letter("uraian"), r) or "",
                                 satuan=cells.text(sheet, table.letter("satuan"), r), metode=metode)
        ind.target = _target(cells, sheet, metode, table.letter("target"), table.letter("target_max"), r,
                             f"Indikator {kode}")
        if with_realisasi:
            ind.realisasi = cells.measure(sheet, table.letter("realisasi"), r, f"Realisasi indikator {kode}")
        out[-1].indikator.append(ind)
    return out


def _formula_table(book: BookData, cells: _Cells) -> list[m.IndikatorFormula]:
    t = lay.FORMULA_TABLE
    found = _table_rows(book, t, cells, lay.PENGUKURAN)
    out = []
    if not found:
        return out
    sheet, rows = found
    for r in rows:
        uraian = cells.text(sheet, t.letter("uraian"), r) or f"(baris {r})"
        out.append(m.IndikatorFormula(
            uraian=uraian, program=cells.text(sheet, t.letter("program"), r),
            kode=cells.text(sheet, t.letter("kode"), r), satuan=cells.text(sheet, t.letter("satuan"), r),
            pembilang=cells.text(sheet, t.letter("pembilang"), r),
            penyebut=cells.text(sheet, t.letter("penyebut"), r),
            nilai_pembilang=cells.number(sheet, t.letter("nilai_pembilang"), r, f"Pembilang {uraian}", non_negative=False),
            nilai_penyebut=cells.number(sheet, t.letter("nilai_penyebut"), r, f"Penyebut {uraian}", non_negative=False)))
    return out


def _keuangan(book: BookData, cells: _Cells) -> m.Keuangan:
    k = m.Keuangan()
    for f in lay.ANGGARAN_FIELDS:
        if f.role is not lay.Kind.INPUT:
            continue
        found = _field_value(book, f)
        if found:
            setattr(k, f.key, cells.number(*found, f.label))
    t = lay.RINCIAN_TABLE
    found = _table_rows(book, t, cells, lay.ANGGARAN)
    if found:
        sheet, rows = found
        for r in rows:
            uraian = cells.text(sheet, t.letter("uraian"), r) or f"(baris {r})"
            k.rincian.append(m.RincianKeuangan(uraian=uraian, nilai=cells.number(sheet, t.letter("nilai"), r, uraian)))
    return k


def read_book(book: BookData) -> ReadResult:
    """The report a workbook holds, the Rekap rows as found, and the findings of reading it."""
    findings: list[Finding] = []
    inputs: dict[tuple[str, str], Any] = {}
    cells = _Cells(book, findings, inputs)
    rekap, rows = read_rekap(book, cells)
    report = m.Report(
        identitas=_identitas(book, cells),
        rekap=rekap,
        data_umum=_data_umum(book, cells),
        perjanjian_kinerja=_sasaran(book, cells, lay.PK_TABLE, lay.PERJANJIAN, False),
        pengukuran=_sasaran(book, cells, lay.PENGUKURAN_TABLE, lay.PENGUKURAN, True),
        indikator_formula=_formula_table(book, cells),
        keuangan=_keuangan(book, cells),
    )
    return ReadResult(report, rows, findings, inputs)
