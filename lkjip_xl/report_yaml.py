"""Writing a report file: the YAML that the loaders read back as the same model.

Both report kinds are written alike: numbers as exact fixed-point text that YAML reads as numbers
(never ``1E+2``), kodes double-quoted (``"5001.01"`` stays text, not the number 5001.01), small
mappings and short rows of scalars on one line, keys in the model's order, long text unwrapped.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

__all__ = ["Flow", "Kode", "Row", "decimal_text", "dump", "flow_if_small"]

_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class Kode(str):
    """A kode value: always written double-quoted."""


class Row(list):
    """A short list of scalars, written on one line: ``[13, 13, null, null]``."""


class Flow(dict):
    """A small mapping of scalars, written on one line: ``{target: 12, realisasi: 12}``."""


class _Dumper(yaml.SafeDumper):
    pass


def decimal_text(d: Decimal) -> str:
    """The exact fixed-point text of a finite Decimal (never scientific notation)."""
    if not d.is_finite():
        raise ValueError(f"cannot write {d!r} in a report file: not a finite number")
    return format(d, "f")


def _decimal(dumper: yaml.SafeDumper, d: Decimal) -> yaml.ScalarNode:
    text = decimal_text(d)
    tag = dumper.resolve(yaml.ScalarNode, text, (True, False))
    if tag not in _NUMBER_TAGS:  # pragma: no cover - fixed-point text always resolves so
        raise ValueError(f"{text!r} would not be read back as a number")
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(Kode, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style='"'))
_Dumper.add_representer(Row, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def flow_if_small(out: dict[str, Any], width: int) -> dict[str, Any]:
    """``out`` as a :class:`Flow` when it holds scalars only (or one-line values) and its keys and
    values, as text, fit in ``width``; else as it is."""
    scalars = all(not isinstance(v, (dict, list)) or isinstance(v, (Row, Flow)) for v in out.values())
    size = sum(len(k) + len(str(v)) + 4 for k, v in out.items())
    return Flow(out) if out and scalars and size <= width else out


def dump(data: Any) -> str:
    """``data`` (plain dicts, lists, Decimals, strings, :class:`Kode`, :class:`Row`, :class:`Flow`)
    as YAML."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=1_000_000, indent=2)
