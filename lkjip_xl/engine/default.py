"""Which engine evaluates workbooks when the caller does not say (see docs/engine-notes.md)."""

from __future__ import annotations


def default_engine():
    from lkjip_xl.engine.formulas_engine import FormulasEngine

    return FormulasEngine()
