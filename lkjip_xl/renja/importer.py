"""An office's own Renja evaluation form -> a Renja report, and every place where the original
contradicts itself.

``import_renja(path)`` recognises the form (:mod:`.form`), sorts its rows into the hierarchy
(:mod:`.rows`), and takes the **inputs only from the leaf rows**: the K of each indicator, the Rp of
each kegiatan without sub-kegiatan and of each sub-kegiatan; targets typed on a program or kegiatan
row are its indicator's own, but no total, average or percentage the office computed is ever taken
as an input. Amounts in thousands are scaled to Rupiah. Whatever cannot be placed is reported with
its cell. Then :mod:`.audit` compares every figure the original computes with what its inputs imply
and reports the differences at the original's cells.

The findings use the same :class:`~lkjip_xl.findings.Finding` as ``check``, in Bahasa Indonesia,
with the original's sheet and cell addresses.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from lkjip_xl import a1
from lkjip_xl.errors import NumberFormatError, RenjaImportError
from lkjip_xl.parsing import parse_number
from lkjip_xl.display import two_places
from lkjip_xl.findings import Finding, Severity, sort_findings
from lkjip_xl.renja import model as rm
from lkjip_xl.renja.audit import audit_form
from lkjip_xl.renja.foreign import SheetCells, open_workbook
from lkjip_xl.renja.form import HEADER_SEARCH_ROWS, FormMap, find_header, normalise, recognise_renja_form
from lkjip_xl.formula_text import analyse
from lkjip_xl.renja.rows import FormRow, FormTable, classify
from lkjip_xl.rules import RealisasiTahunan, TRIWULAN, number_in_cell

RULE_BACA = "impor"
_LEVEL_SATUAN = re.compile(r"(%|\bpersen|\bprosen|\bindeks|\bindex|\brasio|\bnilai\b|\bskor\b|\bpredikat)", re.I)


@dataclass
class ImportResult:
    report: rm.RenjaReport
    findings: list[Finding]
    form: FormMap
    table: FormTable
    cells: SheetCells
    #: original row -> the model object it shows (units and indicator rows)
    units: dict[int, Any] = field(default_factory=dict)
    indicators: dict[int, rm.Indikator] = field(default_factory=dict)
    #: original row -> the Rp inputs typed on it (in Rupiah), for rows that carry their own
    rp_rows: dict[int, rm.Anggaran] = field(default_factory=dict)


def _dec(value: Any) -> Decimal | None:
    d = number_in_cell(value)
    return d if d is not None and d.is_finite() else None


class _Importer:
    def __init__(self, cells: SheetCells, fm: FormMap, table: FormTable, source: str) -> None:
        self.cells, self.fm, self.table, self.source = cells, fm, table, source
        self.sheet = cells.name
        self.findings: list[Finding] = []
        self.units: dict[int, Any] = {}
        self.indicators: dict[int, rm.Indikator] = {}
        self.rp_rows: dict[int, rm.Anggaran] = {}
        self.k_from_pct: list[str] = []
        #: (row, first cell) of program/kegiatan indicators whose quarterly K the form computes from its rows
        self.computed_k: list[tuple[int, str]] = []

    def add(self, severity: Severity, cell: str, message: str, rule: str = RULE_BACA, **kw) -> None:
        self.findings.append(Finding(severity, rule, self.sheet, cell, message, kw.get("expected"), kw.get("found")))

    # -- one input cell -------------------------------------------------------------------------
    def value(self, row: int, col: int | None, what: str, leaf: bool, scale: int = 1) -> Decimal | None:
        """An input: a number typed, or (on a leaf row) the value a formula there shows, reported."""
        if col is None:
            return None
        ref = a1.cell(row, col)
        formula = self.cells.formula(row, col)
        raw = self.cells.value(row, col)
        if formula is not None:
            info = analyse(formula)
            if not leaf and self._from_table(info):
                return None  # a figure the form computes from its own rows: never an input
            number = _dec(raw)
            if info.single_ref:
                src = info.refs[0]
                self.add(Severity.ERROR, ref, f"{what} tidak diketik tetapi disalin dari sel {src.text.replace('$', '')} "
                         f"({self.fm.describe(src.c1)}) dengan rumus {formula}: realisasi diambil dari kolom lain. "
                         f"Nilai {_show(number)} dipakai sebagai isian; ketik realisasinya sendiri.",
                         rule="isian-disalin", found=formula)
            elif info.typed_numbers():
                self.add(Severity.WARNING, ref, f"{what} berisi rumus dengan angka ketikan {formula} (= {_show(number)}): "
                         "angka tetap di dalam rumus tidak terlihat dan mudah salah. Nilainya dipakai sebagai isian; "
                         "ketik hasilnya sebagai angka.", rule="angka-dalam-rumus", found=formula)
            elif any(self._is_pct(r.c1) for r in info.refs):
                self.k_from_pct.append(ref)
            if number is None:
                if raw not in (None, ""):
                    self.add(Severity.ERROR, ref, f"{what}: rumus {formula} menghasilkan {raw!r}; tidak dipakai.",
                             rule="galat-rumus", found=raw)
                return None
            return number * scale
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        number = _dec(raw)
        if number is None:
            text = str(raw).strip()
            if text in ("-", "–", "—"):
                return None
            try:
                number = parse_number(text)
            except NumberFormatError:
                self.add(Severity.WARNING, ref, f"{what}: bukan angka ({text!r}); tidak dipakai.", rule="bukan-angka",
                         found=text)
                return None
            self.add(Severity.WARNING, ref, f"{what}: angka diketik sebagai teks ({text!r}); dibaca sebagai "
                     f"{_show(number)}.", rule="angka-sebagai-teks", found=text)
        return number * scale

    def _from_table(self, info) -> bool:
        """Does a formula read rows of the table itself (a total), rather than another sheet's cells
        (the form filled by lookups into input sheets, as some offices build it)?"""
        first, last = self.fm.first_data_row, self.table.end_row
        figures = {c for p in self.fm.all_pairs() for c in (p.k, p.rp, p.pct) if c is not None}
        return any(ref.sheet is None and ref.r2 >= first and ref.r1 <= last
                   and any(ref.c1 <= c <= ref.c2 for c in figures) for ref in info.refs) \
            or not info.refs and not info.functions

    def _is_pct(self, col: int) -> bool:
        return any(p.pct == col for p in self.fm.all_pairs())

    # -- rows -------------------------------------------------------------------------------------
    def indikator(self, fr: FormRow, leaf: bool) -> rm.Indikator | None:
        text = fr.indikator
        if not text:
            return None
        fm = self.fm
        label = f"Indikator baris {fr.row}"

        def k(pair_number: int | None, q: int | None = None) -> Decimal | None:
            pair = fm.triwulan[q] if q is not None else fm.pairs.get(pair_number)
            if pair is None:
                return None
            name = f"triwulan {TRIWULAN[q]}" if q is not None else f"kolom {pair_number}"
            return self.value(fr.row, pair.k, f"{label}: K {name}", leaf)

        quarters = [k(None, q) for q in range(4)]
        while quarters and quarters[-1] is None:
            quarters.pop()
        ind = rm.Indikator(uraian=text, satuan=fr.satuan, target_renstra=k(5), realisasi_renstra_lalu=k(6),
                           target=k(7), triwulan=quarters)
        if not leaf:
            skipped = [a1.cell(fr.row, p.k) for p in fm.triwulan if p.k and self.cells.formula(fr.row, p.k)
                       and self._from_table(analyse(self.cells.formula(fr.row, p.k)))]
            if skipped:
                self.computed_k.append((fr.row, skipped[0]))
        ind.realisasi_tahunan = self._cara(fr, ind)
        self.indicators[fr.row] = ind
        return ind

    def _cara(self, fr: FormRow, ind: rm.Indikator) -> RealisasiTahunan:
        if not fr.satuan or not _LEVEL_SATUAN.search(fr.satuan):
            return RealisasiTahunan.JUMLAH
        q = [x for x in ind.quarters() if x is not None]
        if len(q) > 1 and ind.target and q[-1] < ind.target * Decimal("0.6") and \
                abs(sum(q) - ind.target) <= ind.target * Decimal("0.1"):
            self.add(Severity.INFO, a1.cell(fr.row, self.fm.satuan or self.fm.indikator),
                     f"Indikator {ind.uraian!r} bersatuan {fr.satuan!r} tetapi triwulannya tampak sebagai bagian "
                     f"yang dijumlah ({' + '.join(_show(x) for x in q)} = target {_show(ind.target)}); realisasi "
                     "tahunan: jumlah.")
            return RealisasiTahunan.JUMLAH
        return RealisasiTahunan.TERAKHIR

    def anggaran(self, rows: list[FormRow], owner: str) -> rm.Anggaran | None:
        """The Rp of a budget unit: its own row's, plus those typed on its indicator rows."""
        fm = self.fm
        total: rm.Anggaran | None = None
        carrying = []
        for fr in rows:
            def rp(pair) -> Decimal | None:
                if pair is None:
                    return None
                return self.value(fr.row, pair.rp, f"Rp {fm.describe(pair.rp)} baris {fr.row}", True, pair.rp_scale)

            quarters = [rp(q) for q in fm.triwulan]
            a = rm.Anggaran(target_renstra=rp(fm.pairs.get(5)), realisasi_renstra_lalu=rp(fm.pairs.get(6)),
                            pagu=rp(fm.pairs.get(7)), triwulan=quarters)
            if a == rm.Anggaran(triwulan=[None] * 4):
                continue
            while a.triwulan and a.triwulan[-1] is None:
                a.triwulan.pop()
            self.rp_rows[fr.row] = a
            carrying.append(fr.row)
            total = a if total is None else _add(total, a)
        if len(carrying) > 1:
            self.add(Severity.INFO, a1.cell(carrying[0], fm.uraian),
                     f"Rp {owner} diisi di {len(carrying)} baris indikatornya (baris {carrying[0]}-{carrying[-1]}); "
                     "dijumlahkan menjadi anggaran kegiatan itu.")
        return total

    def unit(self, fr: FormRow):
        leaf = fr.is_leaf()
        own = [fr] + fr.extra
        indicators = [i for i in (self.indikator(r, leaf) for r in own) if i is not None]
        pj = self._text_at(fr.row, self.fm.penanggung_jawab)
        ket = self._text_at(fr.row, self.fm.keterangan, merged=False)
        nama = fr.uraian
        common = dict(nama=nama, kode=fr.kode, indikator=indicators, penanggung_jawab=pj, keterangan=ket)
        if fr.level == "program":
            obj = rm.Program(**common)
        elif fr.level == "kegiatan":
            obj = rm.Kegiatan(**common)
        else:
            obj = rm.SubKegiatan(**common)
        if leaf and fr.level != "program":
            obj.anggaran = self.anggaran(own, f"{fr.level.replace('_', '-')} {nama!r}")
        self.units[fr.row] = obj
        return obj

    def _text_at(self, row: int, col: int | None, merged: bool = True) -> str | None:
        if col is None:
            return None
        v = self.cells.value(row, col)
        if v is None and merged:
            for r1, c1, r2, c2 in self.cells.merged:
                if c1 <= col <= c2 and r1 <= row <= r2:
                    v = self.cells.value(r1, c1)
                    break
        s = str(v).strip() if v is not None else ""
        return s or None

    # -- the whole table ----------------------------------------------------------------------------
    def programs(self) -> list[rm.Program]:
        out = []
        for p in self.table.programs:
            program = self.unit(p)
            heads = [h for h in _ancestors(p) if h.level in ("urusan", "bidang")]
            program.urusan = next((h.uraian for h in heads if h.level == "urusan"), None)
            program.bidang = next((h.uraian for h in heads if h.level == "bidang"), None)
            for k in p.children:
                if k.level in ("urusan", "bidang", "program"):
                    continue
                kegiatan = self.unit(k)
                if not isinstance(kegiatan, rm.Kegiatan):  # pragma: no cover - levels are linked so
                    continue
                for s in k.children:
                    sub = self.unit(s)
                    if isinstance(sub, rm.SubKegiatan):
                        kegiatan.sub_kegiatan.append(sub)
                program.kegiatan.append(kegiatan)
            out.append(program)
        placed = {r.row for r in self.table.rows}
        for r in self.table.rows:
            if r.kind == "unit" and r.level in ("kegiatan", "sub_kegiatan") and _program_of(r) is None:
                self.add(Severity.WARNING, a1.cell(r.row, self.fm.uraian),
                         f"Baris {r.row} ({r.uraian!r}) tidak berada di bawah program mana pun; tidak diimpor.",
                         rule="baris-tak-dikenal")
            if r.kind == "indikator" and r.owner is None:
                self.add(Severity.WARNING, a1.cell(r.row, self.fm.indikator or self.fm.uraian),
                         f"Indikator baris {r.row} ({r.indikator!r}) tidak berada di bawah program atau kegiatan; "
                         "tidak diimpor.", rule="baris-tak-dikenal")
        self._unplaced(placed)
        return out

    def _unplaced(self, placed: set[int]) -> None:
        """Figures on rows the hierarchy did not take (neither unit, indicator nor summary)."""
        numeric = [c for p in self.fm.all_pairs() for c in (p.k, p.rp) if c is not None]
        for r in range(self.fm.first_data_row, self.table.end_row + 1):
            if r in placed:
                continue
            cells = [a1.cell(r, c) for c in numeric if _dec(self.cells.value(r, c)) not in (None, Decimal(0))]
            if cells:
                self.add(Severity.WARNING, cells[0], f"Baris {r} berisi angka ({', '.join(cells[:6])}"
                         f"{', ...' if len(cells) > 6 else ''}) tanpa nama program/kegiatan atau indikator; tidak "
                         "diimpor.", rule="baris-tak-dikenal")


