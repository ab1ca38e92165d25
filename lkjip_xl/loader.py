"""Report files (YAML or JSON) -> the typed model, with errors that name file, line and field.

The YAML is composed into nodes (which keep their line) and converted field by field following the
model's type hints, so every problem can be reported where it is. Scalars are never left to YAML's
own guessing: ``5001.01`` stays a kode (text), ``2.872.149.185`` is read the Indonesian way, and
``on``/``yes`` are not booleans. All problems found are reported together.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from lkjip_xl import model as m
from lkjip_xl.layout import STATUS_VALUES
from lkjip_xl.errors import NumberFormatError, Problem, ReportFileError
from lkjip_xl.display import format_number
from lkjip_xl.renja.loader import renja_from_node
from lkjip_xl.report_nodes import (ReportConverter, compose, describe, field_types, is_null, join, read_report_text,
                                   scalar_number, yaml)
from lkjip_xl.rules import Range, grade_scale


_Y = {"pagu", "realisasi_rp", "k", "rp", "capaian_rp"}
_PER_YEAR = {"dasar": _Y, "laporan": _Y}
#: Which ``printed`` keys each model class accepts (nested dicts are sub-specs).
PRINTED_KEYS: dict[type, dict[str, Any]] = {
    m.TahunK: dict.fromkeys(("capaian", "target", "realisasi")),
    m.TahunRp: dict.fromkeys(("capaian_rp", "pagu", "realisasi_rp")),
    m.IndikatorSasaran: dict.fromkeys(("capaian", "target", "realisasi")),
    m.IndikatorFormula: dict.fromkeys(("hasil", "nilai_pembilang", "nilai_penyebut")),
    m.ProgramPagu: dict.fromkeys(("pagu",)),
    m.Program: {
        "dasar": {"pagu", "realisasi_rp", "capaian_rp"},
        "laporan": {"pagu", "realisasi_rp", "capaian_rp"},
        "rata_rata": _PER_YEAR,
    },
    m.Kelompok: {"rata_rata_kegiatan": _PER_YEAR, "jumlah": _PER_YEAR, "total_rata_rata": _PER_YEAR},
    m.Rekap: {"rata_rata_kegiatan": _PER_YEAR, "jumlah": _PER_YEAR, "total_rata_rata": _PER_YEAR},
    m.DataUmum: dict.fromkeys(("jumlah_rt_rw",)),
    m.Sdm: dict.fromkeys(("jumlah_pendidikan", "jumlah_pangkat", "jumlah_eselon", "jumlah_pegawai")),
    m.Keuangan: dict.fromkeys(("total", "serapan", "saldo", "saldo_persen")),
    m.Report: dict.fromkeys(("jumlah",)),  # printed_program_pagu
}

_PROGRAM_KODE = re.compile(r"^\d+(?:\.\d+)+$")


def load_report(path: str | Path, locations: dict[int, tuple[int, str]] | None = None) -> m.Report:
    """Read and validate a report file; raise ReportFileError listing every problem.

    ``locations``, when given, is filled with ``id(obj) -> (line, path)`` for every model object
    (dataclass instance) and every ``printed`` mapping (and nested printed mapping) of the report:
    the 1-based line where its YAML node starts and its field path (``rekap.kelompok[0].printed``).
    Ids are valid while the returned report is alive.
    """
    text, name, is_json = read_report_text(path)
    return loads_report(text, name=name, is_json=is_json, locations=locations)


# -- the kind of report (the `jenis` key) -----------------------------------------------------------
#: ``jenis`` values: absent or ``lkjip`` is the yearly LKjIP; ``renja`` the quarterly Renja evaluation.
KINDS = ("lkjip", "renja")


def _jenis(node: yaml.Node, name: str) -> tuple[str, yaml.Node]:
    """The report's kind and its node without the ``jenis`` key."""
    if not isinstance(node, yaml.MappingNode):
        return "lkjip", node
    kind, rest = "lkjip", []
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "jenis":
            text = value.value.strip().lower() if isinstance(value, yaml.ScalarNode) else ""
            if text not in KINDS:
                raise ReportFileError([Problem(name, value.start_mark.line + 1, "jenis",
                                               f"seharusnya salah satu dari {', '.join(KINDS)}, tertulis {describe(value)}")])
            kind = text
        else:
            rest.append((key, value))
    return kind, yaml.MappingNode(node.tag, rest, node.start_mark, node.end_mark)


def load_any_report(path: str | Path) -> Any:
    """A report file of either kind, chosen by its ``jenis`` key: ``renja`` gives a
    :class:`lkjip_xl.renja.model.RenjaReport`, anything else a LKjIP :class:`~lkjip_xl.model.Report`."""
    text, name, is_json = read_report_text(path)
    node = compose(text, name, is_json)
    if isinstance(node, yaml.MappingNode) and _jenis(node, name)[0] == "renja":
        return renja_from_node(node, name)
    return _report_from_node(node, name)


