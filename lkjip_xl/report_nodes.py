"""What the two report files (LKjIP and Renja, YAML or JSON) share before their models differ: the
text composed into YAML nodes with every syntax problem put on the line staff must correct, and the
small questions a converter asks of a node (empty? a number? which field path?).

PyYAML is imported when a report file is first read: it is compiled (no wheel for Pyodide), and the
checks, which import the loader for :func:`lkjip_xl.loader.kode_sits_under`, run inside Excel through
xlwings Lite without it.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from lkjip_xl.errors import Problem, ReportFileError
from lkjip_xl.parsing import parse_number

__all__ = ["compose", "describe", "is_null", "join", "loader", "required", "scalar_number", "yaml", "yaml_problem"]

_INT = re.compile(r"^[+-]?\d+$")


class _LazyYaml:
    """PyYAML, imported when a report file is first read.

    The first use puts the module itself in its place here; a module that imported this proxy keeps
    asking it (one attribute look-up more)."""

    def __getattr__(self, name: str) -> Any:
        import yaml as module

        globals()["yaml"] = module
        return getattr(module, name)


yaml: Any = _LazyYaml()


def loader() -> type:
    """SafeLoader, composing only: no Python objects, no custom tags."""
    return yaml.SafeLoader


def _fast_compose(text: str) -> Any:
    """The nodes of ``text``, composed by libyaml when PyYAML has it (a 100x report, 10 MB, takes
    seconds there and minutes in pure Python). A file libyaml refuses is composed again by the pure
    Python loader, whose error texts :func:`yaml_problem` knows how to say to staff. libyaml marks a
    plain scalar's style as ``""`` where PyYAML says None: read it with ``not node.style``; and its
    plain scalars keep the default tag (the converter never reads a tag)."""
    fast = _libyaml_loader()
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=loader())


@functools.lru_cache(maxsize=None)
def _libyaml_loader() -> type | None:
    """libyaml's composer, without YAML's guess of each plain scalar's type (a regular expression
    per scalar, in Python): the converter reads every scalar's text itself, never its tag."""
    base = getattr(yaml, "CSafeLoader", None)
    if base is None:
        return None
    tags = {yaml.ScalarNode: base.DEFAULT_SCALAR_TAG, yaml.SequenceNode: base.DEFAULT_SEQUENCE_TAG,
            yaml.MappingNode: base.DEFAULT_MAPPING_TAG}

    class Loader(base):  # type: ignore[misc, valid-type]
        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            return tags[kind]

    return Loader


def compose(text: str, name: str, is_json: bool) -> Any:
    """The YAML node tree of a report file's text (JSON is YAML), or ReportFileError naming the line."""
    if is_json:
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReportFileError([Problem(name, exc.lineno, "", f"JSON tidak sah: {exc.msg}")]) from exc
        except RecursionError as exc:
            raise ReportFileError([Problem(name, None, "", "data bersarang terlalu dalam")]) from exc
        # JSON allows tabs only as white space between tokens, where YAML wants spaces.
        text = text.replace("\t", " ")
    try:
        node = _fast_compose(text)
    except yaml.MarkedYAMLError as exc:
        line, what = yaml_problem(exc, text)
        raise ReportFileError([Problem(name, line, "", f"YAML tidak sah: {what}")]) from exc
    except yaml.YAMLError as exc:
        raise ReportFileError([Problem(name, None, "", f"YAML tidak sah: {exc}")]) from exc
    except RecursionError as exc:
        raise ReportFileError([Problem(name, None, "", "data bersarang terlalu dalam")]) from exc
    if node is None:
        raise ReportFileError([Problem(name, None, "", "berkas kosong; seharusnya berisi laporan (pasangan kunci: nilai)")])
    return node


