"""`lkjip-xl import` of an office's own Renja form: both layouts (with kode; without kode and with a %
per triwulan), inputs from leaf rows only, the original's contradictions at its cells, and the
round trip import -> build -> export."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from lkjip_xl.cli import main
from lkjip_xl.engine.default import default_engine
from lkjip_xl.findings import Severity
from lkjip_xl.renja.export import read_renja_workbook
from lkjip_xl.renja.importer import import_renja
from lkjip_xl.errors import RenjaImportError
from lkjip_xl.renja.layout import LAYOUT, SHEET, RowKind
from lkjip_xl.renja.loader import load_renja
from lkjip_xl.renja.plan import plan_rows
from lkjip_xl.renja.writer import write_renja_workbook

from .forms import kode_form, leaf_rp_sum, pct_form

L = LAYOUT


@pytest.fixture(scope="module")
def kode_xlsx(tmp_path_factory):
    return kode_form(tmp_path_factory.mktemp("kode") / "evaluasi_tw2.xlsx")


@pytest.fixture(scope="module")
def pct_xlsx(tmp_path_factory):
    return pct_form(tmp_path_factory.mktemp("pct") / "realisasi_tw4.xlsx")


def by_cell(findings):
    return {(f.rule, f.cell): f.message for f in findings}


# -- the layout with kode, Rp in thousands ------------------------------------------------------------
def test_kode_layout_structure_and_units(kode_xlsx):
    res = import_renja(kode_xlsx)
    r = res.report
    assert r.identitas.opd == "Dinas Kesehatan" and r.identitas.pemerintah_daerah == "Kabupaten Contoh"
    assert (r.identitas.tahun, r.identitas.triwulan) == (2019, 2)
    assert (r.identitas.renstra_awal, r.identitas.renstra_akhir) == (2019, 2023)
    assert [p.kode for p in r.program] == ["1.02.01", "1.02.02"]
    assert all(p.bidang == "Kesehatan" for p in r.program)
    keg = r.program[0].kegiatan
    assert [k.kode for k in keg] == ["1.02.01.01", "1.02.01.02"]
    # Rp (000) scaled to Rupiah; "=2500*4" read as its value (and reported)
    assert keg[0].anggaran.pagu == Decimal(500000) and keg[0].anggaran.triwulan == [Decimal(120000), Decimal(125000)]
    assert keg[1].anggaran.target_renstra == Decimal(10000000)
    # the indicator-only row is the kegiatan's second indicator; a % indicator's year is its last quarter
    assert [i.uraian for i in keg[1].indikator] == ["Jumlah posyandu aktif", "Persentase posyandu purnama"]
    assert keg[1].indikator[1].realisasi_tahunan.value == "terakhir"
    # the program's outcome indicator: targets typed on its row are taken, its totals never
    assert r.program[0].indikator[0].target == Decimal(80) and r.program[0].indikator[0].triwulan == []
    assert r.teks.faktor_pendorong == "kader posyandu aktif." and r.teks.tindak_lanjut_renja is None
    assert r.identitas.disusun.nama == "dr. Sehat Selalu" and r.identitas.kota == "Contoh"


def test_kode_layout_contradictions_at_the_original_cells(kode_xlsx):
    found = by_cell(import_renja(kode_xlsx).findings)
    assert found[("rentang-salah", "U11")] == (
        "U11 =SUM(U12:U12) tidak mencakup baris 13 (U13), yang termasuk rincian program 'Program Pelayanan "
        "Kesehatan' (baris 11). Tertulis 245, seharusnya 1.245.")
    assert found[("persentase-dijumlah", "T14")].startswith("T14 =L14+N14+P14+R14 menjumlahkan triwulan indikator "
                                                           "bersatuan '%'")
    assert "Tertulis 85, seharusnya 45." in found[("persentase-dijumlah", "T14")]
    assert found[("angka-dalam-rumus", "G13")].startswith("Rp kolom 5 Rp baris 13 berisi rumus dengan angka ketikan "
                                                         "=2500*4 (= 10.000)")
    assert found[("nilai-berbeda", "V14")].startswith("V14 (kolom 13 K) tertulis 141,67, sedangkan isian barisnya "
                                                      "memberi 75.")


# -- the layout without kode, with a % per triwulan ------------------------------------------------------
def test_pct_layout_levels_and_inputs(pct_xlsx):
    res = import_renja(pct_xlsx)
    r = res.report
    assert (r.identitas.tahun, r.identitas.triwulan) == (2025, 4)
    assert [(p.urusan, p.bidang, p.nama) for p in r.program] == [
        ("UNSUR PENUNJANG URUSAN PEMERINTAHAN", "PERENCANAAN", "Program Perencanaan Pembangunan Daerah"),
        ("UNSUR PENUNJANG URUSAN PEMERINTAHAN", "KEUANGAN", "Program Pengelolaan Keuangan Daerah")]
    keg = r.program[0].kegiatan
    assert [len(k.sub_kegiatan) for k in keg] == [3, 2]
    assert all(k.anggaran is None for k in keg)  # a kegiatan with sub-kegiatan: its Rp are their sums
    sub = keg[0].sub_kegiatan[0]
    assert sub.anggaran.pagu == Decimal(60000000) and sub.anggaran.triwulan == [Decimal(15000000)] * 4
    # K per triwulan derived from the cumulative %: the increments, which add up to the year
    assert sub.indikator[0].triwulan == [Decimal("0.25")] * 4
    assert sub.indikator[0].realisasi_tahunan.value == "jumlah"


def test_pct_layout_double_count_named_as_the_form_does_it(pct_xlsx):
    found = by_cell(import_renja(pct_xlsx).findings)
    assert found[("dihitung-dua-kali", "M11")] == (
        "M11 menjumlahkan M20 yang juga dijumlahkan di M10: triwulan I Rp terhitung dua kali, selisih Rp 5.000.000 "
        "(=SUM(M12+M20)). Tertulis 44.500.000, seharusnya 39.500.000.")
    assert ("dihitung-dua-kali", "V11") in found
    # the urusan's own formula is right: its difference comes from the bidang it adds
    assert found[("nilai-berbeda", "M10")].endswith("selisihnya berasal dari sel yang dirujuk (M11).")
    # K16 typed 0 against 50 %; triwulan II rightly 0 (50 % -> 50 %); III's formula then makes up for I
    assert found[("k-tidak-sesuai-persen", "K16")] == (
        "K triwulan sub-kegiatan 'Penyusunan Renja' (baris 16) tidak sesuai dengan % kumulatif di sampingnya (dari "
        "target 2): K16 tertulis 0, seharusnya 1; Q16 tertulis 2, seharusnya 1.")


def test_not_a_renja_form(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "Daftar hadir"
    wb.save(tmp_path / "lain.xlsx")
    with pytest.raises(RenjaImportError, match="tidak ada formulir evaluasi Renja"):
        import_renja(tmp_path / "lain.xlsx")


def test_only_sheets_with_the_form_header_are_read_whole(kode_xlsx, tmp_path, monkeypatch):
    """A city's master workbook of many big sheets, none a Renja form, is refused (it once took
    minutes); a form behind such sheets, under a <dimension> that an exporter wrote wrong, is still
    found and imported."""
    import openpyxl

    wb = openpyxl.load_workbook(kode_xlsx)
    form_sheet = wb.active.title
    for n in range(3):
        ws = wb.create_sheet(f"PK {n}", 0)
        ws.append(["Program/ Kegiatan", "Indikator", "Target Kinerja", "Alokasi (dalam juta rupiah)"])
        for r in range(200):
            ws.append([f"Kegiatan {r}", f"Jumlah dokumen {r}", r, r * 10])
    wb.save(tmp_path / "master.xlsx")
    del wb[form_sheet]
    wb.save(tmp_path / "tanpa_formulir.xlsx")

    with pytest.raises(RenjaImportError, match="tidak ada formulir evaluasi Renja"):
        import_renja(tmp_path / "tanpa_formulir.xlsx")

    _wrong_dimension(tmp_path / "master.xlsx")
    result = import_renja(tmp_path / "master.xlsx")
    assert result.form.sheet == form_sheet
    original = import_renja(kode_xlsx)  # (openpyxl's save dropped the cached values: compare the structure)
    assert result.form == original.form
    assert sorted(result.units) == sorted(original.units) and sorted(result.indicators) == sorted(original.indicators)


def _wrong_dimension(path: Path) -> None:
    """Rewrite every sheet's <dimension ref> as "A1", as some exporters do."""
    import re
    import zipfile

    src = zipfile.ZipFile(path)
    parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    src.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            if name.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            out.writestr(name, data)


