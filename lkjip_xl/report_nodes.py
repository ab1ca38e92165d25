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
import types
import typing
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, Union

from lkjip_xl.display import format_number
from lkjip_xl.errors import NumberFormatError, Problem, ReportFileError
from lkjip_xl.fileutil import os_reason
from lkjip_xl.parsing import parse_number

__all__ = ["MAX_FILE_BYTES", "ReportConverter", "compose", "describe", "field_types", "read_report_text", "is_null", "join", "loader", "required", "scalar_number", "yaml",
           "yaml_problem"]

_INT = re.compile(r"^[+-]?\d+$")
#: A report file larger than this is refused (a real one is a few hundred kilobytes).
MAX_FILE_BYTES = 20 * 1024 * 1024


class _LazyYaml:
    """PyYAML, imported when a report file is first read.

    The first use puts the module itself in its place here; a module that imported this proxy keeps
    asking it (one attribute look-up more)."""

    def __getattr__(self, name: str) -> Any:
        import yaml as module

        globals()["yaml"] = module
        return getattr(module, name)


yaml: Any = _LazyYaml()


def read_report_text(path: str | Path) -> tuple[str, str, bool]:
    """``(text, name for messages, is JSON)`` of a report file; a file that cannot be read, is too
    large or is not UTF-8 text is refused with the reason."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReportFileError([Problem(name, None, "", f"berkas tidak dapat dibaca: {os_reason(exc)}")]) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise ReportFileError([Problem(name, None, "", f"berkas lebih besar dari {format_number(MAX_FILE_BYTES)} byte")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportFileError([Problem(name, None, "", f"berkas bukan teks UTF-8 (byte ke-{format_number(exc.start)}); "
                                                       "simpan ulang sebagai UTF-8")]) from exc
    return text, name, path.suffix.lower() == ".json"


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


@functools.lru_cache(maxsize=None)
def field_types(cls: type) -> dict[str, Any]:
    """A model class's field types, worked out once: evaluating the annotations for each of a big
    report's hundred thousand objects cost seconds."""
    return typing.get_type_hints(cls)


