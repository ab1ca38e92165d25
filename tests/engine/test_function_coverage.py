"""How every engine evaluates every function and construct the generated workbooks use.

Each case is one formula in a small workbook built here with openpyxl, with the value Excel gives
(worked out by hand from Microsoft's documentation, cited per case). The workbook is evaluated by
every engine that is installed (``formulas``, ``formualizer``, ``libreoffice``, and the test oracle
``ironcalc``) and every case is checked against every engine. Where a pinned engine gives something
else, the case still asserts the Excel value and is marked ``xfail(strict=True, reason=...)`` for
that engine, and a second test asserts the exact value that engine gives: an upgrade that fixes (or
changes) the behaviour makes the suite fail, so the change is noticed and the notes are updated.

Besides the functions, the cases include the formulas the generator itself writes
(``lkjip_xl.xlformulas``: capaian for each metode, serapan, predikat, the guarded averages and
sums) on hand-computed inputs, and a styled empty cell as openpyxl writes it
(``<c s="1" t="n"/>``), because every blank input cell of a generated workbook is one.

The findings are summed up in docs/engine-notes.md and in each engine's module docstring.
"""

from __future__ import annotations

from functools import partial

import math
import os
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from lkjip_xl.engine.default import ENGINE_NAMES, make_engine
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName

from lkjip_xl import xlformulas as xf
from lkjip_xl.engine import Engine
from lkjip_xl.layout import NAME_SKALA_BPK, NAME_SKALA_SAKIP
from lkjip_xl.rules import Metode
from tests.engine.ironcalc_engine import IronCalcEngine

MS = "https://support.microsoft.com/en-us/office/"
DOC = {
    "IF": MS + "if-function-69aed7c9-4e8a-4755-a9bc-aa8bbff73be2",
    "AND": MS + "and-function-5f19b2e8-e1df-4408-897a-ce285a19e9d9",
    "OR": MS + "or-function-7d17ad14-8700-4281-b308-00b131e22af0",
    "NOT": MS + "not-function-9cfc6011-a054-40c7-a140-cd4ba2d87d77",
    "IS": MS + "is-functions-0f2d7971-6019-40a0-a171-f2d869135665",
    "IFERROR": MS + "iferror-function-c526fd07-caeb-47b8-8bb6-63f3e417f611",
    "MATCH": MS + "match-function-e8dffd45-c762-47d6-bf89-533f4a37673a",
    "AVERAGEIF": MS + "averageif-function-faec8e2e-0dec-4308-af69-f5576d8ac642",
    "AVERAGE": MS + "average-function-047bac88-d466-426c-a32b-8f33eb960cf6",
    "SUM": MS + "sum-function-043e1c7d-7726-4e80-8f32-07b23e057f89",
    "MAX": MS + "max-function-e0012414-9ac8-4b34-9a47-73e662c08098",
    "MIN": MS + "min-function-61635d12-920f-4ce2-a70f-96f202dcc152",
    "ROUND": MS + "round-function-c018c5d8-40fb-4053-90b1-b3e7f61a213c",
    "COUNT": MS + "count-function-a59cd7fc-b623-4d93-87a4-d23bf411294c",
    "COUNTA": MS + "counta-function-7dc98875-d5c1-46f1-9a82-53f3219e2509",
    "COUNTIF": MS + "countif-function-e0de10c6-f885-4e71-abb4-1f464816df34",
    "COUNTBLANK": MS + "countblank-function-6a92d772-675c-4bee-b346-24af6bd3ac22",
    "SUMIF": MS + "sumif-function-169b8c99-c05c-4483-a712-1697a653039b",
    "SUMPRODUCT": MS + "sumproduct-function-16753e75-9f68-4874-94ac-4d2145a2fd2e",
    "ABS": MS + "abs-function-3420200f-5628-4e8c-99da-c99d7c87713c",
    "OPERATORS": MS + "calculation-operators-and-precedence-in-excel-48be406d-4975-4d31-b2b8-7af9e0e2878a",
    "LIMITS": MS + "excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3",
    "DIV0": MS + "how-to-correct-a-div-0-error-3a9ab4fa-3a4c-4a40-9a4e-3e9b0d3a8ba0",
    "NAMES": MS + "define-and-use-names-in-formulas-4d0f13ac-53b7-422e-afd2-abd7ff379c64",
    "REFS": MS + "create-or-change-a-cell-reference-c7b8b95d-c594-4488-947e-c835903cebaa",
    "NA": MS + "na-function-5469c2d1-a90c-4fb5-9bbc-64bd9bb6b47c",
    "NAME?": MS + "how-to-correct-a-name-error-b6d54e31-a743-4d7d-9b61-40002a7b4286",
    "VALUE!": MS + "how-to-correct-a-value-error-15e1b616-fbf2-4147-9c0b-0a11a20e409e",
    "OOXML": "ECMA-376 Part 1, 18.17 Formulas (quoted sheet names: an apostrophe is doubled)",
}

