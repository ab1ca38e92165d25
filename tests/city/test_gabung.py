"""`lkjip-xl gabung`: the city's workbook. Its city rows, computed by the project's engine and by
LibreOffice, equal the sums and means of the OPD figures that the rules compute from each OPD's
report file; each OPD figure names the cell of its workbook that shows it; a source with kesalahan
is included and marked, one that cannot be read is listed and left out."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.city.gabung_book import (FILES_SHEET, FIRST_ROW, OPD_TABLE, PROGRAM_TABLE, SUMMARY_SHEET,
                                       SUMMARY_TABLE)
from lkjip_xl.cli import main
from lkjip_xl.rules import average, predikat, serapan, total

GROUPS = ("LKjIP 2020", "Renja 2018 TW2", "Renja 2018 TW4")


def rules_figures(text: str) -> dict:
    """An OPD's figures by the rules, from its report file (not from its workbook)."""
    if text.startswith("jenis: renja"):
        from lkjip_xl.renja.loader import loads_renja
        from lkjip_xl.renja.summary import renja_summary_data

        return renja_summary_data(loads_renja(text, name="opd.yaml"))
    from lkjip_xl.loader import loads_report
    from lkjip_xl.summary import summary_data

    return summary_data(loads_report(text, name="opd.yaml"))


def dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def city_by_rules(texts: list[str]) -> dict:
    opd = [rules_figures(t) for t in texts]
    pagu, real = total(dec(f["pagu"]) for f in opd), total(dec(f["realisasi_rp"]) for f in opd)
    k, rp = average(dec(f["rata_rata_capaian_k"]) for f in opd), average(dec(f["rata_rata_capaian_rp"]) for f in opd)
    return {"pagu": pagu, "realisasi_rp": real, "serapan": serapan(real, pagu).nilai, "capaian_k": k,
            "capaian_rp": rp, "predikat_k": predikat(k)}


@pytest.fixture(scope="module")
def kota(city, tmp_path_factory):
    out = tmp_path_factory.mktemp("gabung") / "kota.xlsx"
    assert main(["gabung", str(city.folder), "-o", str(out), "--diam", "--json"]) == 1
    return out


@pytest.fixture(scope="module")
def members(city) -> dict[str, list[Path]]:
    return {"LKjIP 2020": [city.kec_a, city.kec_b, city.kec_c], "Renja 2018 TW2": [city.renja_tw2],
            "Renja 2018 TW4": [city.renja_tw4]}


def city_row(wb, group: str) -> int:
    return FIRST_ROW + len([r for r in wb[group].iter_rows(min_row=FIRST_ROW) if r[0].value is not None])


def assert_city_rows(values, wb, city, members) -> None:
    """``values``: (sheet, cell) -> computed value of the city workbook's formulas."""
    t = OPD_TABLE
    for group in GROUPS:
        row = FIRST_ROW + len(members[group])
        expected = city_by_rules([city.reports[p] for p in members[group]])
        for key in ("pagu", "realisasi_rp", "serapan", "capaian_k", "capaian_rp"):
            got = values[(group, f"{t.letter(key)}{row}")]
            assert got == pytest.approx(float(expected[key]), rel=1e-12), (group, key)
        assert values[(group, f"{t.letter('predikat_k')}{row}")] == expected["predikat_k"]
        summary = FIRST_ROW + GROUPS.index(group)
        s = SUMMARY_TABLE
        for key in ("pagu", "realisasi_rp", "serapan", "capaian_k", "capaian_rp", "predikat_k"):
            assert values[(SUMMARY_SHEET, f"{s.letter(key)}{summary}")] == values[(group, f"{t.letter(key)}{row}")]
        assert values[(SUMMARY_SHEET, f"{s.letter('opd')}{summary}")] == len(members[group])


def test_city_rows_are_the_rules_sums_and_means_by_the_engine(kota, city, members):
    from lkjip_xl.engine.default import default_engine

    wb = openpyxl.load_workbook(kota)
    values = default_engine().evaluate(kota)
    assert_city_rows(values, wb, city, members)
    # LKjIP 2020 by hand: three OPD, the mean of their means, the serapan of the sums.
    t, row = OPD_TABLE, FIRST_ROW + 3
    assert wb["LKjIP 2020"][f"{t.letter('pagu')}{row}"].value == f"=SUM(C{FIRST_ROW}:C{row - 1})"
    assert wb["LKjIP 2020"][f"{t.letter('capaian_k')}{row}"].value == \
        f'=IFERROR(AVERAGE(F{FIRST_ROW}:F{row - 1}),"")'
    assert values[("LKjIP 2020", f"C{row}")] == 412_763_920 + 352_989_861 + 509_774_059
    assert values[("LKjIP 2020", f"F{row}")] == pytest.approx((95.8333333333 * 2 + 75) / 3)
    assert values[("LKjIP 2020", f"H{row}")] == "Tinggi"


