"""Patterns met in real workbooks: per-block absolute references, totals written as lists of
lines, missing subtotals, typed formulas, exported text numbers, lookups that are no circles."""

from __future__ import annotations

from lkjip_xl.audit import audit_workbook
from lkjip_xl.findings import Severity
from tests.audit.builders import at, audit_table, of_rule, write


def _blocks(edits=None):
    """A monthly plan sheet of 6-row blocks (Renc/Real keuangan, Renc/Real fisik), as a Form-RFK
    keeps them; each block divides by its own DPA in H; totals list the lines by hand."""
    cells = {"A1": "RENCANA DAN REALISASI", "A3": "URAIAN", "H3": "DPA", "I3": "BARIS"}
    for k, m in enumerate(("JANUARI", "FEBRUARI", "MARET", "APRIL")):
        cells[f"{'JKLM'[k]}3"] = m
    starts = [5 + 6 * i for i in range(6)]
    for i, s in enumerate(starts):
        cells.update({f"A{s}": f"Belanja {i + 1}", f"H{s}": 1_000_000 * (i + 1), f"I{s}": "Renc keuangan",
                      f"I{s + 1}": "Real keuangan", f"I{s + 2}": "Renc fisik", f"I{s + 3}": "Real fisik"})
        for c in "JKLM":
            cells[f"{c}{s}"] = 100_000 * (i + 1)
            cells[f"{c}{s + 1}"] = 90_000 * (i + 1)
            cells[f"{c}{s + 2}"] = f"={c}{s}/$H${s}*100"
            cells[f"{c}{s + 3}"] = f"={c}{s + 1}/$H${s}*100"
    total = starts[-1] + 6
    cells[f"A{total}"] = "Total Rencana Keuangan"
    for c in "JKLM":
        cells[f"{c}{total}"] = "=SUM(" + ",".join(f"{c}{s}" for s in starts) + ")"
    cells.update(edits or {})
    return cells, {3, total}


def test_per_block_absolute_reference_into_the_next_block(tmp_path):
    clean = audit_workbook(write(tmp_path / "a.xlsx", {"FISKEU": _blocks()}))
    assert clean.findings == []
    edits = {f"{c}8": f"={c}6/$H$11*100" for c in "JKLM"}  # block 1's Real fisik divides by block 2's DPA
    result = audit_workbook(write(tmp_path / "b.xlsx", {"FISKEU": _blocks(edits)}))
    f = at(result, "rumus-tidak-konsisten", "J8:M8")
    assert f.message.startswith("Rumus berbeda dari 5 sel sejenis di kolom J: merujuk baris lain (4 sel: J8:M8).")
    assert "J8 =J6/$H$11*100; seharusnya =J6/H5*100. J8 = 4,5; dengan rumus kolomnya 9." in f.message


def test_total_listing_lines_leaves_one_out(tmp_path):
    edits = {f"{c}41": f"=SUM({c}5,{c}11,{c}23,{c}29,{c}35)" for c in "JKLM"}  # block 3 (row 17) left out
    result = audit_workbook(write(tmp_path / "t.xlsx", {"FISKEU": _blocks(edits)}))
    f = at(result, "rentang-kurang", "J41:M41")
    assert f.severity is Severity.ERROR
    assert f.message.startswith("Rumus SUM tidak mencakup baris 17 yang berisi angka sejenis (4 sel: J41:M41).")
    assert "seharusnya =SUM(J5,J11,J17,J23,J29,J35): 2.100.000, bukan 1.800.000." in f.message


def test_subtotal_missing_among_sibling_subtotals(tmp_path):
    result = audit_table(tmp_path, {"H17": None})
    f = at(result, "rumus-hilang", "H17")
    assert f.severity is Severity.ERROR
    assert f.message == ("Subtotal tidak ada: 2 baris sejenis menghitung kolom H dengan SUM, baris 17 (Program "
                         "Pelayanan 3) kosong, sehingga total yang membacanya menghitungnya 0. H17 kosong; seharusnya "
                         "=SUM(H18:H22) = 16.500.000.")


def test_formula_typed_as_text(tmp_path):
    result = audit_table(tmp_path, {"B25": "Koefisien variasi", "G25": "stdev.s(G5:G17)/(G23) * 100"})
    f = at(result, "rumus-sebagai-teks", "G25")
    assert f.severity is Severity.WARNING
    assert f.message == ("Rumus diketik sebagai teks (tanpa tanda =): tidak pernah dihitung. G25 = "
                         "'stdev.s(G5:G17)/(G23) * 100'; tulis =stdev.s(G5:G17)/(G23) * 100 agar Excel menghitungnya.")
    assert of_rule(audit_table(tmp_path, {"B25": "Catatan: rata-rata (lihat G23)"}), "rumus-sebagai-teks") == []


def test_export_with_numbers_as_text_and_none_for_rupiah(tmp_path):
    cells = {"A1": "kode_subkegiatan", "B1": "target", "C1": "satuan", "D1": "anggaran"}
    for r in range(2, 12):
        cells.update({f"A{r}": f"1.01.02.2.01.{r:02d}", f"B{r}": str(r * 10), f"C{r}": "dokumen", f"D{r}": r * 1000})
    cells["D7"] = "None"
    result = audit_workbook(write(tmp_path / "x.xlsx", {"Sheet1": (cells, {1})}))
    f = at(result, "angka-sebagai-teks", "B2:B11")
    assert f.message.startswith("Kolom B berisi angka yang disimpan sebagai teks: tidak dapat dijumlah atau dihitung "
                                "(10 sel: B2:B11).")
    assert at(result, "angka-sebagai-teks", "D7").message.startswith("Teks di kolom angka D")
    assert [x.cell for x in result.findings if x.cell.startswith("A")] == []  # kode are text on purpose


