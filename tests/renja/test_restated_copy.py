"""A program listed twice (the old and the 2025 nomenclature, as Deli Serdang's form has "Program
Riset dan Inovasi Daerah" below "Program Penelitian dan Pengembangan Daerah" with the same Renstra
Rupiah and no pagu): the bidang total that leaves the copy out is right, and is not reported."""

from __future__ import annotations

from lkjip_xl.renja.importer import import_renja

from .forms import copy_form, pct_form


def _found(path):
    return {(f.rule, f.cell): f.message for f in import_renja(path).findings}


def test_a_restated_program_left_out_of_the_bidang_total_is_not_a_missing_row(tmp_path):
    copied = _found(copy_form(tmp_path / "copy.xlsx"))
    assert copied == _found(pct_form(tmp_path / "plain.xlsx"))  # the copy adds no finding at all
    assert ("rentang-salah", "F20") not in copied and ("nilai-berbeda", "F10") not in copied


def test_the_same_block_with_a_pagu_is_a_program_the_total_misses(tmp_path):
    found = _found(copy_form(tmp_path / "funded.xlsx", pagu=1000000))
    assert found[("rentang-salah", "F20")] == (
        "F20 =SUM(F21) tidak mencakup baris 25 (F25), yang termasuk rincian bidang 'KEUANGAN' (baris 20). "
        "Tertulis 325.000.000, seharusnya 650.000.000.")
    assert found[("nilai-berbeda", "F10")].startswith(
        "F10 (kolom 5 Rp) tertulis 1.175.000.000, sedangkan rinciannya memberi 1.500.000.000.")