def test_city_rows_by_libreoffice(kota, city, members, tmp_path):
    from lkjip_xl.engine.libreoffice import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from lkjip_xl.engine.libreoffice_engine import LibreOfficeEngine

    with LibreOfficeEngine() as engine:
        values = engine.evaluate(kota)
    assert_city_rows(values, openpyxl.load_workbook(kota), city, members)


def test_each_figure_names_the_cell_of_its_workbook_that_shows_it(kota, city):
    """The comment of each OPD figure names file!sheet!cell; that cell of the OPD's workbook, computed,
    shows the figure, except where the OPD typed over its formula (kec_c's program pagu: 999, and
    so its OPD total); the city takes the rules' figure and marks the OPD."""
    from lkjip_xl.engine.default import default_engine

    wb = openpyxl.load_workbook(kota)
    engine = default_engine()
    seen = 0
    for group, table in (("LKjIP 2020", OPD_TABLE), ("Program LKjIP 2020", PROGRAM_TABLE),
                         ("Renja 2018 TW4", OPD_TABLE), ("Program Renja 2018 TW4", PROGRAM_TABLE)):
        ws = wb[group]
        for row in range(FIRST_ROW, ws.max_row):
            for key in ("pagu", "realisasi_rp", "capaian_k"):
                cell = ws[f"{table.letter(key)}{row}"]
                if cell.value is None:
                    continue
                text = cell.comment.text
                assert text.startswith("Sumber: ") and cell.comment.author == "lkjip-xl"
                file, sheet, address = text[len("Sumber: "):].rsplit("!", 2)
                computed = engine.evaluate(Path(file))
                # a formula's computed value; a number typed over the formula as it is
                shown = computed[(sheet, address)] if (sheet, address) in computed else \
                    openpyxl.load_workbook(file)[sheet][address].value
                if Path(file) == city.kec_c and key == "pagu":  # the program's and so the OPD's total
                    assert (shown, cell.value) == (999, 509_774_059)
                else:
                    assert shown == pytest.approx(float(cell.value), rel=1e-12), (group, row, key)
                seen += 1
    assert seen == 3 * 3 + 3 * 3 + 3 + 2 * 3


def test_marked_and_left_out_sources(kota, city):
    wb = openpyxl.load_workbook(kota)
    assert wb.sheetnames == [SUMMARY_SHEET, "LKjIP 2020", "Program LKjIP 2020", "Renja 2018 TW2",
                             "Program Renja 2018 TW2", "Renja 2018 TW4", "Program Renja 2018 TW4", FILES_SHEET,
                             "Temuan"]
    t = OPD_TABLE
    ws = wb["LKjIP 2020"]
    rows = [[ws[f"{t.letter(k)}{r}"].value for k in ("no", "opd", "kesalahan", "status")]
            for r in range(FIRST_ROW, FIRST_ROW + 3)]
    assert rows == [[1, "Kecamatan Contoh", 0, "lolos (tanpa kesalahan)"],
                    [2, "Kecamatan Dua", 1, "ditandai: 1 kesalahan"],
                    [3, "Dinas Tiga", 2, "ditandai: 2 kesalahan"]]
    assert ws[f"{t.letter('status')}{FIRST_ROW + 2}"].fill.fgColor.rgb.endswith("FF5050")
    assert ws[f"{t.letter('opd')}{FIRST_ROW + 3}"].value == "KOTA: JUMLAH DAN RATA-RATA 3 OPD"
    assert ws.auto_filter.ref == f"A4:L{FIRST_ROW + 2}" and ws.freeze_panes == f"C{FIRST_ROW}"
    files = wb[FILES_SHEET]
    listed = [[c.value for c in row][1:5] for row in files.iter_rows(min_row=FIRST_ROW)]
    folder = str(city.folder)
    assert listed == [
        [f"{folder}/asing.xlsx", "bukan buku kerja lkjip-xl (tidak ada formulir baku yang dikenali)", None,
         "tidak digabung"],
        [f"{folder}/kec_a.xlsx", "LKjIP 2020", "Kecamatan Contoh", "digabung"],
        [f"{folder}/kec_b.xlsx", "LKjIP 2020", "Kecamatan Dua", "digabung, ditandai: ada kesalahan"],
        [f"{folder}/rusak.xlsx", "gagal", None, "tidak digabung"],
        [f"{folder}/terkunci.xlsx", "gagal", None, "tidak digabung"],
        [f"{folder}/dinas/kec_c.xlsx", "LKjIP 2020", "Dinas Tiga", "digabung, ditandai: ada kesalahan"],
        [f"{folder}/renja/bappeda_tw2.xlsx", "Renja 2018 TW2", "Badan Perencanaan Pembangunan Daerah", "digabung"],
        [f"{folder}/renja/bappeda_tw4.xlsx", "Renja 2018 TW4", "Badan Perencanaan Pembangunan Daerah", "digabung"]]
    assert files[f"F{FIRST_ROW}"].value.startswith("bukan buku kerja lkjip-xl, jadi angkanya tidak diketahui")
    assert files[f"F{FIRST_ROW + 3}"].value == "bukan buku kerja Excel (.xlsx/.xlsm adalah paket zip; berkas ini bukan)"
    assert files[f"F{FIRST_ROW + 4}"].value.startswith("buku kerja ini dilindungi kata sandi")
    assert files[f"F{FIRST_ROW + 1}"].value is None
    found = wb["Temuan"]
    assert [(r[1].value, r[4].value, r[5].value, r[6].value) for r in found.iter_rows(min_row=2)][2:4] == [
        (f"{folder}/dinas/kec_c.xlsx", "Rekap Kegiatan", "M9", "jumlah-tidak-sesuai"),
        (f"{folder}/dinas/kec_c.xlsx", "Rekap Kegiatan", "M9", "rumus-tertimpa")]