# -- the workbook -------------------------------------------------------------------------------
#
# Sheet "Uji" holds the inputs and one case formula per row in column H.
#   A1 10   A2 20   A3 ="" (formula giving empty text)   A4 (empty)   A5 "teks"   A6 0
#   A7 1    A8 2    A9 3
#   B1 0    B2 5    B3 2.01   B4 2   B5 0.1   B6 0.2
#   C5 100
#   D1 10   D2 30   D3 50   D4 70   D5 90   D6 20   D7 100   D8 120   D9 (empty)
#   E1:E6 kinds "kegiatan" "indikator" "kegiatan" "KEGIATAN" "kegiatan" "kegiatan"
#   F1 80   F2 1000   F3 =""   F4 90   F5 (empty)   F6 "teks"
#   G1, G2, K11, M3, O9: styled empty cells (<c s=".." t="n"/>, as every blank input cell of a
#   generated workbook)
#   J/K/L: target / realisasi / target_max of the capaian cases (see CAPAIAN_INPUTS)
#   M/N: pagu / realisasi Rp of the serapan cases; O: capaian of the predikat cases
#   P1 5   P3 2
# Sheet "Rekap Kegiatan": A1:A5 the five labels, B1 42.5.
# Sheet "Daftar": C2:C8 the SAKIP grades D..AA, E2:E5 the BPK opinions TMP..WTP, in ordinal order.
# Sheet "Bu'Ani": A1 4.
# Defined names (workbook scope): Labels = 'Rekap Kegiatan'!$A$1:$A$5, Nilai = 'Rekap Kegiatan'!$B$1,
# SKALA_SAKIP = Daftar!$C$2:$C$8, SKALA_BPK = Daftar!$E$2:$E$5; (scope: sheet Uji): Lokal = Uji!$A$1.

LABELS = ["Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi"]
SAKIP = ["D", "C", "CC", "B", "BB", "A", "AA"]
BPK = ["TMP", "TW", "WDP", "WTP"]
INPUTS = {
    "A1": 10, "A2": 20, "A3": '=IF(1>2,1,"")', "A5": "teks", "A6": 0,
    "A7": 1, "A8": 2, "A9": 3,
    "B1": 0, "B2": 5, "B3": 2.01, "B4": 2, "B5": 0.1, "B6": 0.2,
    "C5": 100,
    "D1": 10, "D2": 30, "D3": 50, "D4": 70, "D5": 90, "D6": 20, "D7": 100, "D8": 120,
    "E1": "kegiatan", "E2": "indikator", "E3": "kegiatan", "E4": "KEGIATAN", "E5": "kegiatan",
    "E6": "kegiatan",
    "F1": 80, "F2": 1000, "F3": '=IF(1>2,1,"")', "F4": 90, "F6": "teks",
    "M1": 1000, "N1": 998, "M2": 0, "N2": 5, "N3": 5,
    "O1": 50, "O2": 50.0001, "O3": 65, "O4": 75, "O5": 90, "O6": 90.5, "O7": 150,
    "O8": '=IF(1>2,1,"")', "O10": -5,
    "P1": 5, "P3": 2,
}  # fmt: skip
#: Capaian inputs: row -> (target J, realisasi K, target_max L).
CAPAIAN_INPUTS = {
    1: (12, 11, None), 2: (10, 4, None), 3: (10, 30, None), 4: (10, 8, None),
    5: (10, 25, 20), 6: (10, 15, 20), 7: (10, 5, 20), 8: ("CC", "B", None), 9: ("WDP", "WTP", None),
    10: (0, 5, None), 11: (12, None, None), 12: ("cc", "bb", None), 13: ("CC", 80, None),
    14: (10, "teks", None), 15: (10, 0, None),
}  # fmt: skip
#: Cells given a style and no value: openpyxl writes them as <c r=".." s=".." t="n"/>.
STYLED_EMPTY = ["G1", "G2", "K11", "M3", "O9"]


def grade(cell: str) -> str:
    """The 5-level nested IF the generator uses for a capaian category."""
    return (
        f'=IF({cell}<20,"Sangat Rendah",IF({cell}<40,"Rendah",IF({cell}<60,"Sedang",'
        f'IF({cell}<80,"Tinggi",IF({cell}<=100,"Sangat Tinggi","")))))'
    )


def capaian(metode: Metode, row: int) -> str:
    """The generator's capaian formula for the inputs on ``row`` of J/K/L."""
    return xf.capaian(metode, f"J{row}", f"K{row}", f"L{row}" if metode is Metode.RENTANG else None)