def loads_report(text: str, name: str = "<report>", is_json: bool = False,
                 locations: dict[int, tuple[int, str]] | None = None) -> m.Report:
    """Like :func:`load_report`, from text already read (``name`` is used in messages)."""
    return _report_from_node(compose(text, name, is_json), name, locations)


def _report_from_node(root: yaml.Node, name: str, locations: dict[int, tuple[int, str]] | None = None) -> m.Report:
    kind, node = _jenis(root, name)
    if kind != "lkjip":
        raise ReportFileError([Problem(name, None, "jenis", f"this is a {kind} report (jenis: {kind}), not a LKjIP; "
                                       "read it with load_any_report")])
    conv = _Converter(name)
    report = conv.convert(node, m.Report, "")
    if conv.problems:
        raise ReportFileError(conv.problems)
    problems = _validate(report, conv)
    if problems:
        raise ReportFileError(problems)
    if locations is not None:
        locations.update(conv.where)
    return report


class _Converter(ReportConverter):
    """The LKjIP model's own fields: a measure (a number, a predikat or a range ``{min, max}``) and
    the figures a printed report shows (``printed``)."""

    def union(self, node: yaml.Node, tp: Any, args: list[Any], path: str) -> Any:
        if tp == m.Measure or set(args) >= {Decimal, Range, str}:
            return self.measure(node, path)
        if set(args) == {Decimal, str}:  # Printed
            return self.printed_value(node, path)
        return super().union(node, tp, args, path)

    def field(self, cls: type, key: str, node: yaml.Node, hint: Any, path: str) -> Any:
        if key == "printed" or (cls is m.Report and key == "printed_program_pagu"):
            spec = PRINTED_KEYS[m.Report] if key == "printed_program_pagu" else PRINTED_KEYS.get(cls, {})
            return self.printed(node, spec, path)
        return super().field(cls, key, node, hint, path)

    def printed(self, node: yaml.Node, spec: Any, path: str) -> dict[str, Any]:
        if is_null(node):
            return {}
        items = self.mapping_items(node, path)
        if items is None:
            return {}
        out: dict[str, Any] = {}
        self.where[id(out)] = (node.start_mark.line + 1, path)
        for key, key_node, value_node in items:
            sub = join(path, key)
            if key not in spec:
                known = ", ".join(sorted(spec)) or "(tidak ada)"
                self.problem(key_node, sub, f"angka tercetak {key!r} tidak dikenal; yang dikenal: {known}")
                continue
            inner = spec[key] if isinstance(spec, dict) else None
            if isinstance(inner, (dict, set)):
                out[key] = self.printed(value_node, inner, sub)
            else:
                value = self.printed_value(value_node, sub)
                if value is not None:
                    out[key] = value
        return out

    def printed_value(self, node: yaml.Node, path: str) -> Decimal | str | None:
        value = self.scalar(node, path, "angka atau teks")
        if value is None or is_null(node):
            return None
        try:
            return scalar_number(node)
        except NumberFormatError:
            return value.strip()

    def measure(self, node: yaml.Node, path: str) -> Decimal | Range | str | None:
        expected = "angka, predikat (AA..D atau WTP..TMP) atau rentang {min, max}"
        if isinstance(node, yaml.MappingNode):
            items = self.mapping_items(node, path)
            if items is None:
                return None
            bounds: dict[str, Decimal | None] = {}
            for key, key_node, value_node in items:
                if key not in ("min", "max"):
                    self.problem(key_node, join(path, key), f"kunci {key!r} tidak dikenal dalam rentang; yang dikenal: min dan max")
                    return None
                bounds[key] = self.number(value_node, join(path, key))
            if set(bounds) != {"min", "max"}:
                self.problem(node, path, "rentang perlu min dan max")
                return None
            if bounds["min"] is None or bounds["max"] is None:
                return None
            if bounds["min"] > bounds["max"]:
                self.problem(node, path, f"rentang: min {format_number(bounds['min'], None, 6)} lebih besar dari max {format_number(bounds['max'], None, 6)}")
                return None
            return Range(bounds["min"], bounds["max"])
        value = self.scalar(node, path, expected)
        if value is None:
            return None
        try:
            return scalar_number(node)
        except NumberFormatError:
            pass
        grade = value.strip().upper()
        if grade_scale(grade) is not None:
            return grade
        self.problem(node, path, f"seharusnya {expected}, tertulis {value!r}")
        return None


