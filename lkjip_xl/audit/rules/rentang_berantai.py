"""A chained range (``AVERAGE(T56:T64:T67)``): Excel reads it as the whole box T56:T67, taking
rows the writer meant to skip."""

from __future__ import annotations

import re
from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.blocks import rows_text
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.text import cell
from lkjip_xl.findings import Severity

NAME = "rentang-berantai"
_CHAIN = re.compile(r"\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+){2,}")


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        for shape in view.shapes:
            if shape.node is None or not any(isinstance(n, fx.Ref) and n.parts > 2 for n in fx.walk(shape.node)):
                continue
            for (r, c), sid in view.shape_at.items():
                if sid != shape.id:
                    continue
                text = view.formula(r, c) or ""
                for m in _CHAIN.finditer(text):
                    ref = fx.parse("=" + m.group(0), r, c)
                    if not isinstance(ref, fx.Ref):
                        continue
                    r1, c1, r2, c2 = ref.at(r, c)
                    box = fx.render(fx.Ref(None, r1, c1, r2, c2, True, True, True, True, "area"), r, c).replace("$", "")
                    what = (f"Rentang berantai {m.group(0)}: Excel membacanya sebagai satu kotak {box} "
                            f"(baris {rows_text(list(range(r1, r2 + 1)))}), bukan hanya sel-sel yang ditulis.")
                    detail = f"{cell(r, c)} {text}; tulis sel atau rentang yang dimaksud dipisah koma."
                    yield Hit(NAME, Severity.ERROR, sm.name, r, c, what, detail, group=m.group(0), found=text)


RULE = Rule(NAME, "Rentang berantai (A1:A5:A9) yang mencakup lebih dari yang ditulis", run)