#: Versions whose values the ``differs`` entries pin (LibreOffice: the one CI installs).
ENGINE_VERSIONS = {
    "formulas": "formulas 1.3.4",
    "formualizer": "formualizer 0.13.0",
    "ironcalc": "ironcalc 0.9.1",
    "libreoffice": "LibreOffice 7.4",
}


@dataclass(frozen=True)
class Case:
    id: str
    formula: str
    excel: object  # what Excel gives
    source: str  # which documented Excel behaviour gives it
    formulas_134: object = None  # what formulas 1.3.4 gives, only where it differs from Excel
    #: what another engine gives, only where it differs from Excel: {"ironcalc": True, ...}
    others: dict[str, object] = field(default_factory=dict)

    def differs_in(self, engine: str) -> bool:
        if engine == "formulas":
            return self.formulas_134 is not None
        return engine in self.others

    def engine_value(self, engine: str) -> object:
        return self.formulas_134 if engine == "formulas" else self.others[engine]

    @property
    def differs(self) -> bool:
        return self.formulas_134 is not None or bool(self.others)


CASES = [
    # IF / AND / OR / NOT
    Case("if_true", '=IF(A1>5,"ya","tidak")', "ya", DOC["IF"]),
    Case("if_false", '=IF(A1<5,"ya","tidak")', "tidak", DOC["IF"]),
    Case("if_no_else", '=IF(A1<5,"ya")', False, DOC["IF"] + " (value_if_false omitted: FALSE)"),
    Case("and_true", "=AND(A1>5,A2>5)", True, DOC["AND"]),
    Case("and_false", "=AND(A1>5,A2>50)", False, DOC["AND"]),
    Case("or_true", "=OR(A1>50,A2>5)", True, DOC["OR"]),
    Case("or_false", "=OR(A1>50,A2>50)", False, DOC["OR"]),
    Case("not", "=NOT(A1>5)", False, DOC["NOT"]),
    # ISNUMBER / ISBLANK: a formula giving "" is text, not a number and not blank
    Case("isnumber_number", "=ISNUMBER(A1)", True, DOC["IS"]),
    Case("isnumber_zero", "=ISNUMBER(A6)", True, DOC["IS"]),
    Case("isnumber_empty_text", "=ISNUMBER(A3)", False, DOC["IS"]),
    Case("isnumber_blank", "=ISNUMBER(A4)", False, DOC["IS"]),
    Case("isnumber_text", "=ISNUMBER(A5)", False, DOC["IS"]),
    Case("isblank_blank", "=ISBLANK(A4)", True, DOC["IS"] + " (refers to an empty cell)"),
    Case("isblank_empty_text", "=ISBLANK(A3)", False, DOC["IS"] + ' (a "" result is not empty)'),
    Case("isblank_number", "=ISBLANK(A1)", False, DOC["IS"]),
    # IFERROR
    Case("iferror_error", '=IFERROR(A1/B1,"x")', "x", DOC["IFERROR"]),
    Case("iferror_value", '=IFERROR(A1/B2,"x")', 2.0, DOC["IFERROR"]),
    Case("iferror_empty_text", '=IFERROR(A3*1,"")', "", DOC["IFERROR"]),
    # MATCH against a vertical workbook-scoped named range of text on another sheet
    Case("match_exact", '=MATCH("Sedang",Labels,0)', 3.0, DOC["MATCH"]),
    Case("match_case_insensitive", '=MATCH("sEDANG",Labels,0)', 3.0,
         DOC["MATCH"] + " (does not distinguish upper and lower case)"),
    Case("match_first", '=MATCH("Sangat Rendah",Labels,0)', 1.0, DOC["MATCH"]),
    Case("match_last", '=MATCH("Sangat Tinggi",Labels,0)', 5.0, DOC["MATCH"]),
    Case("match_not_found", '=MATCH("Nihil",Labels,0)', "#N/A", DOC["MATCH"] + " (#N/A if no match)"),
    # AVERAGE: text, blanks and "" in references are ignored, zeros count
    Case("average_mixed", "=AVERAGE(A1:A6)", 10.0,
         DOC["AVERAGE"] + " (text, logical values, empty cells in a reference ignored; zero counted)"),
    Case("average_non_contiguous", "=AVERAGE(A1:A3,A7:A9,C5)", 136 / 6, DOC["AVERAGE"]),
    Case("average_nothing_to_average", "=AVERAGE(A3:A4)", "#DIV/0!",
         DOC["AVERAGE"] + " (no number: the sum is divided by a count of 0)"),
    Case("average_typed_text_number", '=AVERAGE(A1,"5")', 7.5,
         DOC["AVERAGE"] + " (text representations of numbers typed in the arguments are counted)",
         others={"libreoffice": "#VALUE!"}),
    # SUM / MAX / MIN
    Case("sum_with_empty_text", "=SUM(A1:A6)", 30.0, DOC["SUM"]),
    Case("sum_empty_text_argument", "=SUM(A3,1)", 1.0, DOC["SUM"]),
    Case("max", "=MAX(A1:A6)", 20.0, DOC["MAX"]),
    Case("min_with_zero", "=MIN(A1:A6)", 0.0, DOC["MIN"]),
    Case("min_ignores_text_and_blank", "=MIN(A1:A5)", 10.0, DOC["MIN"]),
    Case("max_no_number", "=MAX(A3:A5)", 0.0, DOC["MAX"] + " (no numbers: 0)"),
    # ROUND: half away from zero, on the 15-significant-digit decimal value
    Case("round_57_805", "=ROUND(57.805,2)", 57.81, DOC["ROUND"]),
    Case("round_2_675", "=ROUND(2.675,2)", 2.68, DOC["ROUND"]),
    Case("round_doc_2_15", "=ROUND(2.15,1)", 2.2, DOC["ROUND"] + " (example: 2.2)"),
    Case("round_doc_neg_1_475", "=ROUND(-1.475,2)", -1.48, DOC["ROUND"] + " (example: -1.48)"),
    Case("round_doc_21_5", "=ROUND(21.5,-1)", 20.0, DOC["ROUND"] + " (example: 20)"),
    Case("round_half_up_0", "=ROUND(2.5,0)", 3.0, DOC["ROUND"]),
    Case("round_half_away_0", "=ROUND(-2.5,0)", -3.0, DOC["ROUND"]),
    Case("round_computed", "=ROUND(A2/3,2)", 6.67, DOC["ROUND"]),
    Case("round_tie_1_005", "=ROUND(1.005,2)", 1.01,
         DOC["ROUND"] + "; " + DOC["LIMITS"] + " (15-digit precision: 1.005 is a tie)", 1.0),
    Case("round_tie_0_285", "=ROUND(0.285,2)", 0.29, DOC["ROUND"], 0.28),
    Case("round_tie_computed", "=ROUND(B3/B4,2)", 1.01, DOC["ROUND"] + " (2.01/2 = 1.005)", 1.0),
    Case("round_tie_negative", "=ROUND(-0.145,2)", -0.15, DOC["ROUND"], -0.14),
    # COUNT / COUNTA / COUNTIF
    Case("count", "=COUNT(A1:A6)", 3.0, DOC["COUNT"]),
    Case("counta_counts_empty_text", "=COUNTA(A1:A6)", 5.0,
         DOC["COUNTA"] + ' (counts empty text ""; not empty cells)'),
    Case("countif_greater", '=COUNTIF(A1:A9,">5")', 2.0, DOC["COUNTIF"]),
    Case("countif_text", '=COUNTIF(A1:A9,"TEKS")', 1.0, DOC["COUNTIF"] + " (case-insensitive)"),
    Case("countif_empty", '=COUNTIF(A1:A6,"")', 2.0,
         DOC["COUNTIF"] + '; blank and "" both match "", as in ' + DOC["COUNTBLANK"]),
    # SUMIF / SUMPRODUCT / ABS
    Case("sumif", '=SUMIF(A1:A9,">5")', 30.0, DOC["SUMIF"]),
    Case("sumif_sum_range", '=SUMIF(A7:A9,">1",A1:A3)', 20.0, DOC["SUMIF"]),
    Case("sumproduct", "=SUMPRODUCT(A7:A9,A1:A3)", 50.0,
         DOC["SUMPRODUCT"] + " (non-numeric entries are treated as zeros)"),
    Case("sumproduct_squares", "=SUMPRODUCT(A7:A9,A7:A9)", 14.0, DOC["SUMPRODUCT"]),
    Case("abs_literal", "=ABS(-3.5)", 3.5, DOC["ABS"]),
    Case("abs_cells", "=ABS(A6-A1)", 10.0, DOC["ABS"]),
    # the 5-level nested IF giving the category labels
    Case("grade_sangat_rendah", grade("D1"), "Sangat Rendah", DOC["IF"]),
    Case("grade_rendah", grade("D2"), "Rendah", DOC["IF"]),
    Case("grade_sedang", grade("D3"), "Sedang", DOC["IF"]),
    Case("grade_tinggi", grade("D4"), "Tinggi", DOC["IF"]),
    Case("grade_sangat_tinggi", grade("D5"), "Sangat Tinggi", DOC["IF"]),
    Case("grade_boundary_20", grade("D6"), "Rendah", DOC["IF"]),
    Case("grade_boundary_100", grade("D7"), "Sangat Tinggi", DOC["IF"]),
    Case("grade_over_100", grade("D8"), "", DOC["IF"]),
    Case("grade_blank_is_zero", grade("D9"), "Sangat Rendah", DOC["IF"] + " (an empty cell is 0)"),
    Case("grade_named_cell", grade("Nilai"), "Sedang", DOC["NAMES"]),
    # & (text concatenation)
    Case("concat", '=A5&" "&A1&"%"', "teks 10%", DOC["OPERATORS"]),
    Case("concat_blank", '="x"&A4&"y"', "xy", DOC["OPERATORS"]),
    Case("concat_bool", '="x"&(A1>5)', "xTRUE", DOC["OPERATORS"],
         others={"ironcalc": True,  # the reader drops the parentheses: ("x"&A1)>5
                 "libreoffice": "x1"}),
    Case("concat_integral_float", '=A1*1.5&""', "15", DOC["OPERATORS"]),
    Case("concat_long_fraction", '=A2/3&""', "6.66666666666667",
         DOC["OPERATORS"] + "; " + DOC["LIMITS"] + " (a number becomes text with at most 15 significant digits)",
         "6.666666666666667", others={"formualizer": "6.666666666666667", "ironcalc": "6.666666666666667"}),
    Case("concat_binary_noise", '=(B5+B6)&""', "0.3",
         DOC["LIMITS"] + " (15 significant digits: 0.300000000000000)", "0.30000000000000004",
         others={"formualizer": "0.30000000000000004", "ironcalc": "0.30000000000000004"}),
    # comparisons involving "" and blanks (order: numbers < text < logical values)
    Case("cmp_empty_text_gt_number", "=A3>5", True, DOC["MATCH"] + " (ascending order: numbers, then text)"),
    Case("cmp_empty_text_lt_number", "=A3<A1", False, DOC["MATCH"]),
    Case("cmp_empty_text_eq_zero", "=A3=0", False, DOC["OPERATORS"]),
    Case("cmp_empty_text_eq_empty", '=A3=""', True, DOC["OPERATORS"]),
    Case("cmp_empty_text_ne_empty", '=A3<>""', False, DOC["OPERATORS"]),
    Case("cmp_blank_eq_zero", "=A4=0", True, DOC["OPERATORS"] + " (an empty cell compares as 0 or \"\")"),
    Case("cmp_blank_eq_empty", '=A4=""', True, DOC["OPERATORS"]),
    Case("cmp_text_lt_number", "=A5<5", False, DOC["MATCH"]),
    Case("arith_empty_text", "=A3+1", "#VALUE!", DOC["VALUE!"] + " (text in arithmetic)"),
    Case("arith_blank", "=A4+1", 1.0, DOC["OPERATORS"] + " (an empty cell is 0)"),
    # division by zero guarded by IF: only the branch taken is computed
    Case("guard_zero", '=IF(B1>0,A1/B1,"")', "", DOC["DIV0"] + " (=IF(B1,A1/B1,...) guard)"),
    Case("guard_nonzero", '=IF(B2>0,A1/B2,"")', 2.0, DOC["DIV0"]),
    Case("guard_empty_text", '=IF(AND(ISNUMBER(A3),ISNUMBER(A1)),IF(A3>0,A1/A3*100,""),"")', "", DOC["IS"]),
    Case("guard_typical_row", '=IF(AND(ISNUMBER(A1),ISNUMBER(A2)),IF(A1>0,A2/A1*100,""),"")', 200.0, DOC["IF"]),
    Case("div_zero", "=A1/B1", "#DIV/0!", DOC["DIV0"]),
    Case("div_by_blank", "=A1/A4", "#DIV/0!", DOC["DIV0"] + " (an empty cell divides as 0)"),
    # references to other sheets and defined names
    Case("sheet_with_space", "='Rekap Kegiatan'!B1*2", 85.0, DOC["REFS"] + " (quote names with spaces)"),
    Case("sheet_with_space_range", "=COUNTA('Rekap Kegiatan'!A1:A5)", 5.0, DOC["REFS"]),
    Case("defined_name_single_cell", "=Nilai+1", 43.5, DOC["NAMES"]),
    Case("defined_name_alone", "=Nilai", 42.5, DOC["NAMES"]),
    Case("defined_name_sheet_scope", "=Lokal*2", 20.0,
         DOC["NAMES"] + " (a name scoped to the worksheet, Lokal = Uji!$A$1)", "#REF!"),
    Case("sheet_with_apostrophe", "='Bu''Ani'!A1+1", 5.0, DOC["OOXML"], "#REF!"),
    # plain references and errors
    Case("ref_blank", "=A4", 0.0, DOC["OPERATORS"] + " (a formula referring to an empty cell shows 0)"),
    Case("empty_text_literal", '=""', "", DOC["OPERATORS"]),
    Case("na", "=NA()", "#N/A", DOC["NA"]),
    Case("unknown_function", "=NOSUCHFUNCTION(1)", "#NAME?", DOC["NAME?"]),
    # -- the generator's own formulas (lkjip_xl.xlformulas), on hand-computed inputs --------------
    # capaian, one shape per metode (rules/capaian.py): J target, K realisasi, L target_max
    Case("capaian_positif", capaian(Metode.POSITIF, 1), 11 / 12 * 100, DOC["IF"] + " (11/12*100)"),
    Case("capaian_negatif", capaian(Metode.NEGATIF, 2), (2 * 10 - 4) / 10 * 100,
         DOC["MAX"] + " ((2*10-4)/10*100)"),
    Case("capaian_negatif_floor", capaian(Metode.NEGATIF, 3), 0.0, DOC["MAX"] + " (MAX(0,-100))"),
    Case("capaian_negatif_rasio", capaian(Metode.NEGATIF_RASIO, 4), 10 / 8 * 100, DOC["IF"] + " (10/8*100)"),
    Case("capaian_negatif_rasio_zero", capaian(Metode.NEGATIF_RASIO, 15), "", DOC["AND"] + " (realisasi 0)"),
    Case("capaian_rentang_above", capaian(Metode.RENTANG, 5), 25 / 20 * 100, DOC["IF"] + " (25 over 10..20)"),
    Case("capaian_rentang_inside", capaian(Metode.RENTANG, 6), 100.0, DOC["IF"] + " (15 in 10..20)"),
    Case("capaian_rentang_below", capaian(Metode.RENTANG, 7), 5 / 10 * 100, DOC["IF"] + " (5 under 10..20)"),
    Case("capaian_sakip_grades", capaian(Metode.POSITIF, 8), 4 / 3 * 100,
         DOC["MATCH"] + " (CC=3, B=4 in SKALA_SAKIP; IFERROR: " + DOC["IFERROR"] + ")"),
    Case("capaian_bpk_grades", capaian(Metode.POSITIF, 9), 4 / 3 * 100,
         DOC["MATCH"] + " (not in SKALA_SAKIP: #N/A, then WDP=3, WTP=4 in SKALA_BPK)"),
    Case("capaian_grades_any_case", capaian(Metode.POSITIF, 12), 5 / 3 * 100,
         DOC["MATCH"] + " (cc=3, bb=5: MATCH ignores case)"),
    Case("capaian_target_zero", capaian(Metode.POSITIF, 10), "", DOC["IF"] + " (target 0: no capaian)"),
    Case("capaian_styled_blank_realisasi", capaian(Metode.POSITIF, 11), "",
         DOC["IS"] + " (an empty cell is not a number; MATCH of it is #N/A)"),
    Case("capaian_grade_against_number", capaian(Metode.POSITIF, 13), "", DOC["MATCH"] + " (80 in no scale)"),
    Case("capaian_text_realisasi", capaian(Metode.POSITIF, 14), "", DOC["IS"]),
    # serapan (capaian Rp): M pagu, N realisasi Rp
    Case("serapan", xf.serapan("N1", "M1"), 998 / 1000 * 100, DOC["IF"] + " (998/1000*100)"),
    Case("serapan_pagu_zero", xf.serapan("N2", "M2"), "", DOC["IF"]),
    Case("serapan_styled_blank_pagu", xf.serapan("N3", "M3"), "", DOC["IS"]),
    # predikat (Permendagri 86/2017 bands, upper edges inclusive): O capaian
    Case("predikat_50", xf.predikat("O1"), "Sangat Rendah", DOC["IF"] + " (50 <= 50)"),
    Case("predikat_just_above_50", xf.predikat("O2"), "Rendah", DOC["IF"]),
    Case("predikat_65", xf.predikat("O3"), "Rendah", DOC["IF"]),
    Case("predikat_75", xf.predikat("O4"), "Sedang", DOC["IF"]),
    Case("predikat_90", xf.predikat("O5"), "Tinggi", DOC["IF"]),
    Case("predikat_90_5", xf.predikat("O6"), "Sangat Tinggi", DOC["IF"]),
    Case("predikat_over_100", xf.predikat("O7"), "Sangat Tinggi", DOC["IF"]),
    Case("predikat_empty_text", xf.predikat("O8"), "", DOC["IS"] + ' ("" is not a number)'),
    Case("predikat_styled_blank", xf.predikat("O9"), "", DOC["IS"]),
    Case("predikat_negative", xf.predikat("O10"), "Sangat Rendah", DOC["IF"]),
    # sums and averages that stay empty when there is nothing to add up
    Case("plus_one_blank", xf.plus("P1", "G1"), 5.0, DOC["COUNT"] + "; " + DOC["SUM"]),
    Case("plus_all_blank", xf.plus("G1", "G2"), "", DOC["COUNT"] + " (0 numbers)"),
    Case("minus", xf.minus("P1", "P3"), 3.0, DOC["IS"]),
    Case("minus_blank", xf.minus("P1", "G1"), "", DOC["IS"]),
    Case("average_guarded", xf.average("F1:F6"), (80 + 1000 + 90) / 3, DOC["AVERAGE"] + " (text, \"\" and blanks ignored)"),
    Case("average_guarded_nothing", xf.average("F3", "F5", "G1"), "", DOC["AVERAGE"] + "; " + DOC["IFERROR"]),
    Case("total_range", xf.total("F1:F6"), 1170.0, DOC["SUM"]),
    Case("total_cells", xf.total("F1", "G1"), 80.0, DOC["SUM"]),
    # AVERAGEIF over the kind column (text criteria ignore case, as in COUNTIF)
    Case("averageif", '=AVERAGEIF(E1:E6,"kegiatan",F1:F6)', 85.0,
         DOC["AVERAGEIF"] + " (empty cells, text and \"\" in average_range ignored)"),
    Case("averageif_guarded", xf.average_if("E1:E6", "kegiatan", "F1:F6"), 85.0, DOC["AVERAGEIF"]),
    Case("averageif_no_match", '=AVERAGEIF(E1:E6,"nihil",F1:F6)', "#DIV/0!",
         DOC["AVERAGEIF"] + " (no cell meets the criteria: #DIV/0!)"),
    Case("averageif_guarded_no_match", xf.average_if("E1:E6", "nihil", "F1:F6"), "", DOC["IFERROR"]),
    # a styled empty cell, as openpyxl writes every blank input cell of a generated workbook
    Case("styled_blank_isnumber", "=ISNUMBER(G1)", False, DOC["IS"]),
    Case("styled_blank_isblank", "=ISBLANK(G1)", True, DOC["IS"]),
    Case("styled_blank_eq_empty", '=G1=""', True, DOC["OPERATORS"]),
    Case("styled_blank_count", "=COUNT(F1,G1)", 1.0, DOC["COUNT"]),
    Case("styled_blank_average", "=AVERAGE(F1,G1)", 80.0, DOC["AVERAGE"]),
    Case("styled_blank_plus_1", "=G1+1", 1.0, DOC["OPERATORS"] + " (an empty cell is 0)"),
    # references the Ringkasan sheet makes: a text cell and an empty cell of another sheet
    Case("sheet_ref_text", "='Rekap Kegiatan'!A2", "Rendah", DOC["REFS"]),
    Case("sheet_ref_blank", "='Rekap Kegiatan'!C9", 0.0, DOC["REFS"] + " (an empty cell shows 0)"),
]  # fmt: skip

