"""A correct Renja workbook gives no finding but the expected missing-input notes."""

from lkjip_xl.findings import Severity


def test_sample_is_clean(planted):
    findings = planted()
    assert [f for f in findings if f.severity is not Severity.INFO and f.rule != "isian-kurang"] == []
    # the only note: the target 0 of a sub-kegiatan indicator
    assert [(f.rule, f.severity) for f in findings] == [("isian-kurang", Severity.WARNING)]