def _add(a: rm.Anggaran, b: rm.Anggaran) -> rm.Anggaran:
    def plus(x, y):
        return x if y is None else y if x is None else x + y

    qa, qb = a.quarters(), b.quarters()
    q = [plus(x, y) for x, y in zip(qa, qb)]
    while q and q[-1] is None:
        q.pop()
    return rm.Anggaran(plus(a.target_renstra, b.target_renstra), plus(a.realisasi_renstra_lalu, b.realisasi_renstra_lalu),
                       plus(a.pagu, b.pagu), q)


def _ancestors(r: FormRow) -> list[FormRow]:
    out = []
    p = r.parent
    while p is not None:
        out.append(p)
        p = p.parent
    return out


def _program_of(r: FormRow) -> FormRow | None:
    return next((a for a in [r, *_ancestors(r)] if a.level == "program"), None)


def _show(value: Any) -> str:
    return two_places(value) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else repr(value)


# -- identity ------------------------------------------------------------------------------------------
_YEAR = re.compile(r"\btahun\s*(?:anggaran\s*)?(\d{4})\b", re.I)
_TW = re.compile(r"\b(?:tw|triwulan)\s*\.?\s*(iv|iii|ii|i|[1-4])\b", re.I)
_PERIOD = re.compile(r"(\d{4})\s*(?:s/d|-|–|sampai dengan|s\.d\.?)\s*(\d{4})")
_OPD = re.compile(r"(?:perangkat daerah|opd|skpd|unit kerja)\s*:\s*(.+)", re.I)
_PEMDA = re.compile(r"\b((?:pemerintah\s+)?(?:kabupaten|kota|provinsi)\s+\S.*)$", re.I)
_OPD_NAME = re.compile(r"^((?:dinas|badan|kantor|sekretariat|inspektorat|kecamatan|satuan|rumah sakit|rsud|bappeda|"
                       r"bagian|kelurahan)\b.*?)\s*(?:\b(?:kabupaten|kota|provinsi)\b.*)?$", re.I)