#: PyYAML's contexts whose problem is found after the line at fault, where the context began: an
#: unclosed quote or bracket is noticed at the next key or at the end of the file, a key without
#: its ':' at the start of the next line.
_OPENED = {
    "while scanning a quoted scalar": "tanda kutip yang dibuka di baris ini tidak ditutup",
    "while scanning a simple key": "kunci tanpa ':' (seharusnya 'kunci: nilai')",
    "while parsing a flow sequence": "kurung '[' yang dibuka di baris ini tidak ditutup dengan ']' atau isinya "
                                     "tidak dipisah koma",
    "while parsing a flow mapping": "kurung '{' yang dibuka di baris ini tidak ditutup dengan '}' atau isinya "
                                    "tidak dipisah koma",
}


#: PyYAML's own problems (fixed texts), said in the words of a person correcting the file.
_PROBLEMS = (
    ("found character '\\t'", "tab dipakai sebagai indentasi; gunakan spasi"),
    ("mapping values are not allowed here", "tanda ':' di tempat yang tidak semestinya (nilai yang berisi "
                                            "': ' perlu diapit tanda kutip)"),
    ("expected <block end>", "indentasi baris ini tidak sejajar dengan baris di atasnya"),
    ("expected the node content", "nilai tidak lengkap di akhir berkas"),
)


def _said(problem: str) -> str:
    for start, text in _PROBLEMS:
        if problem.startswith(start):
            return f"{text} ({problem})"
    return problem


def yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """(1-based line, what is wrong) of a YAML syntax error, at the line staff must correct.

    PyYAML reports where it noticed the problem; for an unclosed quote or bracket, or a key without
    its colon, that is the next line (or the end of the file), while the mistake is where the
    context began. A problem noticed at the end of the file is put on its last line that is not
    empty."""
    context = exc.context_mark
    if exc.context in _OPENED and context is not None:
        return context.line + 1, f"{_OPENED[exc.context]} ({exc.problem})"
    mark = exc.problem_mark or context
    if mark is None:
        return None, _said(exc.problem or exc.context or "kesalahan susunan")
    lines = text.splitlines()
    line = mark.line + 1
    while line > len(lines) or (line > 1 and not lines[line - 1].strip() and mark.column == 0):
        line -= 1
    problem = exc.problem or exc.context or "kesalahan susunan"
    if problem.startswith("mapping values are not allowed"):
        # "instansi Kecamatan" (no colon) runs on into the next line's "tahun: 2020", where the
        # colon is refused: the line without its colon is the one to correct.
        before = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip()), None)
        if before is not None and ":" not in lines[before - 1] and not lines[before - 1].lstrip().startswith(("-", "#")):
            return before, f"{_OPENED['while scanning a simple key']} ({problem})"
    return max(line, 1), _said(problem)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "pasangan kunci: nilai"
    if isinstance(node, yaml.SequenceNode):
        return "daftar"
    return repr(node.value)


def _is_null(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and not node.style
        and node.value in ("", "~", "null", "Null", "NULL")
    )


def describe(node: Any) -> str:
    """What a node is, for "seharusnya ..., tertulis ..." messages."""
    if isinstance(node, yaml.MappingNode):
        return "pasangan kunci: nilai"
    if isinstance(node, yaml.SequenceNode):
        return "daftar"
    return repr(node.value)


def is_null(node: Any) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and not node.style
        and node.value in ("", "~", "null", "Null", "NULL")
    )


def scalar_number(node: Any) -> Decimal:
    """A YAML number as YAML means it (dot = decimal point); any other text the Indonesian way."""
    text = node.value.strip()
    if not node.style:
        safe = loader()
        tag = safe.resolve(safe, yaml.ScalarNode, text, (True, False))
        if tag.endswith(":int") and _INT.match(text.replace("_", "")):
            return Decimal(text.replace("_", ""))
        if tag.endswith(":float") and not any(s in text.lower() for s in ("inf", "nan")):
            try:
                return Decimal(text.replace("_", ""))
            except InvalidOperation:
                pass
    return parse_number(text)


def required(f: dataclasses.Field) -> bool:
    """A field of the model that has no default must be in the file."""
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def join(path: str, key: str) -> str:
    """``rekap.kelompok[0]`` + ``nama``: the field path that messages name."""
    return f"{path}.{key}" if path else key
