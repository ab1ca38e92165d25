"""A formula typed as text: ``stdev.s(C31:I31)/(J31) * 100`` without the leading "=", so it is never
computed and the cell shows the words."""

from __future__ import annotations

import re
from typing import Iterable

from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.text import cell
from lkjip_xl.findings import Severity

NAME = "rumus-sebagai-teks"
_CALL = re.compile(r"^\+?[A-Za-z][A-Za-z0-9.]{1,14}\(\s*\$?[A-Za-z]{1,3}\$?\d+")
_ARITH = re.compile(r"^\+?\(?\$?[A-Z]{1,3}\$?\d+\)?\s*[-+*/]\s*\(?\$?[A-Z]{1,3}\$?\d+")


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        for r in range(1, view.n_rows + 1):
            for c, v in enumerate(view.row_values(r), start=1):
                if not isinstance(v, str) or view.is_formula(r, c):
                    continue
                t = v.strip()
                if len(t) < 5 or " " in t.split("(")[0] or not (_CALL.match(t) or _ARITH.match(t)):
                    continue
                yield Hit(NAME, Severity.WARNING, sm.name, r, c,
                          "Rumus diketik sebagai teks (tanpa tanda =): tidak pernah dihitung.",
                          f"{cell(r, c)} = '{t}'; tulis ={t} agar Excel menghitungnya.", group=None, found=t,
                          expected="=" + t)


RULE = Rule(NAME, "Rumus yang diketik sebagai teks", run)
