"""Figures the source document printed, compared with what the report's own inputs imply.

A report file keeps, under ``printed:``, every computed figure the document printed (a capaian, an
average, a total). :func:`check_printed` recomputes each of them from the inputs through
:mod:`lkjip_xl.calc` and :mod:`lkjip_xl.rules` and lists every disagreement, with the model path, the
YAML line, the printed and the computed value, and a message in Bahasa Indonesia.

The comparison rule (documents round for display and sometimes truncate):

- The number of decimals of a printed figure is the number it was written with: ``"97,89"`` has
  two, ``92`` none, ``"100,0"`` one (the loader keeps them: ``Decimal("100.0")``).
- A printed figure **agrees** when it equals the computed value rounded half away from zero (like
  Excel's ``ROUND``) to that many decimals. Nothing is reported.
- It equals the computed value **truncated** to that many decimals (but not rounded): an info-level
  note, kind ``dipotong`` (the seed's narrative does this: 166 for 166,67; 57,142 for 4/7).
- It equals, rounded or truncated, the **sum** of the percentages it should average (the seed's 377,
  469 and 847): an error, kind ``persentase-dijumlah`` ("persentase dijumlahkan").
- A capaian printed where the inputs give **0/0** (target 0 and realisasi 0, pagu 0 and realisasi
  0): an error, kind ``capaian-0-0``. A capaian printed over a zero target or pagu with a non-zero
  realisasi: an error, kind ``pembagi-nol``.
- A figure printed where the inputs give no value for another reason (an empty target, pagu or
  denominator, a grade against a number): a warning, kind ``tidak-terhitung``.
- A printed text that is not a number (``"####"``, a column too narrow): a warning, ``bukan-angka``.
- Anything else: an error, kind ``berbeda``. When an average row equals the mean of the figures the
  document printed on the rows it averages (which are themselves wrong), the message says so.

What is compared with what (``calc`` gives every computed figure):

- indicator rows (Rekap, both years): ``capaian`` with :func:`rules.capaian`; ``target`` and
  ``realisasi`` with the inputs (they are printed only when the document shows something else);
- kegiatan years: ``capaian_rp`` with the serapan; ``pagu``, ``realisasi_rp`` with the inputs;
- program years: ``pagu``, ``realisasi_rp`` (sums of the kegiatan), ``capaian_rp`` (their serapan);
  ``rata_rata.<year>.k/rp`` with the mean of the kegiatan capaian K / Rp;
- kelompok: ``rata_rata_kegiatan`` (mean of the program rata-rata rows), ``jumlah`` (sums of program
  pagu and realisasi, mean of program capaian K and Rp), ``total_rata_rata`` (the same means as
  ``jumlah``: the group has no other total-average row);
- the OPD rows: ``rata_rata_kegiatan`` (mean of the group rata-rata), ``jumlah`` (sums, serapan of
  the sums; the row has no capaian K), ``total_rata_rata`` (mean of the group ``jumlah`` rows);
- Pengukuran and Perjanjian Kinerja indicators: ``capaian``, ``target``, ``realisasi``;
- indikator_formula: ``hasil`` = pembilang / penyebut x 100; ``nilai_pembilang``/``nilai_penyebut``;
- data_umum ``jumlah_rt_rw``; SDM ``jumlah_<rincian>`` (sum of the rows), ``jumlah_pegawai``;
- Tabel 2.2: program ``pagu`` (sum of its kegiatan), ``printed_program_pagu.jumlah`` (sum of all);
- keuangan: ``total`` (BTL + BL), ``serapan``, ``saldo``, ``saldo_persen``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, localcontext
from pathlib import Path
from typing import Any, Iterable, Sequence

from lkjip_xl import calc
from lkjip_xl import model as m
from lkjip_xl.findings import Finding, Severity, counts
from lkjip_xl.display import format_number
from lkjip_xl.rules import Alasan, Capaian, average, capaian, round_half_up, serapan, total
from lkjip_xl.rules.numbers import exact_context

__all__ = [
    "KINDS",
    "check_printed",
    "check_printed_file",
    "finding_json",
    "format_printed",
    "agrees",
]

#: Each kind of disagreement and its severity.
KINDS: dict[str, Severity] = {
    "berbeda": Severity.ERROR,
    "persentase-dijumlah": Severity.ERROR,
    "capaian-0-0": Severity.ERROR,
    "pembagi-nol": Severity.ERROR,
    "tidak-terhitung": Severity.WARNING,
    "bukan-angka": Severity.WARNING,
    "dipotong": Severity.INFO,
}


def finding_json(f: Finding) -> dict[str, Any]:
    """A printed figure that the inputs do not give (or give only truncated), as ``check --printed
    --json`` shows it: ``kind`` the rule, ``path`` the figure's model path
    (``rekap.kelompok[0].program[3].printed.laporan.capaian_rp``), ``line`` the report file's line
    (of the printed mapping holding it), ``printed`` as written, ``computed`` to 4 decimals."""
    return {
        "severity": f.severity.value,
        "kind": f.rule,
        "path": f.cell,
        "line": f.line,
        "printed": _plain(f.found),
        "computed": _plain(f.expected, digits=4),
        "message": f.message,
    }


def _plain(value: Decimal | str | None, digits: int | None = None) -> str | None:
    """Exact text for JSON: printed figures as written; computed ones rounded to ``digits``."""
    if value is None or isinstance(value, str):
        return value
    if digits is not None and value != value.to_integral_value():
        value = round_half_up(value, digits).normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return format(value, "f")


# -- the comparison rule ----------------------------------------------------------------------------
def decimals(printed: Decimal) -> int:
    """How many decimals a printed figure was written with."""
    exp = printed.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def truncate(value: Decimal, digits: int) -> Decimal:
    with localcontext(exact_context()):
        return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_DOWN)


def agrees(printed: Decimal, computed: Decimal) -> bool:
    """The rule: the printed figure is the computed one rounded half-up to the printed decimals."""
    return round_half_up(computed, decimals(printed)) == printed


def _shows(printed: Decimal, value: Decimal) -> str | None:
    """'dibulatkan' or 'dipotong' when ``printed`` shows ``value`` so, else None."""
    d = decimals(printed)
    if round_half_up(value, d) == printed:
        return "dibulatkan"
    if truncate(value, d) == printed:
        return "dipotong"
    return None


def _num(value: Decimal, digits: int | None = None) -> str:
    if digits is None:
        digits = 0 if value == value.to_integral_value() else 2
    return format_number(value, digits)


def _computed_text(computed: Decimal, d: int) -> str:
    if computed == computed.to_integral_value():
        return _num(computed, 0)
    return _num(computed, max(d, 2))


@dataclass
class _Item:
    """One printed figure and everything needed to judge it."""

    path: str
    line: int | None
    what: str  # "Program 5001.01, 2020, capaian Rp"
    printed: Any
    computed: Decimal | None
    reason: str | None = None  # why computed is None
    zero: str | None = None  # "0/0" or "nol" when computed is None because of a zero divisor
    sums: Sequence[tuple[str, Sequence[Decimal | None]]] = ()  # percentages an average should not sum
    #: what the figure would be if computed from other *printed* figures (the rows it sums or averages):
    #: (description, value); named in the message when the printed figure shows one of them
    alternatives: Sequence[tuple[str, Decimal | None]] = ()


def _judge(item: _Item) -> Finding | None:
    p, c = item.printed, item.computed

    def found(kind: str, message: str) -> Finding:
        return Finding(KINDS[kind], kind, "", item.path, f"{item.what}: {message}", expected=c, found=p,
                       line=item.line)

    if isinstance(p, str):
        hint = " (kolom terlalu sempit saat dicetak)" if p.strip().startswith("#") else ""
        return found("bukan-angka", f"dokumen mencetak {p!r}, bukan angka{hint}.")
    if not isinstance(p, Decimal):
        return found("bukan-angka", f"dokumen mencetak {p!r}, bukan angka.")
    d = decimals(p)
    if c is None:
        if item.zero == "0/0":
            return found("capaian-0-0", f"dicetak {_num(p, d)} untuk 0/0; dari 0/0 tidak ada capaian yang "
                                        "dapat dihitung, jadi angka ini salah.")
        if item.zero == "nol":
            return found("pembagi-nol", f"dicetak {_num(p, d)}, padahal pembaginya 0 ({item.reason}); "
                                        "tidak ada capaian yang dapat dihitung.")
        why = f" ({item.reason})" if item.reason else ""
        return found("tidak-terhitung", f"dicetak {_num(p, d)}, tetapi isiannya tidak cukup untuk menghitung "
                                        f"angka ini{why}.")
    how = _shows(p, c)
    if how == "dibulatkan":
        return None
    if how == "dipotong":
        return found("dipotong", f"dicetak {_num(p, d)}: hasil perhitungan {_computed_text(c, d + 1)} dipotong "
                                 f"(bukan dibulatkan, yang memberi {_num(round_half_up(c, d), d)}).")
    for label, parts in item.sums:
        present = [v for v in parts if v is not None]
        if len(present) < 2:
            continue
        with localcontext(exact_context()):
            s = sum(present, Decimal(0))
        if _shows(p, s):
            terms = " + ".join(_num(v, 2) for v in present)
            return found("persentase-dijumlah",
                         f"dicetak {_num(p, d)} = jumlah {label} ({terms} = {_num(s, 2)}): persentase "
                         f"dijumlahkan, seharusnya dirata-rata ({_computed_text(c, d)}).")
    message = f"dicetak {_num(p, d)}, hasil perhitungan dari isian {_computed_text(c, d)}"
    if d or c != c.to_integral_value():
        message += f" (dibulatkan {_num(round_half_up(c, d), d)})"
    message += "."
    for description, value in item.alternatives:
        how = _shows(p, value) if value is not None else None
        if how:
            exact = value == value.to_integral_value()
            shown = _num(value, 0 if exact else 4)
            detail = "" if value == p else f" = {shown}, {how}"
            message += f" Angka ini sama dengan {description}{detail}."
            break
    return found("berbeda", message)


def _shown(values: Sequence[Decimal]) -> str:
    return " ; ".join(_num(v, decimals(v)) for v in values)


def _alt_mean(what: str, values: Sequence[Any]) -> list[tuple[str, Decimal | None]]:
    """The mean of the printed figures of the rows averaged (all of them printed, at least two)."""
    if len(values) < 2 or not all(isinstance(v, Decimal) for v in values):
        return []
    return [(f"rata-rata angka yang dicetak pada {what} ({_shown(values)})", average(values))]


def _alt_sum(what: str, values: Sequence[Any]) -> list[tuple[str, Decimal | None]]:
    """The sum of the printed figures of the rows summed (all of them printed, at least one)."""
    if not values or not all(isinstance(v, Decimal) for v in values):
        return []
    return [(f"jumlah angka yang dicetak pada {what} ({_shown(values)})", total(values))]


def _alt_ratio(what: str, realisasi: Any, pagu: Any) -> list[tuple[str, Decimal | None]]:
    """The serapan of the printed realisasi and pagu of the same row."""
    if not isinstance(realisasi, Decimal) or not isinstance(pagu, Decimal):
        return []
    return [(f"realisasi Rp / pagu yang dicetak pada {what}", serapan(realisasi, pagu).nilai)]


# -- walking the report -----------------------------------------------------------------------------
def _capaian_zero(c: Capaian, numerator: Any) -> str | None:
    if c.kode in (Alasan.TARGET_NOL, Alasan.PAGU_NOL):
        return "0/0" if isinstance(numerator, Decimal) and numerator == 0 else "nol"
    return None


def _label(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3].rstrip() + "..."


class _Walker:
    def __init__(self, report: m.Report, locations: dict[int, tuple[int, str]] | None) -> None:
        self.report = report
        self.loc = locations or {}
        self.items: list[_Item] = []
        self.fig = calc.compute_rekap(report.rekap)
        ident = report.identitas
        self.tahun = {"dasar": str(ident.tahun_dasar), "laporan": str(ident.tahun_laporan)}

    def line(self, *objs: object) -> int | None:
        for obj in objs:
            if obj is not None and id(obj) in self.loc:
                return self.loc[id(obj)][0]
        return None

    def add(self, printed_dict: dict, owner: object, path: str, key: str, what: str, computed: Decimal | None,
            **kw: Any) -> None:
        if key not in printed_dict:
            return
        self.items.append(_Item(f"{path}.{key}", self.line(printed_dict, owner), what, printed_dict[key],
                                computed, **kw))

    # measures printed beside the inputs (target / realisasi printed as something else)
    def measure(self, pd: dict, owner: object, path: str, key: str, what: str, value: m.Measure) -> None:
        if key not in pd:
            return
        if isinstance(value, Decimal) or value is None:
            self.add(pd, owner, path, key, what, value, reason=f"{key} tidak diisi")
        else:
            printed = pd[key]
            if isinstance(printed, str) and printed.strip().upper() == str(value).upper():
                return
            self.add(pd, owner, path, key, what, None, reason=f"isian {key} {value} bukan angka")

    def walk(self) -> list[_Item]:
        r = self.report
        if r.data_umum is not None:
            self.data_umum(r.data_umum)
        for name in ("perjanjian_kinerja", "pengukuran"):
            for si, sasaran in enumerate(getattr(r, name)):
                for ii, ind in enumerate(sasaran.indikator):
                    self.sasaran(ind, f"{name}[{si}].indikator[{ii}]", name)
        for fi, f in enumerate(r.indikator_formula):
            self.formula(f, f"indikator_formula[{fi}]")
        self.program_pagu()
        self.rekap()
        if r.keuangan is not None:
            self.keuangan(r.keuangan)
        return self.items

    def data_umum(self, du: m.DataUmum) -> None:
        if du.printed:
            rows = [k.jumlah_rt_rw for k in du.kelurahan]
            computed = calc.kelurahan_total(du) if any(v is not None for v in rows) else None
            self.add(du.printed, du, "data_umum.printed", "jumlah_rt_rw", "Tabel 1.1, jumlah RT dan RW",
                     computed, reason="tidak ada isian jumlah RT/RW kelurahan")
        sdm = du.sdm
        if sdm is None or not sdm.printed:
            return
        totals = calc.sdm_totals(sdm)
        for name, rows in sdm.breakdowns().items():
            present = any(row.jumlah is not None for row in rows)
            self.add(sdm.printed, sdm, "data_umum.sdm.printed", f"jumlah_{name}",
                     f"Tabel 1.3, jumlah pegawai menurut {name}", totals[name] if present else None,
                     reason=f"tidak ada isian jumlah menurut {name}")
        value = Decimal(sdm.jumlah_pegawai) if sdm.jumlah_pegawai is not None else None
        self.add(sdm.printed, sdm, "data_umum.sdm.printed", "jumlah_pegawai", "Jumlah pegawai", value,
                 reason="jumlah_pegawai tidak diisi")

    def sasaran(self, ind: m.IndikatorSasaran, path: str, table: str) -> None:
        if not ind.printed:
            return
        tabel = "Tabel 2.1" if table == "perjanjian_kinerja" else "Tabel 3.1"
        what = f"{tabel}, indikator {ind.kode}"
        c = calc.sasaran_capaian(ind)
        self.add(ind.printed, ind, f"{path}.printed", "capaian", f"{what}, capaian", c.nilai, reason=c.alasan,
                 zero=_capaian_zero(c, ind.realisasi))
        for key in ("target", "realisasi"):
            self.measure(ind.printed, ind, f"{path}.printed", key, f"{what}, {key}", getattr(ind, key))

    def formula(self, f: m.IndikatorFormula, path: str) -> None:
        if not f.printed:
            return
        what = f"Formula indikator '{_label(f.uraian)}'"
        c = calc.formula_hasil(f)
        reason = c.alasan
        if c.kode is Alasan.TARGET_KOSONG and f.penyebut is None:
            reason = "formula tanpa penyebut, jadi bukan pecahan; hasilnya tidak dihitung"
        elif c.kode is Alasan.TARGET_KOSONG:
            reason = "nilai penyebut tidak diisi"
        elif c.kode is Alasan.REALISASI_KOSONG:
            reason = "nilai pembilang tidak diisi"
        zero = _capaian_zero(c, f.nilai_pembilang)
        if zero == "nol":
            reason = "penyebut 0"
        self.add(f.printed, f, f"{path}.printed", "hasil", f"{what}, hasil", c.nilai, reason=reason, zero=zero)
        for key in ("nilai_pembilang", "nilai_penyebut"):
            self.measure(f.printed, f, f"{path}.printed", key, f"{what}, {key.replace('_', ' ')}", getattr(f, key))

    def program_pagu(self) -> None:
        r = self.report
        for pi, row in enumerate(r.program_pagu):
            if not row.printed:
                continue
            present = any(k.pagu is not None for k in row.kegiatan)
            computed = total(k.pagu for k in row.kegiatan) if present else None
            name = f"program {row.kode}" if row.kode else f"'{_label(row.program)}'"
            self.add(row.printed, row, f"program_pagu[{pi}].printed", "pagu", f"Tabel 2.2, pagu {name}", computed,
                     reason="tidak ada pagu kegiatan")
        if r.printed_program_pagu:
            pagus = [k.pagu for row in r.program_pagu for k in row.kegiatan]
            computed = total(pagus) if any(v is not None for v in pagus) else None
            self.add(r.printed_program_pagu, r, "printed_program_pagu", "jumlah", "Tabel 2.2, jumlah pagu",
                     computed, reason="tidak ada pagu kegiatan")

    def keuangan(self, k: m.Keuangan) -> None:
        if not k.printed:
            return
        f = calc.keuangan_figures(k)
        path = "keuangan.printed"
        self.add(k.printed, k, path, "total", "Anggaran, total (BTL + BL)", f.total, reason="BTL dan BL kosong")
        self.add(k.printed, k, path, "serapan", "Anggaran, serapan (%)", f.serapan.nilai, reason=f.serapan.alasan,
                 zero=_capaian_zero(f.serapan, k.realisasi))
        self.add(k.printed, k, path, "saldo", "Anggaran, saldo", f.saldo, reason="total anggaran atau realisasi kosong")
        self.add(k.printed, k, path, "saldo_persen", "Anggaran, saldo (%)", f.saldo_persen.nilai,
                 reason=f.saldo_persen.alasan, zero=_capaian_zero(f.saldo_persen, f.saldo))

    # -- the Rekap --------------------------------------------------------------------------------------
    def indikator(self, ind: m.Indikator, path: str, owner: str) -> None:
        for year in m.YEARS:
            block = ind.tahun(year)
            if block is None or not block.printed:
                continue
            what = f"Indikator '{_label(ind.uraian)}' ({owner}), {self.tahun[year]}"
            c = capaian(block.target, block.realisasi, ind.metode)
            bpath = f"{path}.{year}.printed"
            self.add(block.printed, block, bpath, "capaian", f"{what}, capaian", c.nilai, reason=c.alasan,
                     zero=_capaian_zero(c, block.realisasi))
            for key in ("target", "realisasi"):
                self.measure(block.printed, block, bpath, key, f"{what}, {key}", getattr(block, key))

    def kegiatan(self, keg: m.Kegiatan, path: str) -> None:
        for year in m.YEARS:
            block = keg.tahun(year)
            if block is None or not block.printed:
                continue
            what = f"Kegiatan {keg.kode}, {self.tahun[year]}"
            rp = serapan(block.realisasi_rp, block.pagu)
            bpath = f"{path}.{year}.printed"
            self.add(block.printed, block, bpath, "capaian_rp", f"{what}, capaian Rp", rp.nilai, reason=rp.alasan,
                     zero=_capaian_zero(rp, block.realisasi_rp))
            self.add(block.printed, block, bpath, "pagu", f"{what}, pagu", block.pagu, reason="pagu tidak diisi")
            self.add(block.printed, block, bpath, "realisasi_rp", f"{what}, realisasi Rp", block.realisasi_rp,
                     reason="realisasi Rp tidak diisi")

    def _rp_reason(self, fig: calc.Figures, parts: Iterable[calc.Figures]) -> tuple[str | None, str | None]:
        """Why an aggregate serapan is missing, and whether it is a zero divisor."""
        parts = list(parts)
        if not any(f.pagu is not None for f in parts):
            return "tidak ada pagu yang diisi", None
        if fig.pagu == 0:
            return "jumlah pagu 0", ("0/0" if fig.realisasi_rp == 0 else "nol")
        return fig.alasan_rp, None

    def rekap(self) -> None:
        rekap = self.report.rekap
        for ki, kel in enumerate(rekap.kelompok):
            kbase = f"rekap.kelompok[{ki}]"
            for pi, prog in enumerate(kel.program):
                base = f"{kbase}.program[{pi}]"
                for ii, ind in enumerate(prog.indikator):
                    self.indikator(ind, f"{base}.indikator[{ii}]", f"program {prog.kode}")
                for gi, keg in enumerate(prog.kegiatan):
                    self.kegiatan(keg, f"{base}.kegiatan[{gi}]")
                    for ii, ind in enumerate(keg.indikator):
                        self.indikator(ind, f"{base}.kegiatan[{gi}].indikator[{ii}]", f"kegiatan {keg.kode}")
                self.program(prog, base)
            self.kelompok(kel, kbase)
        self.opd()

    def program(self, prog: m.Program, base: str) -> None:
        fig = self.fig
        for year in m.YEARS:
            pd = prog.printed.get(year)
            if not isinstance(pd, dict) or not pd:
                continue
            f = fig.program[prog][year]
            keg = [fig.kegiatan[k][year] for k in prog.kegiatan]
            what = f"Program {prog.kode}, {self.tahun[year]}"
            path = f"{base}.printed.{year}"
            self.add(pd, prog, path, "pagu", f"{what}, pagu (jumlah kegiatan)", f.pagu if keg else None,
                     reason="program tanpa kegiatan")
            self.add(pd, prog, path, "realisasi_rp", f"{what}, realisasi Rp (jumlah kegiatan)",
                     f.realisasi_rp if keg else None, reason="program tanpa kegiatan")
            reason, zero = self._rp_reason(f, keg)
            self.add(pd, prog, path, "capaian_rp", f"{what}, capaian Rp", f.capaian_rp, reason=reason, zero=zero,
                     sums=[("capaian Rp kegiatannya", [k.capaian_rp for k in keg])],
                     alternatives=_alt_ratio("baris program ini", pd.get("realisasi_rp"), pd.get("pagu")))
        rr = prog.printed.get("rata_rata")
        if not isinstance(rr, dict):
            return
        for year in m.YEARS:
            pd = rr.get(year)
            if not isinstance(pd, dict) or not pd:
                continue
            f = fig.program_rata_rata[prog][year]
            keg = [fig.kegiatan[k][year] for k in prog.kegiatan]
            what = f"Rata-rata capaian kinerja kegiatan program {prog.kode}, {self.tahun[year]}"
            path = f"{base}.printed.rata_rata.{year}"
            self.add(pd, prog, path, "k", f"{what}, K", f.capaian_k, reason="tidak ada kegiatan dengan capaian K",
                     sums=[("capaian K kegiatannya", [k.capaian_k for k in keg])])
            self.add(pd, prog, path, "rp", f"{what}, Rp", f.capaian_rp, reason="tidak ada kegiatan dengan capaian Rp",
                     sums=[("capaian Rp kegiatannya", [k.capaian_rp for k in keg])])

    def kelompok(self, kel: m.Kelompok, base: str) -> None:
        fig = self.fig
        pr = kel.printed
        for year in m.YEARS:
            t = self.tahun[year]
            progs = [fig.program[p][year] for p in kel.program]
            prr = [fig.program_rata_rata[p][year] for p in kel.program]
            printed_rr = [_get(p.printed, "rata_rata", year) for p in kel.program]
            pd = _get(pr, "rata_rata_kegiatan", year)
            if pd:
                f = fig.kelompok_rata_rata[kel][year]
                what = f"Kelompok {kel.nama}, rata-rata capaian kinerja kegiatan {t}"
                path = f"{base}.printed.rata_rata_kegiatan.{year}"
                for key, attr, label in (("k", "capaian_k", "K"), ("rp", "capaian_rp", "Rp")):
                    self.add(pd, kel, path, key, f"{what}, {label}", getattr(f, attr),
                             reason="tidak ada program dengan rata-rata",
                             sums=[("rata-rata program", [getattr(x, attr) for x in prr])],
                             alternatives=_alt_mean("baris rata-rata program", [d.get(key) for d in printed_rr]))
            for row in ("jumlah", "total_rata_rata"):
                pd = _get(pr, row, year)
                if not pd:
                    continue
                f = fig.kelompok_jumlah[kel][year]
                label_row = "jumlah & rata-rata capaian kinerja program" if row == "jumlah" else "total rata-rata"
                what = f"Kelompok {kel.nama}, {label_row} {t}"
                path = f"{base}.printed.{row}.{year}"
                # the printed figures of the program rows summed / averaged: every program with a
                # figure of its own must have one printed, or no alternative is offered
                printed_rows = [(x, _get(p.printed, year)) for p, x in zip(kel.program, progs)]
                for key, label in (("pagu", "pagu"), ("realisasi_rp", "realisasi Rp")):
                    parts = [d.get(key) for x, d in printed_rows if getattr(x, key) or d.get(key) is not None]
                    self.add(pd, kel, path, key, f"{what}, {label}", getattr(f, key) if progs else None,
                             reason="tanpa program", alternatives=_alt_sum("baris program", parts))
                self.add(pd, kel, path, "k", f"{what}, capaian K", f.capaian_k,
                         reason="tidak ada program dengan capaian K",
                         sums=[("capaian K program", [x.capaian_k for x in progs])])
                parts = [d.get("capaian_rp") for x, d in printed_rows
                         if x.capaian_rp is not None or d.get("capaian_rp") is not None]
                self.add(pd, kel, path, "rp", f"{what}, capaian Rp", f.capaian_rp,
                         reason="tidak ada program dengan capaian Rp",
                         sums=[("capaian Rp program", [x.capaian_rp for x in progs])],
                         alternatives=_alt_mean("baris program", parts))

    def opd(self) -> None:
        rekap, fig = self.report.rekap, self.fig
        pr = rekap.printed
        kels = rekap.kelompok
        for year in m.YEARS:
            t = self.tahun[year]
            pd = _get(pr, "rata_rata_kegiatan", year)
            if pd:
                f = fig.opd_rata_rata[year]
                parts = [fig.kelompok_rata_rata[k][year] for k in kels]
                programs = [fig.program_rata_rata[p][year] for _, p in rekap.programs()]
                printed_parts = [_get(k.printed, "rata_rata_kegiatan", year) for k in kels]
                what = f"OPD, rata-rata capaian kinerja kegiatan {t}"
                path = f"rekap.printed.rata_rata_kegiatan.{year}"
                for key, attr, label in (("k", "capaian_k", "K"), ("rp", "capaian_rp", "Rp")):
                    self.add(pd, rekap, path, key, f"{what}, {label}", getattr(f, attr),
                             reason="tidak ada kelompok dengan rata-rata",
                             sums=[("rata-rata kelompok", [getattr(x, attr) for x in parts]),
                                   ("rata-rata seluruh program", [getattr(x, attr) for x in programs])],
                             alternatives=_alt_mean("baris rata-rata kelompok", [d.get(key) for d in printed_parts]))
            pd = _get(pr, "jumlah", year)
            if pd:
                f = fig.opd_jumlah[year]
                groups = [fig.kelompok_jumlah[k][year] for k in kels]
                programs = [fig.program[p][year] for _, p in rekap.programs()]
                what = f"OPD, jumlah anggaran dan realisasi seluruh program {t}"
                path = f"rekap.printed.jumlah.{year}"
                rows = [_get(k.printed, "jumlah", year) for k in kels]
                for key, label in (("pagu", "pagu"), ("realisasi_rp", "realisasi Rp")):
                    self.add(pd, rekap, path, key, f"{what}, {label}", getattr(f, key) if groups else None,
                             reason="tanpa kelompok",
                             alternatives=_alt_sum("baris jumlah kelompok", [d.get(key) for d in rows]))
                self.add(pd, rekap, path, "k", f"{what}, capaian K", None,
                         reason="baris jumlah OPD tidak memuat capaian K; lihat baris total rata-rata")
                reason, zero = self._rp_reason(f, programs)
                self.add(pd, rekap, path, "rp", f"{what}, capaian Rp", f.capaian_rp, reason=reason, zero=zero,
                         sums=[("capaian Rp seluruh program", [x.capaian_rp for x in programs]),
                               ("capaian Rp kelompok", [x.capaian_rp for x in groups])],
                         alternatives=_alt_ratio("baris ini", pd.get("realisasi_rp"), pd.get("pagu")))
            pd = _get(pr, "total_rata_rata", year)
            if pd:
                f = fig.opd_total_rata_rata[year]
                groups = [fig.kelompok_jumlah[k][year] for k in kels]
                programs = [fig.program[p][year] for _, p in rekap.programs()]
                printed_parts = [_get(k.printed, "jumlah", year) for k in kels]
                what = f"OPD, total rata-rata kinerja dan anggaran {t}"
                path = f"rekap.printed.total_rata_rata.{year}"
                for key, attr, label in (("k", "capaian_k", "K"), ("rp", "capaian_rp", "Rp")):
                    self.add(pd, rekap, path, key, f"{what}, {label}", getattr(f, attr),
                             reason="tidak ada kelompok dengan capaian",
                             sums=[("capaian kelompok", [getattr(x, attr) for x in groups]),
                                   ("capaian seluruh program", [getattr(x, attr) for x in programs])],
                             alternatives=_alt_mean("baris jumlah kelompok", [d.get(key) for d in printed_parts]))
                for key in ("pagu", "realisasi_rp"):
                    self.add(pd, rekap, path, key, f"{what}, {key.replace('_', ' ')}", getattr(fig.opd_jumlah[year], key))


def _get(d: Any, *keys: str) -> dict:
    for key in keys:
        if not isinstance(d, dict):
            return {}
        d = d.get(key)
    return d if isinstance(d, dict) else {}


def check_printed(report: m.Report, locations: dict[int, tuple[int, str]] | None = None) -> list[Finding]:
    """Every printed figure of ``report`` that its inputs do not give, in the order of the file:
    the rule in ``rule``, the figure's model path in ``cell``, the printed figure in ``found``, what
    the inputs give in ``expected``.

    ``locations`` (from ``load_report(path, locations=...)``) gives each finding its line.
    """
    items = _Walker(report, locations).walk()
    out = [f for f in (_judge(i) for i in items) if f is not None]
    # Stable: by line where known (the walk follows the usual order of a report file otherwise).
    return sorted(out, key=lambda f: (f.line is None, f.line or 0))


def check_printed_file(path: str | Path) -> list[Finding]:
    """Load a report file and compare its printed figures (findings carry their line)."""
    from lkjip_xl.loader import load_report

    locations: dict[int, tuple[int, str]] = {}
    report = load_report(path, locations=locations)
    return check_printed(report, locations)


def format_printed(findings: list[Finding], source: str) -> str:
    """A table for people (Bahasa Indonesia)."""
    n = counts(findings)
    head = (f"{source}: {len(findings)} angka tercetak tidak sesuai isian: {n[Severity.ERROR]} kesalahan, "
            f"{n[Severity.WARNING]} peringatan, {n[Severity.INFO]} catatan")
    if not findings:
        return head + "\nSemua angka tercetak sesuai dengan isian."
    lines = [head, f"{'tingkat':<10} {'baris':>5}  {'jenis':<22} {'tercetak':>16} {'dihitung':>18}  pesan"]
    for f in findings:
        printed = f.found if isinstance(f.found, str) else _num(f.found, decimals(f.found))
        computed = "-" if f.expected is None else _computed_text(f.expected, 2)
        line = str(f.line) if f.line else "-"
        lines.append(f"{f.severity.value:<10} {line:>5}  {f.rule:<22} {printed:>16} {computed:>18}  {f.message}")
        lines.append(f"{'':<10} {'':>5}  {f.cell}")
    return "\n".join(lines)