# -- import -> build -> recalc -> export -------------------------------------------------------------------
@pytest.mark.parametrize("form, scale, leaf_rows, pagu_col", [
    ("kode", 1000, [12, 13, 17], "K"),
    ("pct", 1, [14, 15, 16, 18, 19, 23, 24], "J"),
])
def test_round_trip_totals_equal_the_leaf_rows(form, scale, leaf_rows, pagu_col, kode_xlsx, pct_xlsx, tmp_path,
                                               capsys):
    original = kode_xlsx if form == "kode" else pct_xlsx
    yaml_path = tmp_path / "laporan.yaml"
    assert main(["import", str(original), "-o", str(yaml_path), "--opd", "Bappeda Contoh"]) == 1  # it has errors
    capsys.readouterr()
    built = tmp_path / "laporan.xlsx"
    assert main(["build", str(yaml_path), "-o", str(built), "--recalc"]) in (0, 1)
    report = load_renja(yaml_path)
    values = default_engine().evaluate(built)
    opd = next(r.row for r in plan_rows(report) if r.kind is RowKind.JUMLAH_OPD)
    assert Decimal(str(values[(SHEET, f"{L.target.rp}{opd}")])) == leaf_rp_sum(original, leaf_rows, pagu_col, scale)
    for p, program in zip([r for r in plan_rows(report) if r.kind is RowKind.PROGRAM], report.program):
        leaves = [(s or k).anggaran for p_, k, s in report.units() if p_ is program and (s or k).anggaran]
        assert Decimal(str(values[(SHEET, f"{L.target.rp}{p.row}")])) == sum(a.pagu for a in leaves)
    exported = tmp_path / "kembali.yaml"
    assert main(["export", str(built), "-o", str(exported)]) == 0
    assert load_renja(exported) == report
    assert read_renja_workbook(built).report == report


