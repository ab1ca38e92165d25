"""Export: the model as a report file (YAML) and a filled workbook back to the model.

- dump -> load gives the same model, exactly (Decimals with their digits and exponent);
- build -> fill (as staff do, a number typed as text included) -> export -> build gives the same
  input cells;
- the reader needs no formula value to read the inputs (cached values are enough).
"""

from __future__ import annotations

import copy
import dataclasses
import os
import shutil
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lkjip_xl import layout as lay
from lkjip_xl import load_report, loads_report
from lkjip_xl import model as m
from tests.openpyxl_book import OpenpyxlBook
from lkjip_xl.cli import main
from lkjip_xl.errors import NumberFormatError
from lkjip_xl.expected import named_cell, named_rows, read_rekap_rows
from lkjip_xl.export import dump_report, export_workbook, read_workbook
from lkjip_xl.report_yaml import decimal_text
from lkjip_xl.layout import REKAP_LAYOUT
from lkjip_xl.parsing import parse_number
from lkjip_xl.reader import read_book
from lkjip_xl.rules import Metode, Range, grade_scale, to_decimal
from lkjip_xl.writer import write_workbook
from tests.conftest import EXAMPLE, MINIMAL_YAML


def exact(obj: Any) -> Any:
    """A comparable form of a model in which Decimal("100.00") and Decimal("100") differ."""
    if isinstance(obj, Decimal):
        return ("Decimal", obj.as_tuple())
    if isinstance(obj, list):
        return [exact(x) for x in obj]
    if isinstance(obj, dict):
        return {k: exact(v) for k, v in obj.items()}
    if isinstance(obj, Range):
        return ("Range", exact(obj.min), exact(obj.max))
    if dataclasses.is_dataclass(obj):
        return (type(obj).__name__, {f.name: exact(getattr(obj, f.name)) for f in dataclasses.fields(obj)})
    return obj


# -- dump -> load ------------------------------------------------------------------------------------------
def test_walantaka_dump_load_is_the_same_model(walantaka):
    text = dump_report(walantaka)
    back = loads_report(text, name="dump.yaml")
    assert back == walantaka
    assert exact(back) == exact(walantaka)  # printed "100,00" stays 100.00, catatan and printed included


def test_dump_format(walantaka):
    text = dump_report(walantaka)
    lines = text.splitlines()
    top = [line.split(":")[0] for line in lines if line[:1].isalpha()]
    assert top == ["identitas", "rekap", "data_umum", "perjanjian_kinerja", "pengukuran", "indikator_formula",
                   "program_pagu", "keuangan"]  # the model's field order
    kode = [line.strip() for line in lines if line.strip().startswith(("kode:", "- kode:", "program: \"5"))]
    assert kode and all('"' in k.split(":", 1)[1][:3] for k in kode)
    assert '    - kode: "5001.01"' in text or '  - kode: "5001.01"' in text
    assert "metode: positif" not in text  # the default is left out
    assert "printed: {capaian_rp: 100.00}" in text  # printed decimals are kept
    assert "pagu: 2872149185" in text  # Rupiah as plain integers
    assert "realisasi: 77.44" in text
    # every number is a plain YAML int or float in fixed-point notation
    for node in _scalars(yaml.compose(text)):
        tag = yaml.SafeLoader.resolve(yaml.SafeLoader, yaml.ScalarNode, node.value, (True, False))
        if node.style is None and tag.endswith((":int", ":float")):
            assert "e" not in node.value.lower(), node.value
    # nothing empty is written
    assert "null" not in text and ": []" not in text and "printed: {}" not in text


def _scalars(node):
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for n in node.value:
            yield from _scalars(n)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _scalars(k)
            yield from _scalars(v)


def test_empty_blocks_and_defaults_round_trip():
    report = loads_report(MINIMAL_YAML)
    program = report.rekap.kelompok[0].program[0]
    program.indikator[0].dasar = m.TahunK()  # present but empty
    program.kegiatan[0].indikator[0].metode = Metode.NEGATIF
    program.kegiatan[0].indikator[0].laporan.target = Range(Decimal("10"), Decimal("20.50"))
    program.kegiatan[0].indikator[0].metode = Metode.RENTANG
    program.kegiatan[1].indikator[0].dasar.target = "CC"
    program.kegiatan[1].indikator[0].dasar.realisasi = "B"
    report.catatan = "Baris 1\nBaris 2: \"kutip\" dan 'kutip', # bukan komentar"
    report.data_umum = m.DataUmum(kelurahan=[m.Kelurahan(nama="no"), m.Kelurahan(nama="2020", jumlah_rt_rw=0)])
    text = dump_report(report)
    assert "dasar: {}" in text
    back = loads_report(text)
    assert exact(back) == exact(report)


def test_dump_refuses_what_yaml_cannot_hold():
    report = loads_report(MINIMAL_YAML)
    report.rekap.kelompok[0].program[0].kegiatan[0].laporan.printed["capaian_rp"] = Decimal("NaN")
    with pytest.raises(ValueError, match="not a finite number"):
        dump_report(report)


