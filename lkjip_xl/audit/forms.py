"""Known forms (placeholder until written)."""

from __future__ import annotations


def recognise_sheets(models) -> dict[str, str]:
    return {}