_DOTS = re.compile(r"[.…]{3,}")


def _identitas(imp: _Importer, sheet_name: str, overrides: dict[str, Any]) -> rm.Identitas:
    cells, fm = imp.cells, imp.fm
    top_texts = [str(cells.value(r, c)).strip() for r in range(1, fm.header_first)
                 for c in range(1, cells.max_col + 1) if isinstance(cells.value(r, c), str)]
    near = [str(cells.value(r, c)).strip() for r in range(fm.first_data_row, min(fm.first_data_row + 3, cells.max_row + 1))
            for c in range(1, cells.max_col + 1) if isinstance(cells.value(r, c), str)]
    header_texts = [str(cells.value(r, c)) for r in range(fm.header_first, fm.header_last + 1)
                    for c in range(1, cells.max_col + 1) if isinstance(cells.value(r, c), str)]
    where = a1.cell(1, 1)
    tahun = next((int(m.group(1)) for t in top_texts for m in [_YEAR.search(t)] if m), None)
    pemda = next((m.group(1).strip() for t in top_texts if not _DOTS.search(t) for m in [_PEMDA.search(t)] if m),
                 None)
    opd = next((m.group(1).strip() for t in top_texts + near for m in [_OPD.search(t)] if m), None)
    if opd is None:  # a title line naming the office ("Dinas Pendidikan ... Kabupaten Bondowoso")
        opd = next((m.group(1).strip() for t in top_texts for m in [_OPD_NAME.match(t)] if m and m.group(1)), None)
    sasaran = next((t.split(":", 1)[1].strip() for t in top_texts if normalise(t).startswith("sasaran:")), None)
    tw_text = next((m.group(1) for t in [sheet_name, *top_texts] for m in [_TW.search(t)] if m), None)
    triwulan = None
    if tw_text:
        triwulan = int(tw_text) if tw_text.isdigit() else ("i", "ii", "iii", "iv").index(tw_text.lower()) + 1
    period = next((m for t in header_texts for m in [_PERIOD.search(normalise(t))] if m), None)
    if opd is None and fm.penanggung_jawab is not None and "opd" not in overrides:
        names = Counter(v for v in (imp._text_at(r.row, fm.penanggung_jawab) for r in imp.table.units()) if v)
        if names:
            opd = names.most_common(1)[0][0]
            imp.add(Severity.INFO, a1.cell(imp.table.units()[0].row, fm.penanggung_jawab),
                    f"Nama Perangkat Daerah tidak tertulis di judul formulir; diambil dari kolom penanggung jawab "
                    f"({opd!r}). Periksa identitas.opd.")
    last_quarter = 0
    for ind in imp.indicators.values():
        last_quarter = max(last_quarter, len(ind.triwulan))
    for a in imp.rp_rows.values():
        last_quarter = max(last_quarter, len(a.triwulan))
    if triwulan is None:
        triwulan = last_quarter or 1
        imp.add(Severity.INFO, where, f"Triwulan berjalan tidak tertulis; diambil triwulan terakhir yang berisi "
                f"realisasi: {TRIWULAN[triwulan - 1]}.")
    labels = {"tahun": "Tahun", "opd": "Nama Perangkat Daerah", "pemerintah_daerah": "Pemerintah daerah"}
    for key, value in (("tahun", tahun), ("opd", opd), ("pemerintah_daerah", pemda)):
        if value is None and key not in overrides:
            imp.add(Severity.WARNING, where, f"{labels[key]} tidak ditemukan di judul formulir; isi identitas.{key} di "
                    "berkas hasil impor (atau beri --" + key.replace("_", "-") + ").", rule="identitas-kurang")
    ident = rm.Identitas(pemerintah_daerah=pemda or "(belum diisi)", opd=opd or "(belum diisi)",
                         tahun=tahun or 2000, triwulan=triwulan, sasaran=sasaran,
                         sumber=f"Diimpor dari {imp.source} (sheet {sheet_name!r}) oleh lkjip-xl import")
    if period:
        ident.renstra_awal, ident.renstra_akhir = int(period.group(1)), int(period.group(2))
    _signatures(imp, ident)
    for key, value in overrides.items():
        if value is not None:
            setattr(ident, key, value)
    return ident


