"""isian-kurang: quarters up to the triwulan berjalan missing; none expected after it."""

from lkjip_xl.findings import Severity
from lkjip_xl.renja.layout import LAYOUT

from ..conftest import IN_PROGRESS
from .conftest import at, row_of

L = LAYOUT


def test_form_in_progress_gets_no_flood(planted):
    """Triwulan II: quarters III and IV are not expected, so the only note is the target 0."""
    found = at(planted(text=IN_PROGRESS), "isian-kurang")
    assert len(found) == 1 and "0: tingkat capaian tidak dihitung" in next(iter(found.values()))


def test_a_quarter_reported_but_empty(planted):
    def edit(ws, rows):
        ws[f"{L.triwulan[1].k}{row_of(rows, 'Tersedianya alat tulis kantor')}"] = None

    found = at(planted(edit, text=IN_PROGRESS), "isian-kurang")
    assert any(m.startswith("Realisasi triwulan II indikator \"Tersedianya alat tulis kantor\"") and
               "belum diisi (triwulan berjalan II)" in m for m in found.values())


def test_a_quarter_filled_before_its_time(planted):
    def edit(ws, rows):
        ws[f"{L.triwulan[2].rp}{row_of(rows, 'Pendidikan dan Pelatihan Formal')}"] = 5000000

    findings = planted(edit, text=IN_PROGRESS)
    note = [f for f in findings if f.rule == "isian-kurang" and f.severity is Severity.INFO]
    assert len(note) == 1 and note[0].cell.startswith(L.triwulan[2].rp)
    assert "sudah diisi (5.000.000) padahal triwulan berjalan II" in note[0].message


def test_pagu_missing(planted):
    def edit(ws, rows):
        ws[f"{L.target.rp}{row_of(rows, 'Pendidikan dan Pelatihan Formal')}"] = None

    assert any("Pagu tahun berjalan (kolom 7) kegiatan 1.01.02.01" in m and "belum diisi" in m
               for m in at(planted(edit), "isian-kurang").values())
