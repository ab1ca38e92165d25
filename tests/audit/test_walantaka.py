"""Our own workbook, built from the Walantaka example: the audit adds no error-level finding."""

from __future__ import annotations

from lkjip_xl.audit import audit_workbook
from lkjip_xl.findings import Severity


def test_walantaka_workbook_gets_no_error_from_the_audit(walantaka_xlsx):
    result = audit_workbook(walantaka_xlsx)
    assert "Rekap Kegiatan" in result.sheets and "Daftar" in result.sheets  # hidden sheet too
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert errors == []
    assert result.forms == {"Rekap Kegiatan": "Rekapitulasi Kemajuan Pelaksanaan Kegiatan LKjIP"}
