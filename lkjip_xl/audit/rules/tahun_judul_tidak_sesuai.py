"""Permendagri 54/2010 J-1: the years in the column titles must fit the evaluated year and the
legend "10=(5+7+9)". With the Renja of year n-1 evaluated (columns 6-7), column 4 is the Renstra's
end target (not before n-1), column 5 the realisasi up to n-2, column 9 the Renja target of year n,
and column 10 the realisasi expected up to n; another year makes the sum count a year twice or add
a year that does not belong."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.forms import J1_54
from lkjip_xl.audit.text import cell
from lkjip_xl.findings import Severity

NAME = "tahun-judul-tidak-sesuai"

#: role -> (relation to the evaluated year Y, what the column is, the year it should name)
_EXPECT = {
    "target_renstra": (lambda y, x: x >= y, "target akhir Renstra (kolom 4)",
                       lambda y: f"tahun {y} atau sesudahnya"),
    "realisasi_lalu": (lambda y, x: x < y, "realisasi s/d tahun n-2 (kolom 5)", lambda y: f"s/d tahun {y - 1}"),
    "target_berikut": (lambda y, x: x == y + 1, "target Renja tahun n (kolom 9)", lambda y: f"tahun {y + 1}"),
    "perkiraan_realisasi": (lambda y, x: x == y + 1, "perkiraan realisasi s/d tahun n (kolom 10)",
                            lambda y: f"s/d tahun {y + 1}"),
}


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        form = sm.form
        if form is None or form.kind != J1_54:
            continue
        evaluated = [form.year_cells[r][2] for r in ("target_tahun", "realisasi_tahun") if r in form.year_cells]
        if not evaluated or len(set(evaluated)) != 1:
            continue
        y = evaluated[0]
        for role, (ok, what_col, should) in _EXPECT.items():
            found = form.year_cells.get(role)
            if found is None:
                continue
            r, c, x = found
            if ok(y, x):
                continue
            text = " ".join(str(sm.view.value(r, c)).split())
            yield Hit(NAME, Severity.WARNING, sm.name, r, c,
                      f"Tahun pada judul kolom tidak sesuai tahun yang dievaluasi ({y}, kolom 6-7) dan legenda "
                      "\"10=(5+7+9)\".",
                      f"{cell(r, c)} '{text}': {what_col} seharusnya {should(y)}, bukan {x}.",
                      group=(r, c), found=text)


RULE = Rule(NAME, "Tahun pada judul kolom formulir J-1 yang tidak sesuai tahun evaluasi", run)
