"""The checks of a Renja workbook: the generic ones that make sense for any workbook lkjip-xl
wrote (formulas overwritten or changed, sums over the wrong rows, values the rules do not give,
Excel errors, a deleted row hidden by IFERROR) and the form's own, one small module each.

``renja_context(book)`` builds what they look at (a :class:`~lkjip_xl.checks.base.CheckContext`
whose reading, figures and expected cells are the Renja's); ``run_renja_checks(context)`` runs
them through the shared ``run_checks`` (same de-duplication and order as the LKjIP's).
"""

from __future__ import annotations

from lkjip_xl.checks import run_checks
from lkjip_xl.checks.base import Check
from lkjip_xl.findings import Finding
from lkjip_xl.renja.checks.context import RenjaContext, is_renja_book, renja_context


def renja_checks() -> list[Check]:
    from lkjip_xl.checks import (aggregate_range, excel_errors, formula_differs, formula_overwritten,
                                 structure_drift, value_differs)
    from lkjip_xl.renja.checks import (capaian_renstra, isian_triwulan, jumlah, persen_dijumlah,
                                       realisasi_melebihi_pagu, triwulan_menurun)

    return [
        # formula level: the workbook's formulas against the layout's (generic)
        formula_overwritten.CHECK,
        formula_differs.CHECK,
        aggregate_range.CHECK,
        value_differs.CHECK,
        excel_errors.CHECK,
        structure_drift.CHECK,  # a Renja workbook has no Rekap rows: only the #REF! hidden by IFERROR
        # the form's own
        jumlah.CHECK,
        realisasi_melebihi_pagu.CHECK,
        capaian_renstra.CHECK,
        triwulan_menurun.CHECK,
        persen_dijumlah.CHECK,
        isian_triwulan.CHECK,
    ]


def run_renja_checks(context: RenjaContext) -> list[Finding]:
    return run_checks(context, renja_checks())


__all__ = ["RenjaContext", "is_renja_book", "renja_checks", "renja_context", "run_renja_checks"]