def test_gabung_lines_and_json(city, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(city.folder.parent)
    out = tmp_path / "kota.xlsx"
    assert main(["gabung", "laporan/kec_a.xlsx", "laporan/renja", "laporan/terkunci.xlsx", "-o", str(out),
                 "--diam"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"Buku kerja gabungan ditulis: {out} (Kabupaten Contoh; 4 berkas, 2 temuan dibawa)",
        "  LKjIP 2020: 1 OPD (0 ditandai: ada kesalahan), 1 program; pagu Rp 412.763.920, realisasi Rp 408.365.914, "
        "serapan 98,93 %; rata-rata capaian K 95,83 %, Rp 98,93 %; predikat Sangat Tinggi",
        "  Renja 2018 TW2: 1 OPD (0 ditandai: ada kesalahan), 2 program; pagu Rp 328.005.500, realisasi Rp "
        "163.974.000, serapan 49,99 %; rata-rata capaian K 100,36 %, Rp 50,53 %; predikat Sangat Tinggi",
        "  Renja 2018 TW4: 1 OPD (0 ditandai: ada kesalahan), 2 program; pagu Rp 328.005.500, realisasi Rp "
        "324.468.500, serapan 98,92 %; rata-rata capaian K 100,26 %, Rp 99,07 %; predikat Sangat Tinggi",
        "Tidak digabung: 1 berkas",
        "  laporan/terkunci.xlsx: GAGAL: buku kerja ini dilindungi kata sandi untuk membuka (terenkripsi), jadi isinya "
        "tidak dapat dibaca. Hapus kata sandinya di Excel: buka berkas dengan kata sandinya, pilih File > Info > "
        "Protect Workbook > Encrypt with Password (Lindungi Buku Kerja > Enkripsi dengan Kata Sandi), kosongkan "
        "isian kata sandi, tekan OK, lalu simpan.",
        "Jumlah: 4 berkas (3 buku kerja lkjip-xl, 0 bukan buku kerja lkjip-xl, 1 gagal diperiksa); 0 berkas dengan "
        "kesalahan; 0 kesalahan, 2 peringatan, 0 catatan"]
    assert main(["gabung", "laporan/kec_a.xlsx", "-o", str(out), "--json"]) == 2
    assert "sudah ada dan tidak ditimpa" in json.loads(capsys.readouterr().out)["error"]
    assert main(["gabung", "laporan/kec_a.xlsx", "laporan/kec_b.xlsx", "-o", str(out), "--json", "--timpa"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["kelompok"][0]["opd"] == 2 and data["kelompok"][0]["ditandai"] == 1
    assert data["kelompok"][0]["pagu"] == 412_763_920 + 352_989_861
    assert data["backup"] == f"{out}.bak"


def test_nothing_to_consolidate_is_bad_input(city, tmp_path, capsys):
    assert main(["gabung", str(city.asing), "-o", str(tmp_path / "k.xlsx"), "--diam"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lkjip-xl: gagal: tidak ada buku kerja lkjip-xl (LKjIP atau Renja) yang dapat digabung: ")
    assert not (tmp_path / "k.xlsx").exists()