# -- validation across the report ------------------------------------------------------------------
def _validate(report: m.Report, conv: _Converter) -> list[Problem]:
    problems: list[Problem] = []

    def add(obj: object, field: str, message: str) -> None:
        line, path = conv.locate(obj)
        problems.append(Problem(conv.name, line, join(path, field) if field else path, message))

    _check_non_negative(report, add)
    ident = report.identitas
    if ident.status is not None and ident.status.strip().lower() not in STATUS_VALUES:
        add(ident, "status", f"seharusnya salah satu dari {', '.join(STATUS_VALUES)}, tertulis {ident.status!r}")
    if ident.tahun_dasar > ident.tahun_laporan:
        add(ident, "tahun_dasar", f"{ident.tahun_dasar} sesudah tahun_laporan {ident.tahun_laporan}; tahun dasar harus sebelum tahun laporan")

    program_kode: dict[str, m.Program] = {}
    kegiatan_kode: dict[str, tuple[m.Program, m.Kegiatan]] = {}
    for _, program in report.rekap.programs():
        if not _PROGRAM_KODE.match(program.kode):
            add(program, "kode", f"seharusnya kode berupa angka dan titik seperti 5001.04, tertulis {program.kode!r}")
        if program.kode in program_kode:
            first_line, _ = conv.locate(program_kode[program.kode])
            add(program, "kode", f"kode program {program.kode!r} ditulis dua kali (pertama di baris {first_line})")
        else:
            program_kode[program.kode] = program
        seen_here: set[str] = set()
        for kegiatan in program.kegiatan:
            if not _PROGRAM_KODE.match(kegiatan.kode):
                add(kegiatan, "kode", f"seharusnya kode berupa angka dan titik, tertulis {kegiatan.kode!r}")
                continue
            if kegiatan.kode in seen_here:
                add(kegiatan, "kode", f"kode kegiatan {kegiatan.kode!r} ditulis dua kali di program {program.kode}")
                continue
            seen_here.add(kegiatan.kode)
            other = kegiatan_kode.get(kegiatan.kode)
            deviates = kegiatan.kode_menyimpang is not None
            if other is not None and not deviates:
                first_line, _ = conv.locate(other[1])
                add(kegiatan, "kode", f"kode kegiatan {kegiatan.kode!r} ditulis dua kali (juga di program "
                    f"{other[0].kode}, baris {first_line}); bila dokumennya memang mencetak begitu, "
                    "tulis alasannya di kode_menyimpang")
            kegiatan_kode.setdefault(kegiatan.kode, (program, kegiatan))
            if not kode_sits_under(kegiatan.kode, program.kode):
                if deviates:
                    report.validation_notes.append(
                        f"kegiatan {kegiatan.kode} di program {program.kode}: {kegiatan.kode_menyimpang}")
                else:
                    add(kegiatan, "kode", f"kode kegiatan {kegiatan.kode!r} tidak berada di bawah program "
                        f"{program.kode!r} (seharusnya ...{program.kode.rsplit('.', 1)[-1]}.<nomor>); bila "
                        "dokumennya memang mencetak begitu, tulis alasannya di kode_menyimpang")
            elif deviates and other is not None:
                report.validation_notes.append(
                    f"kegiatan {kegiatan.kode} di program {program.kode}: {kegiatan.kode_menyimpang}")

    pk_kode: dict[str, m.IndikatorSasaran] = {}
    for sasaran in report.perjanjian_kinerja:
        for ind in sasaran.indikator:
            if ind.kode in pk_kode:
                add(ind, "kode", f"kode indikator {ind.kode!r} ditulis dua kali di perjanjian_kinerja")
            pk_kode[ind.kode] = ind
    seen_pengukuran: set[str] = set()
    for sasaran in report.pengukuran:
        for ind in sasaran.indikator:
            if ind.kode in seen_pengukuran:
                add(ind, "kode", f"kode indikator {ind.kode!r} ditulis dua kali di pengukuran")
            seen_pengukuran.add(ind.kode)
            if pk_kode and ind.kode not in pk_kode:
                add(ind, "kode", f"tidak ada indikator perjanjian_kinerja berkode {ind.kode!r}")
    known_indikator = pk_kode.keys() | seen_pengukuran
    for formula in report.indikator_formula:
        if formula.program is not None and formula.program not in program_kode:
            add(formula, "program", f"tidak ada program rekap berkode {formula.program!r}")
        if formula.kode is not None and formula.kode not in known_indikator:
            add(formula, "kode", f"tidak ada indikator perjanjian_kinerja atau pengukuran berkode {formula.kode!r}")
    for row in report.program_pagu:
        if row.kode is not None and row.kode not in program_kode:
            add(row, "kode", f"tidak ada program rekap berkode {row.kode!r}")
    return problems


def kode_sits_under(kegiatan_kode: str, program_kode: str) -> bool:
    """``5001.500105.04.043`` sits under ``5001.04``: its second-to-last part is the program's last."""
    parts = kegiatan_kode.split(".")
    return len(parts) >= 2 and parts[-2] == program_kode.rsplit(".", 1)[-1]


def _check_non_negative(report: m.Report, add: Any) -> None:
    """Amounts and counts (Decimal/int fields) cannot be negative; K targets and realisasi can."""

    def walk(obj: Any) -> None:
        if isinstance(obj, list):
            for item in obj:
                walk(item)
            return
        if not dataclasses.is_dataclass(obj):
            return
        hints = field_types(type(obj))
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if hints[f.name] == m.Measure:
                continue
            if isinstance(value, (int, Decimal)) and not isinstance(value, (bool, Enum)):
                if value < 0:
                    add(obj, f.name, f"seharusnya angka 0 atau lebih, tertulis {format_number(value, None, 6)}")
            elif isinstance(value, (list,)) or dataclasses.is_dataclass(value):
                walk(value)

    walk(report)