class ReportConverter:
    """Composed YAML nodes -> a model's dataclasses, field by field following the type hints, every
    problem noted with its line and field path (all of them, not the first).

    The LKjIP and the Renja loader subclass it for what only their model has (a measure that may be
    a range or a predikat, printed figures; four triwulan values)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        #: id(model object) -> (line, field path): where the validation across the report points.
        self.where: dict[int, tuple[int, str]] = {}

    def problem(self, node: Any, path: str, message: str) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1 if node is not None else None, path, message))

    def locate(self, obj: object) -> tuple[int | None, str]:
        return self.where.get(id(obj), (None, ""))

    # -- dispatch ------------------------------------------------------------------------------
    def convert(self, node: Any, tp: Any, path: str) -> Any:
        origin = typing.get_origin(tp)
        if origin in (Union, types.UnionType):
            if is_null(node):
                return None
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                return self.convert(node, args[0], path)
            return self.union(node, tp, args, path)
        if origin is list:
            return self.sequence(node, typing.get_args(tp)[0], path)
        if dataclasses.is_dataclass(tp):
            return self.dataclass(node, tp, path)
        if tp is str:
            return self.text(node, path)
        if tp is int:
            return self.integer(node, path)
        if tp is Decimal:
            return self.number(node, path)
        if isinstance(tp, type) and issubclass(tp, Enum):
            return self.enum(node, tp, path)
        raise TypeError(f"unsupported type {tp}")  # pragma: no cover - model design error

    def union(self, node: Any, tp: Any, args: list[Any], path: str) -> Any:
        """A field that may hold values of several types (the subclass knows which)."""
        raise TypeError(f"unsupported type {tp}")  # pragma: no cover - model design error

    # -- containers ----------------------------------------------------------------------------
    def mapping_items(self, node: Any, path: str) -> list[tuple[str, Any, Any]] | None:
        """``(key, key node, value node)`` of a mapping, each key once."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, f"seharusnya pasangan kunci: nilai, tertulis {describe(node)}")
            return None
        seen: dict[str, int] = {}
        items = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, f"seharusnya kunci (teks), tertulis {describe(key_node)}")
                continue
            key = key_node.value
            if key in seen:
                self.problem(key_node, join(path, key), f"kunci ditulis dua kali (pertama di baris {seen[key]})")
                continue
            seen[key] = key_node.start_mark.line + 1
            items.append((key, key_node, value_node))
        return items

    def field(self, cls: type, key: str, node: Any, hint: Any, path: str) -> Any:
        """The value of field ``key`` of ``cls`` (a subclass reads some fields its own way)."""
        return self.convert(node, hint, path)

    def dataclass(self, node: Any, cls: type, path: str) -> Any:
        items = self.mapping_items(node, path)
        if items is None:
            return None
        fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
        hints = field_types(cls)
        values: dict[str, Any] = {}
        ok = True
        for key, key_node, value_node in items:
            sub = join(path, key)
            if key not in fields:
                self.problem(key_node, sub, f"kunci {key!r} tidak dikenal; yang dikenal: {', '.join(sorted(fields))}")
                ok = False
                continue
            before = len(self.problems)
            values[key] = self.field(cls, key, value_node, hints[key], sub)
            if len(self.problems) > before:
                ok = False
            elif values[key] is None and required(fields[key]):
                self.problem(value_node, sub, "wajib diisi, tidak boleh kosong")
                ok = False
        for fname, f in fields.items():
            if required(f) and fname not in values:
                self.problem(node, join(path, fname), "wajib ada tetapi tidak ditulis")
                ok = False
        if not ok:
            return None
        for key in list(values):
            if values[key] is None and fields[key].default_factory is not dataclasses.MISSING:
                values[key] = fields[key].default_factory()
        obj = cls(**values)
        self.where[id(obj)] = (node.start_mark.line + 1, path)
        return obj

    def sequence(self, node: Any, item_tp: Any, path: str) -> list[Any] | None:
        if is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, path, f"seharusnya daftar, tertulis {describe(node)}")
            return None
        return [self.convert(item, item_tp, f"{path}[{i}]") for i, item in enumerate(node.value)]

    # -- scalars -------------------------------------------------------------------------------
    def scalar(self, node: Any, path: str, expected: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, path, f"seharusnya {expected}, tertulis {describe(node)}")
            return None
        return node.value

    def text(self, node: Any, path: str) -> str | None:
        value = self.scalar(node, path, "teks")
        if value is None:
            return None
        value = value.strip()
        if not value:
            self.problem(node, path, "seharusnya teks, tertulis kosong")
            return None
        return value

    def number(self, node: Any, path: str, expected: str = "angka") -> Decimal | None:
        value = self.scalar(node, path, expected)
        if value is None:
            return None
        try:
            return scalar_number(node)
        except NumberFormatError:
            self.problem(node, path, f"seharusnya {expected}, tertulis {value!r}")
            return None

    def integer(self, node: Any, path: str) -> int | None:
        value = self.number(node, path, "bilangan bulat")
        if value is None:
            return None
        if value != value.to_integral_value():
            self.problem(node, path, f"seharusnya bilangan bulat, tertulis {node.value!r}")
            return None
        return int(value)

    def enum(self, node: Any, cls: type[Enum], path: str) -> Enum | None:
        value = self.scalar(node, path, "teks")
        if value is None:
            return None
        return self.choice(node, value, tuple(cls), value.strip().lower(), path)

    def choice(self, node: Any, value: str, choices: tuple[Enum, ...], text: str, path: str, hint: str = "") -> Enum | None:
        """The member of ``choices`` whose value is ``text``; else a problem listing them."""
        for member in choices:
            if member.value == text:
                return member
        names = ", ".join(str(c.value) for c in choices)
        self.problem(node, path, f"seharusnya salah satu dari {names}, tertulis {value!r}{hint}")
        return None
