"""``lkjip-xl check`` on a workbook lkjip-xl wrote: today's checks, and the audit of what staff
added around the layout, each defect reported once."""

from __future__ import annotations

import openpyxl
from openpyxl.styles import Font

from lkjip_xl.checking import check_workbook
from lkjip_xl.cli import main
from lkjip_xl.findings import Severity


def _key(findings):
    return [(f.severity, f.rule, f.sheet, f.cell, f.message) for f in findings]


def test_the_walantaka_workbook_gets_nothing_more_from_the_audit(walantaka_xlsx):
    checked = check_workbook(walantaka_xlsx)
    assert _key(check_workbook(walantaka_xlsx, audit=True)) == _key(checked)
    # the seed's own data errors stay as the checks report them
    assert sum(f.severity is Severity.ERROR for f in checked) == 9


def test_the_renja_example_gets_nothing_more_from_the_audit(tmp_path):
    from lkjip_xl.renja.loader import load_renja
    from lkjip_xl.renja.writer import write_renja_workbook
    from tests.conftest import ROOT

    path = write_renja_workbook(load_renja(ROOT / "examples" / "sukabumi_renja_2018.yaml"), tmp_path / "renja.xlsx")
    checked = check_workbook(path)
    assert _key(check_workbook(path, audit=True)) == _key(checked)


def _with_staff_sheet(source, path):
    wb = openpyxl.load_workbook(source)
    ws = wb.create_sheet("Hitungan Staf")
    ws["A1"] = "Rekap pagu per kelurahan"
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(["No", "Kelurahan", "Pagu", "Realisasi"])
    for i in range(1, 9):
        ws.append([i, f"Kelurahan {i}", 1000 * i, 900 * i])
    ws.append([None, "Jumlah", "=SUM(C4:C9)", "=SUM(D4:D11)"])
    ws["B12"].font = Font(bold=True)
    wb.save(path)
    return path


def test_a_sheet_staff_added_is_audited(walantaka_xlsx, tmp_path, capsys):
    path = _with_staff_sheet(walantaka_xlsx, tmp_path / "staf.xlsx")
    found = check_workbook(path, audit=True)
    added = [f for f in found if f.sheet == "Hitungan Staf"]
    assert [(f.rule, f.cell, f.severity) for f in added] == [("rentang-kurang", "C12", Severity.ERROR)]
    assert added[0].message == ("Rumus SUM tidak mencakup baris 10, 11 yang berisi angka sejenis. C12 =SUM(C4:C9); "
                                "seharusnya =SUM(C4:C11): 36.000, bukan 21.000.")
    # the checks' findings are all still there
    assert set(_key(check_workbook(path))) <= set(_key(found))
    assert main(["check", str(path)]) == 1
    assert "Hitungan Staf!C12        [rentang-kurang]" in capsys.readouterr().out


def test_a_defect_the_checks_report_is_reported_once(walantaka_xlsx, tmp_path):
    wb = openpyxl.load_workbook(walantaka_xlsx)
    rk = wb["Rekap Kegiatan"]
    rk["K14"] = 95  # typed over the kegiatan's capaian Rp formula: the checks' rumus-tertimpa
    rk["Y8"] = "Sisa anggaran (Rp)"  # a column of the staff's own formulas: the sheet gets audited
    for r in range(9, rk.max_row + 1):
        if str(rk[f"A{r}"].value or "").count(".") == 3:
            rk[f"Y{r}"] = f"=G{r}-I{r}"
    path = tmp_path / "ketik.xlsx"
    wb.save(path)
    found = check_workbook(path, audit=True)
    at_k14 = sorted(f.rule for f in found if f.sheet == "Rekap Kegiatan" and f.cell == "K14")
    assert at_k14 == ["nilai-berbeda", "rumus-tertimpa"]  # no angka-menimpa-rumus beside them
    # the staff's column is audited: a kegiatan without pagu makes its formula read empty cells
    assert ("rujukan-sel-kosong", "Y28") in {(f.rule, f.cell) for f in found}
    # nothing reported at the layout's own formulas but by the checks
    audit_rules = {"rumus-tidak-konsisten", "persen-tidak-wajar", "capaian-tidak-sesuai", "rentang-kurang"}
    assert not [f for f in found if f.rule in audit_rules and f.sheet == "Rekap Kegiatan"]