def _signatures(imp: _Importer, ident: rm.Identitas) -> None:
    """Place and date, and who signed, from the block under the table (placeholders of dots skipped)."""
    cells = imp.cells
    start = imp.table.end_row + 1
    lines: dict[int, list[tuple[int, str]]] = {}
    for r in range(start, cells.max_row + 1):
        for c in range(1, cells.max_col + 1):
            v = cells.value(r, c)
            if isinstance(v, str) and v.strip() and not _DOTS.search(v) and not TEXT_START.match(normalise(v)):
                lines.setdefault(c, []).append((r, v.strip()))
    for col, items in lines.items():
        texts = [t for _, t in items]
        nip = next((i for i, t in enumerate(texts) if normalise(t).startswith("nip")), None)
        if nip is None:
            continue
        place = next((t for t in texts if "," in t and re.search(r"\d{4}", t)), None)
        if place and ident.kota is None:
            kota, _, tanggal = place.partition(",")
            ident.kota, ident.tanggal = kota.strip(), re.sub(r"\s+", " ", tanggal).strip() or None
        jabatan = [t for t in texts[:nip] if t.isupper() and t != place and not normalise(t).startswith("nip")]
        nama = next((t for t in reversed(texts[:nip]) if not t.isupper()), None)
        who = rm.Penandatangan(jabatan=" ".join(jabatan[:3]) or None, nama=nama,
                               nip=texts[nip].split(".", 1)[-1].strip() if "." in texts[nip] else None)
        if ident.disusun is None:
            ident.disusun = who
        else:
            ident.dievaluasi = who