_DECIMALS = st.one_of(
    st.builds(lambda sign, digits, exp: Decimal((sign, tuple(int(c) for c in str(digits)), exp)),
              st.integers(0, 1), st.integers(0, 10**30), st.integers(-40, 40)),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**15, max_value=10**15),
)


@settings(max_examples=150, deadline=None)
@given(_DECIMALS)
@example(Decimal("0.1"))
@example(Decimal("1E+3"))
@example(Decimal("1.0E+3"))
@example(Decimal("-0"))
@example(Decimal("-0.00"))
@example(Decimal("1E-7"))
@example(Decimal("100.00"))
@example(Decimal("40.577"))
@example(Decimal("12345678901234567890.123456789012345678901234567890"))
def test_decimals_round_trip_exactly(d):
    text = decimal_text(d)
    assert "e" not in text.lower()
    report = loads_report(MINIMAL_YAML)
    keg = report.rekap.kelompok[0].program[0].kegiatan[0]
    keg.indikator[0].laporan.target = d  # any sign
    keg.laporan.printed["capaian_rp"] = d
    keg.laporan.pagu = abs(d)  # amounts cannot be negative
    report.data_umum = m.DataUmum(luas_wilayah_km2=abs(d))
    back = loads_report(dump_report(report))
    bkeg = back.rekap.kelompok[0].program[0].kegiatan[0]
    for orig, got in ((d, bkeg.indikator[0].laporan.target), (d, bkeg.laporan.printed["capaian_rp"]),
                      (abs(d), bkeg.laporan.pagu), (abs(d), back.data_umum.luas_wilayah_km2)):
        assert isinstance(got, Decimal)
        assert got == orig and got.is_signed() == orig.is_signed()
        if orig.as_tuple().exponent <= 0:
            assert got.as_tuple() == orig.as_tuple()  # the same digits and exponent
        else:
            assert got.as_tuple().exponent == 0  # 1E+3 is written 1000: the same value, no exponent


# -- workbook -> model -----------------------------------------------------------------------------------
def _rekap_cells(wb: openpyxl.Workbook) -> dict[str, int]:
    """kunci -> row of the Rekap sheet."""
    sheet, first, last = named_rows(wb, lay.NAME_REKAP_TABLE)
    return {r.kunci: r.row for r in read_rekap_rows(wb[sheet], first, last)}


def _normal(value: Any) -> Any:
    """An input cell as the reader understands it: numbers typed as text are numbers."""
    if isinstance(value, str):
        text = value.strip()
        if grade_scale(text.upper()) is not None:
            return text.upper()
        try:
            return parse_number(text)
        except NumberFormatError:
            return text
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return to_decimal(value)
    return value


@pytest.fixture(scope="module")
def filled(walantaka_xlsx, tmp_path_factory) -> Path:
    """The Walantaka workbook after a user typed some realisasi, two of them as text."""
    path = tmp_path_factory.mktemp("filled") / "walantaka_diisi.xlsx"
    shutil.copyfile(walantaka_xlsx, path)
    wb = openpyxl.load_workbook(path)
    rows = _rekap_cells(wb)
    y = REKAP_LAYOUT.years["laporan"]
    ws = wb[REKAP_LAYOUT.sheet]
    ws[f"{y.realisasi_rp}{rows['5001.04/5001.500105.04.043']}"] = "208.704.000"  # typed as text
    ws[f"{y.realisasi_rp}{rows['5001.04/5001.500105.04.044']}"] = 200000000
    ws[f"{y.realisasi}{rows['5001.04/5001.500105.04.043#1']}"] = 11
    ws[f"{y.realisasi}{rows['5001.04/5001.500105.04.044#1']}"] = "9,5"  # typed as text
    ws[f"{REKAP_LAYOUT.years['dasar'].realisasi}{rows['5001.01#1']}"] = "B"  # a grade
    sheet, first, _ = named_rows(wb, lay.PENGUKURAN_TABLE.name)
    wb[sheet][f"{lay.PENGUKURAN_TABLE.letter('realisasi')}{first}"] = 80.5
    sheet, cell = named_cell(wb, "ANGGARAN_REALISASI")
    wb[sheet][cell] = 27000000000
    wb.save(path)
    return path


def test_export_reads_what_was_typed(filled):
    result = read_workbook(filled)
    report = result.report
    programs = {p.kode: p for _, p in report.rekap.programs()}
    keg = {k.kode: k for k in programs["5001.04"].kegiatan}
    assert keg["5001.500105.04.043"].laporan.realisasi_rp == Decimal("208704000")
    assert keg["5001.500105.04.044"].laporan.realisasi_rp == Decimal("200000000")
    assert keg["5001.500105.04.043"].indikator[0].laporan.realisasi == Decimal(11)
    assert keg["5001.500105.04.044"].indikator[0].laporan.realisasi == Decimal("9.5")
    assert programs["5001.01"].indikator[0].dasar.realisasi == "B"
    assert report.pengukuran[0].indikator[0].realisasi == Decimal("80.5")
    assert report.keuangan.realisasi == Decimal("27000000000")
    rules = sorted((f.rule, f.severity.value) for f in result.findings)
    assert rules == [("angka-sebagai-teks", "peringatan")] * 2