def test_import_json_and_exit_codes(kode_xlsx, tmp_path, capsys):
    out = tmp_path / "r.yaml"
    assert main(["import", str(kode_xlsx), "-o", str(out), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["kesalahan"] == 3 and data["sheet"] == "Evaluasi TW II"
    assert {"severity": "kesalahan", "rule": "rentang-salah", "sheet": "Evaluasi TW II", "cell": "U11"}.items() <= \
        data["findings"][0].items()
    assert main(["import", str(kode_xlsx), "-o", str(tmp_path / "r.txt")]) == 2
    assert main(["import", str(tmp_path / "tidak_ada.xlsx"), "-o", str(tmp_path / "s.yaml")]) == 2
    assert "berkas tidak ada" in capsys.readouterr().err


# -- the real form of Kabupaten Sukabumi ----------------------------------------------------------------
@pytest.fixture(scope="module")
def sukabumi():
    from .conftest import SUKABUMI

    if not SUKABUMI.exists():
        pytest.skip(f"{SUKABUMI} not present")
    return SUKABUMI


def test_sukabumi_readme_errors_are_reported(sukabumi):
    res = import_renja(sukabumi)
    found = by_cell(res.findings)
    # 1. the 666 %: a SUM divided by an AVERAGE
    assert found[("rasio-salah", "K39")] == (
        "K39 =K38/H38*100 membagi jumlah (K38 = SUM) dengan rata-rata (H38 = AVERAGE): 666,67 %, padahal "
        "rata-rata capaian baris-barisnya 33,33 %.")
    # 2. the program summary mixes AVERAGE and SUM; Rupiah averaged
    assert found[("ringkasan-campur", "H38")].startswith("Baris 38 (rata-rata capaian kinerja (%)) mencampur AVERAGE "
                                                         "(kolom H, L, M, O, Q, S, U, W, AA, AC, AD) dan SUM (kolom J, "
                                                         "K, N, P, R, T, V, X, AB)")
    assert found[("rupiah-dirata-rata", "L38")].endswith("tertulis 125.000, padahal jumlahnya 2.500.000.")
    # 3. the missed rows
    assert found[("rentang-salah", "AB17")].startswith("AB17 =SUM(AB18:AB20) tidak mencakup baris 21-37")
    # 4. program 2's summary uses other functions; AB46 shows 20 % instead of 40 %
    assert ("ringkasan-berbeda", "AB45") in found and ("ringkasan-berbeda", "K45") in found
    assert "20 %, padahal rata-rata capaian baris-barisnya 40 %" in found[("rasio-salah", "AB46")]
    # 5. the wrong block
    for col in "OPQRSTUV":
        assert found[("blok-lain", f"{col}46")].startswith(f"{col}46 ={col}45/$")
    # 6. a percentage divided by the target again
    for cell in ("AC39", "AD39", "AC46", "AD46"):
        assert ("persentase-dibagi-lagi", cell) in found
    # 7. arithmetic typed inside formulas; 8. realisation taken from the target; 9. a % target of 500
    for cell in ("J43", "H44", "J44"):
        assert ("angka-dalam-rumus", cell) in found
    assert ("isian-disalin", "V44") in found and ("isian-disalin", "T44") in found
    assert ("target-persen", "H42") in found
    assert sum(1 for f in res.findings if f.severity is Severity.ERROR) >= 20


def test_sukabumi_import_build_recalc_totals(sukabumi, tmp_path):
    """Program and OPD totals of the clean workbook are the sums of the original's leaf rows (Rp x 1.000)."""
    import openpyxl

    res = import_renja(sukabumi, overrides={"opd": "Badan Perencanaan Pembangunan Daerah"})
    built = write_renja_workbook(res.report, tmp_path / "sukabumi.xlsx")
    values = default_engine().evaluate(built)
    original = openpyxl.load_workbook(sukabumi, data_only=True).active
    leaf = {1: list(range(18, 38)), 2: [43, 44]}
    rows = plan_rows(res.report)
    programs = [r.row for r in rows if r.kind is RowKind.PROGRAM]
    for (n, leaf_rows), row in zip(leaf.items(), programs):
        for orig_col, col in (("N", L.target.rp), ("P", L.triwulan[0].rp), ("V", L.triwulan[3].rp),
                              ("X", L.realisasi.rp), ("J", L.target_renstra.rp), ("L", L.realisasi_renstra_lalu.rp)):
            expected = sum(Decimal(str(original[f"{orig_col}{r}"].value or 0)) for r in leaf_rows) * 1000
            assert Decimal(str(values[(SHEET, f"{col}{row}")])) == expected, (n, col)
    opd = next(r.row for r in rows if r.kind is RowKind.JUMLAH_OPD)
    assert Decimal(str(values[(SHEET, f"{L.target.rp}{opd}")])) == Decimal("2039260000")
    assert Decimal(str(values[(SHEET, f"{L.realisasi.rp}{opd}")])) == Decimal("2039260000")