def test_identifiers_running_numbers_and_years_kept_as_text_are_no_figures(tmp_path):
    # a staff list exported as text: No., Nama, NIP (two ids in one cell, 18 digits), tahun; and a
    # column of pagu typed as text, which is still a finding
    cells = {"A1": "Pegawai menurut Unit Organisasi", "A2": "No.", "B2": "Nama", "C2": "NIP", "D2": "Tahun",
             "E2": "Pagu"}
    for i, r in enumerate(range(3, 11)):
        cells.update({f"A{r}": str(i + 1), f"B{r}": f"Pegawai {i + 1}",
                      f"C{r}": f"3400161{i:02d}\n1977021120000310{i:02d}", f"D{r}": "2023",
                      f"E{r}": str(1_500_000 + 250_000 * i)})
    result = audit_workbook(write(tmp_path / "pegawai.xlsx", {"1": (cells, {2})}))
    assert [f.cell for f in of_rule(result, "angka-sebagai-teks")] == ["E3:E10"]


def test_kode_typed_as_digits_and_spelled_out_beside_is_no_figure(tmp_path):
    # BPS target volume: KRO '2896' beside its RO '2896.BMA.004'; a satker '1100' beside '1100 BADAN ...'
    cells = {"A1": "TARGET VOLUME RO", "A3": "KRO", "C3": "RO - KEGIATAN", "E3": "TARGET VOLUME", "G3": "Satker"}
    for i, r in enumerate(range(4, 12)):
        kro = str(2896 + 3 * i)
        cells.update({f"A{r}": kro, f"B{r}": f"KEGIATAN {i + 1}", f"C{r}": f"{kro}.BMA.00{i}",
                      f"D{r}": f"PUBLIKASI {i + 1}", f"E{r}": 1 + i % 3, f"F{r}": str(1100 + 7 * i),
                      f"G{r}": f"{1100 + 7 * i} BADAN PUSAT STATISTIK KABUPATEN {i + 1}", f"H{r}": str(40 + 3 * i)})
    result = audit_workbook(write(tmp_path / "tvro.xlsx", {"TVRO": (cells, {3})}))
    assert [f.cell for f in of_rule(result, "angka-sebagai-teks")] == ["H4:H11"]
    # a SIPD export's targets '1', '2' beside kode '1.01.02...' are still figures kept as text
    cells = {"A1": "kode_subkegiatan", "B1": "target", "C1": "satuan"}
    for r in range(2, 10):
        cells.update({f"A{r}": f"1.01.01.2.01.{r:02d}", f"B{r}": "1" if r % 3 else "2", f"C{r}": "dokumen"})
    result = audit_workbook(write(tmp_path / "sipd.xlsx", {"Sheet1": (cells, {1})}))
    assert [f.cell for f in of_rule(result, "angka-sebagai-teks")] == ["B2:B9"]


def test_rows_typed_zero_across_are_left_alone(tmp_path):
    # an unfunded kegiatan: its row typed 0 where the formulas would give 0 too
    edits = {"E9": 0, "F9": 0, "G9": 0, "H9": 0, "I9": 0, "J9": 0, "K9": 0}
    result = audit_table(tmp_path, edits, legend=False)
    assert [f for f in of_rule(result, "angka-menimpa-rumus") if f.cell.endswith("9")] == []


def test_a_lookup_table_holding_its_own_formula_is_no_circle(tmp_path):
    result = audit_table(tmp_path, {"M6": "=VLOOKUP(B6,$B$5:$M$22,6,FALSE)"})
    assert of_rule(result, "rujukan-melingkar") == []
    assert of_rule(audit_table(tmp_path, {"M6": "=SUM(M5:M7)"}), "rujukan-melingkar") != []


def _schedule(edits: dict | None = None) -> tuple[dict, set]:
    """A monthly schedule (BPS "LK PSS"): a row of percentages on top, then the header "Bobot, Jan ..
    Jul" whose last months are typed as numbers 8 .. 12, the tasks with their bobot and the months
    they fall in, a check column, and a row of monthly totals."""
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", 8, 9, 10, 11, 12]
    cols = "CDEFGHIJKLMN"
    cells = {"O1": "KONTROL", "B2": "=SUM(B4:B15)", "B3": "Bobot"}
    for k, c in enumerate(cols):
        cells[f"{c}2"] = f"={c}16/$B$2*100"
        cells[f"{c}3"] = months[k]
        cells[f"{c}16"] = f"=SUM({c}4:{c}15)"
    plan = {4: "CD", 5: "C", 6: "D", 7: "E", 8: "FHJL", 9: "D", 10: "EFGHI", 11: "EFGHI", 12: "G", 13: "H",
            14: "DG", 15: "JKL"}
    for r, when in plan.items():
        cells.update({f"A{r}": f"Tahapan {r - 3}", f"B{r}": len(when), **{f"{c}{r}": 1 for c in when},
                      f"O{r}": f"=SUM(C{r}:N{r})", f"P{r}": f'=IF(O{r}=B{r},"SELESAI","BELUM")'})
    cells.update(edits or {})
    return cells, set()


def test_a_header_row_with_months_typed_as_numbers_is_not_left_out(tmp_path):
    result = audit_workbook(write(tmp_path / "jadwal.xlsx", {"LK PSS": _schedule()}))
    assert of_rule(result, "rentang-kurang") == []
    # a task row under the range is still missed when left out
    planted = audit_workbook(write(tmp_path / "jadwal2.xlsx", {"LK PSS": _schedule({"J16": "=SUM(J4:J14)"})}))
    assert [f.cell for f in of_rule(planted, "rentang-kurang")] == ["J16"]