FIRST_ROW = 1
COLUMN = "H"


def _address(index: int) -> str:
    return f"{COLUMN}{FIRST_ROW + index}"


def build_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Uji"
    for address, value in INPUTS.items():
        ws[address] = value
    for row, (target, realisasi, target_max) in CAPAIAN_INPUTS.items():
        for col, value in (("J", target), ("K", realisasi), ("L", target_max)):
            if value is not None:
                ws[f"{col}{row}"] = value
    for address in STYLED_EMPTY:
        ws[address].font = Font(bold=True)  # a style and no value: <c r=".." s="1" t="n"/>
    for i, case in enumerate(CASES):
        ws[_address(i)] = case.formula
        ws[f"I{FIRST_ROW + i}"] = case.id  # a label, handy when opening the file by hand
    rekap = wb.create_sheet("Rekap Kegiatan")
    for i, label in enumerate(LABELS, start=1):
        rekap[f"A{i}"] = label
    rekap["B1"] = 42.5
    daftar = wb.create_sheet("Daftar")
    for i, grade_ in enumerate(SAKIP, start=2):
        daftar[f"C{i}"] = grade_
    for i, opini in enumerate(BPK, start=2):
        daftar[f"E{i}"] = opini
    wb.create_sheet("Bu'Ani")["A1"] = 4
    wb.defined_names["Labels"] = DefinedName("Labels", attr_text="'Rekap Kegiatan'!$A$1:$A$5")
    wb.defined_names["Nilai"] = DefinedName("Nilai", attr_text="'Rekap Kegiatan'!$B$1")
    wb.defined_names[NAME_SKALA_SAKIP] = DefinedName(NAME_SKALA_SAKIP, attr_text=f"Daftar!$C$2:$C${len(SAKIP) + 1}")
    wb.defined_names[NAME_SKALA_BPK] = DefinedName(NAME_SKALA_BPK, attr_text=f"Daftar!$E$2:$E${len(BPK) + 1}")
    ws.defined_names["Lokal"] = DefinedName("Lokal", attr_text="Uji!$A$1")  # sheet scope
    wb.save(path)
    return path


