"""Renja report files (``jenis: renja``, YAML or JSON) -> the typed model, every problem located.

Like the LKjIP loader, with the same composing and node helpers (:mod:`lkjip_xl.report_nodes`): the text
is composed into YAML nodes (which keep their line), converted field
by field following the model's type hints, and every problem is reported with the file, the line
and the field path, all of them together. Scalars are never left to YAML's guessing: a kode stays
text, ``2.872.149.185`` and ``99,87`` are read the Indonesian way, ``on``/``yes`` are not booleans.
Messages are in Bahasa Indonesia, as the form is.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from lkjip_xl.errors import Problem, ReportFileError
from lkjip_xl.renja import model as rm
from lkjip_xl.report_nodes import ReportConverter, compose, describe, is_null, join, read_report_text, yaml
from lkjip_xl.rules import TRIWULAN, Metode, RealisasiTahunan

_QUARTERS = 4


def load_renja(path: str | Path) -> rm.RenjaReport:
    """Read and validate a Renja report file; ReportFileError lists every problem."""
    text, name, is_json = read_report_text(path)
    return loads_renja(text, name=name, is_json=is_json)


def loads_renja(text: str, name: str = "<laporan>", is_json: bool = False) -> rm.RenjaReport:
    """Like :func:`load_renja`, from text already read (``name`` is used in messages)."""
    return renja_from_node(compose(text, name, is_json), name)


def renja_from_node(node: yaml.Node, name: str) -> rm.RenjaReport:
    """The report a composed ``jenis: renja`` file holds (the loader's dispatch calls this)."""
    conv = _Converter(name)
    report = conv.report(node)
    if conv.problems:
        raise ReportFileError(conv.problems)
    problems = _validate(report, conv)
    if problems:
        raise ReportFileError(problems)
    return report


class _Converter(ReportConverter):
    """The Renja model's own fields: ``jenis: renja``, four triwulan values, the methods and
    annual-realisasi kinds a Renja evaluation uses."""

    def report(self, node: yaml.Node) -> rm.RenjaReport | None:
        items = self.mapping_items(node, "")
        if items is None:
            return None
        jenis = [(k, kn, vn) for k, kn, vn in items if k == "jenis"]
        if not jenis:
            self.problem(node, "jenis", f"wajib ada: jenis: {rm.JENIS}")
        else:
            _, _, vn = jenis[0]
            if not isinstance(vn, yaml.ScalarNode) or vn.value.strip().lower() != rm.JENIS:
                self.problem(vn, "jenis", f"seharusnya {rm.JENIS!r}, tertulis {describe(vn)}")
        rest = yaml.MappingNode(node.tag, [(kn, vn) for k, kn, vn in items if k != "jenis"],
                                node.start_mark, node.end_mark)
        return self.dataclass(rest, rm.RenjaReport, "")

    def sequence(self, node: yaml.Node, item_tp: Any, path: str) -> list[Any] | None:
        if item_tp == rm.Quarter:
            return self.quarters(node, path)
        return super().sequence(node, item_tp, path)

    def quarters(self, node: yaml.Node, path: str) -> list[Decimal | None] | None:
        """``triwulan: [13, 13, null, null]``: up to four values, null for a quarter not filled."""
        if is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, path, "seharusnya daftar nilai triwulan I-IV, misalnya [13, 13, null, null], "
                                     f"tertulis {describe(node)}")
            return None
        if len(node.value) > _QUARTERS:
            self.problem(node, path, f"satu tahun hanya {_QUARTERS} triwulan, tertulis {len(node.value)} nilai")
            return None
        out: list[Decimal | None] = []
        before = len(self.problems)
        for i, item in enumerate(node.value):
            out.append(None if is_null(item) else self.number(item, f"{path}[{i}]"))
        return out if len(self.problems) == before else None

    def enum(self, node: yaml.Node, cls: type[Enum], path: str) -> Enum | None:
        value = self.scalar(node, path, "teks")
        if value is None:
            return None
        choices = rm.METODE_RENJA if cls is Metode else tuple(cls)
        text = value.strip().lower().replace("_", "-") if cls is RealisasiTahunan else value.strip().lower()
        hint = " (target rentang tidak dipakai dalam evaluasi Renja)" if cls is Metode and text == "rentang" else ""
        return self.choice(node, value, choices, text, path, hint)


