"""A synthetic report N times the size of the Walantaka example, for the benchmarks.

The Rekap of ``examples/walantaka_2020.yaml`` (2 kelompok, 10 programs, 97 kegiatan, 195 indicator
rows) is replicated ``scale`` times: copy ``i`` (0 = the original) of every program and of its
kegiatan gets new kodes by moving the first kode segment (``5001.04`` -> ``5003.04``,
``5001.500105.04.043`` -> ``5003.500105.04.043``), so every kode stays unique and every kegiatan
still sits under its program. The other parts (identitas, data umum, perjanjian kinerja,
pengukuran, keuangan) are the example's own, so the workbook has every sheet and every formula
shape the generator writes; only the Rekap grows. 100x is 19,500 indicator rows (about 32,000 Rekap
rows and 100,000 formula cells).

Usage::

    python benchmarks/synthetic.py 10 -o /tmp/bench/walantaka_10x.yaml
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "walantaka_2020.yaml"

#: The sizes the benchmark runs, as multiples of the Walantaka example.
SCALES = (1, 10, 40, 100)


def _rekode(kode: str, copy_no: int) -> str:
    """``5001.04`` -> ``5003.04`` for copy 2: a new first segment, the rest unchanged."""
    if copy_no == 0:
        return kode
    first, dot, rest = str(kode).partition(".")
    return f"{int(first) + copy_no}{dot}{rest}"


def scaled_data(scale: int, source: Path = EXAMPLE) -> dict[str, Any]:
    """The example's data (as read from YAML) with its programs replicated ``scale`` times."""
    if scale < 1:
        raise ValueError(f"scale must be 1 or more, got {scale}")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    rekap = data["rekap"]
    rekap.pop("printed", None)  # printed totals of the original no longer apply
    for kelompok in rekap["kelompok"]:
        kelompok.pop("printed", None)
        programs = kelompok["program"]
        grown = []
        for copy_no in range(scale):
            for program in programs:
                p = copy.deepcopy(program)
                p["kode"] = _rekode(p["kode"], copy_no)
                if copy_no:
                    p["nama"] = f"{p['nama']} (salinan {copy_no})"
                for kegiatan in p.get("kegiatan") or []:
                    kegiatan["kode"] = _rekode(kegiatan["kode"], copy_no)
                grown.append(p)
        kelompok["program"] = grown
    return data


def counts(data: dict[str, Any]) -> dict[str, int]:
    """Programs, kegiatan and indicator rows of the Rekap of ``data``."""
    programs = [p for k in data["rekap"]["kelompok"] for p in k["program"]]
    kegiatan = [g for p in programs for g in p.get("kegiatan") or []]
    indikator = sum(len(p.get("indikator") or []) for p in programs) + sum(
        len(g.get("indikator") or []) for g in kegiatan
    )
    return {"program": len(programs), "kegiatan": len(kegiatan), "indikator": indikator}


def write_scaled(scale: int, output: Path, source: Path = EXAMPLE) -> Path:
    """Write the ``scale``-times report as YAML to ``output`` and return the path."""
    data = scaled_data(scale, source)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    # Kode values must stay text: dump every string quoted-as-needed by yaml itself.
    output.write_text(
        "# Synthetic benchmark report: examples/walantaka_2020.yaml with its programs replicated "
        f"{scale}x (benchmarks/synthetic.py).\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120),
        encoding="utf-8",
    )
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", type=int, help="multiple of the Walantaka example (1, 10, 40, 100)")
    parser.add_argument("-o", "--output", required=True, help="report file to write (.yaml)")
    args = parser.parse_args(argv)
    path = write_scaled(args.scale, Path(args.output))
    print(f"{path}: {counts(scaled_data(args.scale))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