# -- the engines -----------------------------------------------------------------------------


#: Every engine of the project, built by the project's own factory (lkjip_xl.engine.default), and
#: the IronCalc oracle of the tests.
ENGINES: dict[str, Callable[[], Engine]] = {name: partial(make_engine, name) for name in ENGINE_NAMES}
ENGINES["ironcalc"] = IronCalcEngine


def unavailable(engine: str) -> str | None:
    """Why ``engine`` cannot run here, or None."""
    if engine == "libreoffice":
        from lkjip_xl.engine.libreoffice import find_soffice

        return None if find_soffice() else "LibreOffice (soffice) not installed; bash .ci/install-libreoffice"
    module = {"formulas": "formulas", "formualizer": "formualizer", "ironcalc": "ironcalc"}[engine]
    return None if find_spec(module) else f"{module} not installed (pip install '.[test]')"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("coverage") / "coverage.xlsx")


@pytest.fixture(scope="module")
def results(workbook: Path) -> Callable[[str], dict[str, object]]:
    """``results(engine)``: every case's value as that engine computes it (once per engine)."""
    cache: dict[str, dict[str, object]] = {}

    def get(engine: str) -> dict[str, object]:
        why = unavailable(engine)
        if why:
            if os.environ.get("CI") == "true":
                pytest.fail(f"{engine}: {why} (required under CI)", pytrace=False)
            pytest.skip(why)
        if engine not in cache:
            values = ENGINES[engine]().evaluate(workbook)
            cache[engine] = {case.id: values[("Uji", _address(i))] for i, case in enumerate(CASES)}
        return cache[engine]

    return get