TEXT_START = re.compile(r"^(faktor|tindak lanjut|\*)")


# -- the entry point --------------------------------------------------------------------------------------
def import_renja(path: str | Path, *, sheet: str | None = None, overrides: dict[str, Any] | None = None,
                 audit: bool = True) -> ImportResult:
    """Read an office's Renja evaluation form; raise RenjaImportError when the file holds none."""
    path = Path(path)
    # only sheets whose top rows hold the form's header are read whole (find_header reads no further
    # than HEADER_SEARCH_ROWS and the few rows under the header)
    with open_workbook(path, screen=lambda top: find_header(top) is not None,
                       screen_rows=HEADER_SEARCH_ROWS + 10) as wb:
        found = []
        for info in wb.sheets:
            if sheet is not None and info.name != sheet:
                continue
            cells = wb.read(info.name)
            fm = recognise_renja_form(cells, wb.look)
            if fm is not None:
                found.append((cells, fm))
        if not found:
            where = f"sheet {sheet!r}" if sheet else "sheet mana pun"
            raise RenjaImportError(f"{path}: tidak ada formulir evaluasi Renja (Permendagri 86/2017) di {where}: judul "
                               "kolom \"Realisasi ... triwulan\" dengan sub-kolom K dan Rp tidak ditemukan")
        cells, fm = found[0]
        table = classify(cells, fm, wb.look)
    imp = _Importer(cells, fm, table, path.name)
    for c, text in fm.ignored:
        imp.add(Severity.INFO, a1.cell(fm.header_first, c), f"Kolom {a1.col_letter(c)} ({text!r}) bukan kolom formulir "
                "Permendagri 86/2017; tidak diimpor.")
    for note in fm.notes:
        imp.add(Severity.INFO, a1.cell(fm.header_first, fm.satuan or 1), note)
    if fm.rp_scale != 1:
        col = next(p.rp for p in fm.all_pairs() if p.rp and p.rp_scale != 1)
        imp.add(Severity.INFO, a1.cell(fm.header_last, col), f"Rp ditulis dalam ribuan (\"Rp (000)\"); dikalikan "
                f"{fm.rp_scale:,} menjadi Rupiah.".replace(",", "."))
    if len(found) > 1:
        imp.add(Severity.INFO, "", f"Ada {len(found)} sheet berformulir Renja; yang diimpor: {cells.name!r} "
                f"(pilih yang lain dengan --sheet).")
    programs = imp.programs()
    if imp.k_from_pct:
        imp.add(Severity.INFO, imp.k_from_pct[0], f"{len(imp.k_from_pct)} sel K triwulan dihitung dari kolom % "
                f"(misalnya {imp.k_from_pct[0]}); nilai K yang ditampilkan dipakai sebagai isian.")
    if imp.computed_k:
        rows = [r for r, _ in imp.computed_k]
        imp.add(Severity.INFO, imp.computed_k[0][1], f"Realisasi K triwulan indikator program/kegiatan di "
                f"{len(rows)} baris (baris {', '.join(map(str, rows[:12]))}{', ...' if len(rows) > 12 else ''}) "
                "dihitung formulir dari rincian di bawahnya (misalnya dari % sub-kegiatan); bukan isian, tidak "
                "diambil: capaian program/kegiatan itu dihitung dari rinciannya.")
    ident = _identitas(imp, cells.name, overrides or {})
    teks = rm.Teks()
    for key, (_, text) in table.texts.items():
        value = text.split(":", 1)[1].strip() if ":" in text else None
        setattr(teks, key, value or None)
    report = rm.RenjaReport(identitas=ident, program=programs, teks=None if teks == rm.Teks() else teks)
    stated = ident.triwulan
    later = [(row, len(x.triwulan), p) for rows, p in ((imp.indicators, "k"), (imp.rp_rows, "rp"))
             for row, x in rows.items() if len(x.triwulan) > stated]
    if later:  # realisasi after the stated triwulan berjalan: the form reports further than its title
        row, q, part = max(later, key=lambda t: t[1])
        pair = fm.triwulan[q - 1]
        ident.triwulan = q
        imp.add(Severity.WARNING, a1.cell(row, pair.k if part == "k" else pair.rp),
                f"Judul formulir menyebut triwulan {TRIWULAN[stated - 1]}, tetapi ada realisasi triwulan "
                f"{TRIWULAN[q - 1]} (misalnya {a1.cell(row, pair.k if part == 'k' else pair.rp)}); triwulan berjalan "
                f"ditulis {TRIWULAN[q - 1]}.", rule="triwulan-tidak-sesuai")
    result = ImportResult(report, imp.findings, fm, table, cells, imp.units, imp.indicators, imp.rp_rows)
    if audit:
        result.findings.extend(audit_form(result))
    result.findings = sort_findings(_dedupe(result.findings))
    return result


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.rule, f.cell, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
