"""Formula text: relative shapes, trees, rendering at another cell."""

from __future__ import annotations

import pytest

from lkjip_xl.audit import formula as fx


@pytest.mark.parametrize("a, b", [
    (("=W18/M18*100", 18, 25), ("=W40/M40*100", 40, 25)),
    (("=+K18+W18", 18, 27), ("=K19+W19", 19, 27)),           # a leading unary plus changes nothing
    (("=SUM(J18:J37)", 17, 10), ("=sum( L18:L37 )", 17, 12)),  # case and spaces
    (("=O45/$M$38*100", 45, 15), ("=O46/$M$38*100", 46, 15)),  # the absolute part stays where it is
])
def test_same_shape(a, b):
    assert fx.shape_key(*a) == fx.shape_key(*b)


@pytest.mark.parametrize("a, b", [
    (("=W18/M18*100", 18, 25), ("=W19/N19*100", 19, 25)),  # another column
    (("=W18/M18*100", 18, 25), ("=W19/M20*100", 19, 25)),  # another row
    (("=W18/M18*100", 18, 25), ("=W19*M19*100", 19, 25)),  # another operator
    (("=SUM(J18:J37)", 17, 10), ("=AVERAGE(J18:J37)", 17, 10)),
    (('=IF(A1="x",1,0)', 1, 2), ('=IF(A1="X",1,0)', 1, 2)),  # text keeps its case
])
def test_other_shape(a, b):
    assert fx.shape_key(*a) != fx.shape_key(*b)


def test_shape_key_leaves_strings_and_sheet_names_alone():
    assert fx.shape_key("='Rekap Kegiatan'!A9&\"B2\"", 12, 1) == "='REKAP KEGIATAN'!R[-3]C[0]&\"B2\""


def test_tree_and_rendering_at_another_cell():
    node = fx.parse("=IFERROR(AVERAGE($J$10:J13),\"\")", 9, 10)
    assert fx.functions(node) == ["IFERROR", "AVERAGE"]
    assert fx.render(node, 20, 11) == 'IFERROR(AVERAGE($J$10:K24),"")'
    ref = fx.refs(node)[0]
    assert ref.at(9, 10) == (10, 10, 13, 10)


def test_chained_range_is_its_bounding_box():
    ref = fx.parse("=AVERAGE(T56:T64:T67)", 55, 20).args[0]
    assert (ref.kind, ref.parts, ref.at(55, 20)) == ("area", 3, (56, 20, 67, 20))


def test_names_errors_whole_columns_and_intersections():
    assert fx.parse("=SKALA_SAKIP", 1, 1) == fx.Name("SKALA_SAKIP")
    assert fx.parse("=#REF!+1", 1, 1) == fx.Bin("+", fx.Err("#REF!"), fx.Num(1.0, "1"))
    assert fx.parse("=SUM(A:B)", 1, 3).args[0].kind == "cols"
    assert fx.parse("=SUM(A1:B2 B1:C3)", 5, 5).args[0].op == " "


def test_bad_formula_text_is_a_syntax_error():
    with pytest.raises(fx.FormulaSyntaxError):
        fx.parse("=SUM(A1", 1, 1)
