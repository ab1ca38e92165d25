"""The Walantaka 2020 example holds the seed's tables, and its Rupiah add up exactly."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lkjip_xl import calc
from lkjip_xl.rules import total

# Every kegiatan kode printed in the seed's Rekapitulasi table, in order, without "5001.500105."
# (taken from the seed text with grep; the same kode may stand under two programs).
SEED_KEGIATAN = """01.001 01.002 01.003 01.010 01.004 01.011 01.012 01.013 02.001 02.002 03.001 03.002 03.003 03.004 03.005 04.043 04.044 04.045 04.046 04.047 04.048 04.049 04.050 04.051 04.052 04.053 04.054 04.055 04.056 11.001 11.002 11.003 11.004 11.005 12.001 12.002 12.003 12.004 12.005 12.006 12.007 13.043 13.044 13.045 13.046 13.047 13.048 13.049 13.050 13.051 13.052 13.053 13.054 13.055 13.056 14.043 14.044 14.045 14.046 14.047 14.048 14.049 14.050 14.051 14.052 14.053 14.054 14.055 14.056 15.043 15.044 15.045 14.046 15.047 15.048 15.049 15.050 15.051 15.052 15.053 15.054 15.055 15.056 15.043 15.044 15.045 14.046 15.047 15.048 15.049 15.050 15.051 15.052 15.053 15.054 15.055 15.056 """.split()

PROGRAMS = ["5001.01", "5001.02", "5001.03", "5001.04", "5001.11", "5001.12", "5001.13", "5001.14",
            "5001.15", "5001.16"]

# Tabel 2.2, Program dan Pagu Anggaran 2020: printed program pagu.
TABEL_2_2 = {
    "5001.04": 2872149185, "5001.01": 1051756000, "5001.02": 14690000, "5001.03": 50310000,
    "5001.11": 401139664, "5001.12": 252715000, "5001.13": 4491690000, "5001.14": 958012000,
    "5001.15": 4415489312, "5001.16": 4705587475,
}


def test_ten_programs_in_two_groups(walantaka):
    assert [k.nama for k in walantaka.rekap.kelompok] == ["NON URUSAN", "URUSAN KEWILAYAHAN"]
    assert [p.kode for _, p in walantaka.rekap.programs()] == PROGRAMS


def test_every_kegiatan_kode_of_the_rekap_in_order(walantaka):
    kodes = [k.kode.removeprefix("5001.500105.") for _, k in walantaka.rekap.kegiatan()]
    assert len(SEED_KEGIATAN) == 97
    assert kodes == SEED_KEGIATAN


def test_indicator_rows_both_years(walantaka):
    rows = [i for _, p in walantaka.rekap.programs() for i in p.indikator]
    rows += [i for _, k in walantaka.rekap.kegiatan() for i in k.indikator]
    assert len(rows) == 195
    assert sum(1 for i in rows if i.dasar is not None) == 146
    assert sum(1 for i in rows if i.laporan is not None) == 189


def test_tabel_2_2_program_pagu_and_bl_total(walantaka):
    printed = {row.kode: row.printed["pagu"] for row in walantaka.program_pagu}
    assert printed == {k: Decimal(v) for k, v in TABEL_2_2.items()}
    assert total(printed.values()) == Decimal("19213538636")
    assert walantaka.keuangan.bl == Decimal("19213538636")


def test_tabel_2_2_program_pagu_is_the_sum_of_its_kegiatan(walantaka):
    for row in walantaka.program_pagu:
        assert total(k.pagu for k in row.kegiatan) == row.printed["pagu"], row.program


def test_rekap_program_pagu_is_the_sum_of_its_kegiatan_where_the_seed_says_so(walantaka):
    """The seed's printed program pagu/realisasi equal the sums of its kegiatan, except where the
    seed itself omits a kegiatan's amounts (5001.01 in 2020: kegiatan 01.002 has no pagu in the Rekap,
    346.650.000 in Tabel 2.2; see examples/walantaka_2020_notes.md)."""
    rekap = calc.compute_rekap(walantaka.rekap)
    mismatches = []
    for _, program in walantaka.rekap.programs():
        for year in ("dasar", "laporan"):
            printed = program.printed.get(year, {})
            fig = rekap.program[program][year]
            for key, computed in (("pagu", fig.pagu), ("realisasi_rp", fig.realisasi_rp)):
                if key in printed and printed[key] != computed:
                    mismatches.append((program.kode, year, key, printed[key] - computed))
    assert mismatches == [
        ("5001.01", "laporan", "pagu", Decimal("346650000")),
        ("5001.01", "laporan", "realisasi_rp", Decimal("326216000")),
    ]


def test_seed_inconsistencies_are_kept_not_corrected(walantaka):
    sdm = walantaka.data_umum.sdm
    assert sum(r.jumlah or 0 for r in sdm.eselon) == 70
    assert sdm.printed["jumlah_eselon"] == 69 and sdm.jumlah_pegawai == 69
    pk = {i.kode: i for s in walantaka.perjanjian_kinerja for i in s.indikator}
    pengukuran = {i.kode: i for s in walantaka.pengukuran for i in s.indikator}
    assert (pk["IKU-3"].target, pengukuran["IKU-3"].target) == (48, 46)


def test_keuangan_section_3_3(walantaka):
    k = calc.keuangan_figures(walantaka.keuangan)
    assert k.total == Decimal("28846929951") == walantaka.keuangan.printed["total"]
    assert k.saldo == Decimal("1067941605")


def _all_kegiatan_amounts(report, year, key):
    return [getattr(k.tahun(year), key) for _, k in report.rekap.kegiatan() if k.tahun(year) is not None]


@settings(max_examples=50, deadline=None)
@given(year=st.sampled_from(["dasar", "laporan"]), key=st.sampled_from(["pagu", "realisasi_rp"]),
       data=st.data())
def test_rp_totals_equal_the_sum_of_their_parts_exactly(walantaka, year, key, data):
    """Whatever way the kegiatan are split into parts, the parts' totals add up to the whole, exactly."""
    amounts = [a for a in _all_kegiatan_amounts(walantaka, year, key) if a is not None]
    order = data.draw(st.permutations(amounts))
    cut = data.draw(st.integers(0, len(order)))
    assert total(order[:cut]) + total(order[cut:]) == total(amounts)
    rekap = calc.compute_rekap(walantaka.rekap)
    opd = getattr(rekap.opd_jumlah[year], key)
    groups = [getattr(rekap.kelompok_jumlah[g][year], key) for g in walantaka.rekap.kelompok]
    assert opd == total(groups) == total(amounts)