# -- validation across the report ------------------------------------------------------------------
def _validate(report: rm.RenjaReport, conv: _Converter) -> list[Problem]:
    problems: list[Problem] = []

    def add(obj: object, field: str, message: str) -> None:
        line, path = conv.locate(obj)
        problems.append(Problem(conv.name, line, join(path, field) if field else path, message))

    ident = report.identitas
    if not 2000 <= ident.tahun <= 2100:
        add(ident, "tahun", f"seharusnya tahun empat angka (2000-2100), tertulis {ident.tahun}")
    if not 1 <= ident.triwulan <= _QUARTERS:
        add(ident, "triwulan", f"seharusnya triwulan berjalan 1, 2, 3 atau 4, tertulis {ident.triwulan}")
    if ident.renstra_awal is not None and ident.renstra_akhir is not None:
        if ident.renstra_awal > ident.renstra_akhir:
            add(ident, "renstra_awal", f"awal periode Renstra {ident.renstra_awal} sesudah akhirnya {ident.renstra_akhir}")
        elif not ident.renstra_awal <= ident.tahun <= ident.renstra_akhir:
            add(ident, "tahun", f"tahun {ident.tahun} di luar periode Renstra {ident.renstra_awal}-{ident.renstra_akhir}")
    elif (ident.renstra_awal is None) != (ident.renstra_akhir is None):
        missing = "renstra_akhir" if ident.renstra_akhir is None else "renstra_awal"
        add(ident, missing, "periode Renstra perlu awal dan akhir (renstra_awal dan renstra_akhir)")

    berjalan = ident.triwulan if 1 <= ident.triwulan <= _QUARTERS else _QUARTERS

    def quarters(obj: Any, what: str) -> None:
        for i, q in enumerate(obj.triwulan, 1):
            if q is not None and i > berjalan:
                add(obj, f"triwulan[{i - 1}]", f"{what} triwulan {TRIWULAN[i - 1]} diisi ({q}) padahal triwulan berjalan "
                    f"{TRIWULAN[berjalan - 1]} (identitas.triwulan); naikkan triwulan berjalan atau kosongkan nilainya")

    def amounts(obj: rm.Anggaran) -> None:
        for name in ("target_renstra", "realisasi_renstra_lalu", "pagu"):
            value = getattr(obj, name)
            if value is not None and value < 0:
                add(obj, name, f"jumlah Rupiah tidak boleh negatif, tertulis {value}")
        for i, q in enumerate(obj.triwulan):
            if q is not None and q < 0:
                add(obj, f"triwulan[{i}]", f"realisasi Rp tidak boleh negatif, tertulis {q}")
        quarters(obj, "Realisasi Rp")

    for ind in report.indicators():
        quarters(ind, "Realisasi K")
    seen_program: dict[str, rm.Program] = {}
    for program in report.program:
        if program.kode is not None:
            if program.kode in seen_program:
                first, _ = conv.locate(seen_program[program.kode])
                add(program, "kode", f"kode program {program.kode!r} sudah dipakai (baris {first})")
            seen_program.setdefault(program.kode, program)
        seen_kegiatan: dict[str, rm.Kegiatan] = {}
        for kegiatan in program.kegiatan:
            if kegiatan.kode is not None:
                if kegiatan.kode in seen_kegiatan:
                    first, _ = conv.locate(seen_kegiatan[kegiatan.kode])
                    add(kegiatan, "kode", f"kode kegiatan {kegiatan.kode!r} sudah dipakai di program ini (baris {first})")
                seen_kegiatan.setdefault(kegiatan.kode, kegiatan)
            if kegiatan.sub_kegiatan and kegiatan.anggaran is not None:
                add(kegiatan, "anggaran", "kegiatan yang memiliki sub_kegiatan tidak diberi anggaran sendiri: "
                    "anggarannya jumlah anggaran sub-kegiatannya; pindahkan angka ini ke sub-kegiatan")
            if kegiatan.anggaran is not None:
                amounts(kegiatan.anggaran)
            for sub in kegiatan.sub_kegiatan:
                if sub.anggaran is not None:
                    amounts(sub.anggaran)
    return problems