@pytest.fixture(scope="module")
def computed(results: Callable[[str], dict[str, object]]) -> dict[str, object]:
    """The values formulas 1.3.4 computes (the fixture the formulas-only tests used)."""
    return results("formulas")


def same(actual: object, expected: object) -> bool:
    """Equal, with floats compared to 1e-12 relative (types must match: 1.0 is not True)."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, float):
        return isinstance(actual, float) and math.isclose(actual, expected, rel_tol=1e-12, abs_tol=1e-12)
    return type(actual) is type(expected) and actual == expected


def _param(engine: str, case: Case) -> object:
    marks = []
    if case.differs_in(engine):
        marks.append(
            pytest.mark.xfail(
                strict=True,
                reason=f"{ENGINE_VERSIONS[engine]} gives {case.engine_value(engine)!r} for {case.formula}; "
                f"Excel gives {case.excel!r}",
            )
        )
    return pytest.param(engine, case, id=f"{engine}-{case.id}", marks=marks)


@pytest.mark.parametrize(("engine", "case"), [_param(e, c) for e in ENGINES for c in CASES])
def test_excel_value(engine: str, case: Case, results: Callable[[str], dict[str, object]]) -> None:
    """The engine gives what Excel gives (xfail where the pinned engine is known to differ)."""
    value = results(engine)[case.id]
    assert same(value, case.excel), (
        f"{engine}: {case.formula}: engine {value!r}, Excel {case.excel!r} ({case.source})"
    )


@pytest.mark.parametrize(
    ("engine", "case"),
    [pytest.param(e, c, id=f"{e}-{c.id}") for e in ENGINES for c in CASES if c.differs_in(e)],
)
def test_known_difference_is_exactly_as_documented(
    engine: str, case: Case, results: Callable[[str], dict[str, object]]
) -> None:
    """Where a pinned engine differs, it gives exactly the documented wrong value (not another)."""
    value = results(engine)[case.id]
    documented = case.engine_value(engine)
    assert same(value, documented), (
        f"{case.formula}: {engine} now gives {value!r}; the notes say {ENGINE_VERSIONS[engine]} gives "
        f"{documented!r} (Excel {case.excel!r}): update the notes and this case"
    )


def test_every_case_has_a_source() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert all(c.source for c in CASES)
    assert all(set(c.others) <= set(ENGINES) - {"formulas"} for c in CASES)


def test_every_function_the_generator_writes_is_covered() -> None:
    """Each function in the formulas the generator writes (xlformulas) appears in some case."""
    from tests.engine.formulas_parser import formula_functions

    written = set()
    for metode in Metode:
        written.update(formula_functions(xf.capaian(metode, "A1", "B1", "C1")))
    for text in (xf.serapan("A1", "B1"), xf.predikat("A1"), xf.average("A1:A3"),
                 xf.average_if("A1:A3", "x", "B1:B3"), xf.total("A1:A3"), xf.plus("A1", "B1"),
                 xf.minus("A1", "B1")):
        written.update(formula_functions(text))
    covered = {f for c in CASES for f in formula_functions(c.formula)}
    assert written <= covered, written - covered