def test_build_fill_export_build_gives_the_same_input_cells(filled, tmp_path):
    report = export_workbook(filled)
    rebuilt = write_workbook(report, tmp_path / "lagi.xlsx")
    before = read_workbook(filled)
    after = read_workbook(rebuilt)
    assert after.findings == []
    assert set(after.input_cells) == set(before.input_cells)
    assert len(after.input_cells) > 1500
    differ = {k: (before.input_cells[k], after.input_cells[k]) for k in before.input_cells
              if _normal(before.input_cells[k]) != _normal(after.input_cells[k])}
    assert differ == {}
    # the structure too: every Rekap row keeps its kind, kunci and labels
    a, b = openpyxl.load_workbook(filled), openpyxl.load_workbook(rebuilt)
    L = REKAP_LAYOUT
    cols = (L.kode, L.uraian, L.indikator, L.satuan, L.jenis, L.kunci)
    _, first, last = named_rows(a, lay.NAME_REKAP_TABLE)
    assert named_rows(b, lay.NAME_REKAP_TABLE)[1:] == (first, last)
    for n in range(first, last + 1):
        assert [a[L.sheet][f"{c}{n}"].value for c in cols] == [b[L.sheet][f"{c}{n}"].value for c in cols]


def test_export_of_the_example_workbook_keeps_every_input(walantaka, walantaka_xlsx):
    report = export_workbook(walantaka_xlsx)
    # what the workbook does not hold: printed figures, catatan, Tabel 2.2, kode_menyimpang reasons
    original = copy.deepcopy(walantaka)
    _drop_notes(original)
    got = copy.deepcopy(report)
    _drop_notes(got)
    assert exact(got) == exact(original)
    # and the export loads again: kegiatan kode that deviate get a kode_menyimpang of their own
    back = loads_report(dump_report(report))
    assert len([k for _, k in back.rekap.kegiatan() if k.kode_menyimpang]) == 15


def _drop_notes(obj: Any) -> None:
    if isinstance(obj, list):
        for x in obj:
            _drop_notes(x)
        return
    if not dataclasses.is_dataclass(obj):
        return
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name in ("printed", "printed_program_pagu"):
            setattr(obj, f.name, {})
        elif f.name in ("catatan", "kode_menyimpang"):
            setattr(obj, f.name, None)
        elif f.name in ("program_pagu", "validation_notes"):
            setattr(obj, f.name, [])
        else:
            _drop_notes(value)
    if isinstance(obj, m.Kegiatan):  # a year block that only held printed figures
        for year in m.YEARS:
            if obj.tahun(year) == m.TahunRp():
                setattr(obj, year, None)


@pytest.mark.parametrize("garbage", ["#GARBAGE!", 987654321.5])
def test_the_reader_never_needs_a_formula_value(filled, garbage):
    """Inputs are constants: whatever the formula cells show (cached values, none at all, or
    nonsense), the report read is the same."""
    book = OpenpyxlBook(filled, values="cached").read_book()
    clean = read_book(book)
    formulas = 0
    for sheet in book.sheets.values():
        for r, row in enumerate(sheet.formulas):
            for c, formula in enumerate(row):
                if formula is not None:
                    sheet.values[r][c] = garbage
                    formulas += 1
    assert formulas > 1000
    dirty = read_book(book)
    assert exact(dirty.report) == exact(clean.report)
    assert dirty.findings == clean.findings
    assert dirty.input_cells == clean.input_cells


# -- the command ---------------------------------------------------------------------------------------------
def test_cli_export(filled, tmp_path, capsys):
    out = tmp_path / "data.yaml"
    assert main(["export", str(filled), "-o", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"Data diekspor: {out} (temuan saat membaca {filled}: 0 kesalahan, 2 peringatan, "
                        "0 catatan)")
    assert len(lines) == 3 and all("[angka-sebagai-teks]" in line for line in lines[1:])
    report = load_report(out)
    report.validation_notes = []  # the loader's notes on the kode_menyimpang the export added
    assert exact(report) == exact(export_workbook(filled))
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()  # not the 0600 of a temporary file
    assert [p.name for p in tmp_path.iterdir()] == ["data.yaml"]  # no temporary file left behind


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_cli_export_refuses_other_formats_and_missing_folders(filled, tmp_path, capsys):
    assert main(["export", str(filled), "-o", str(tmp_path / "data.json")]) == 2
    assert capsys.readouterr().err == (f"lkjip-xl: gagal: {tmp_path / 'data.json'}: nama berkas berakhiran .json, "
                                       "padahal yang ditulis adalah berkas laporan YAML; gunakan nama berakhiran "
                                       ".yaml atau .yml (misalnya data.yaml)\n")
    assert main(["export", str(filled), "-o", str(tmp_path / "nope" / "data.yaml")]) == 2
    assert "folder" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "d.yaml")]) == 2
    assert not (tmp_path / "d.yaml").exists()


def test_example_report_files_load(walantaka):
    assert load_report(EXAMPLE) == walantaka
