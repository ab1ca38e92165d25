"""Pure domain rules of LKjIP/SAKIP reports: capaian, predikat, aggregates, rounding.

No I/O and no dependency on the rest of lkjip_xl, so the workbook writer, the checker and the
tests all apply the very same rules.
"""

from .aggregates import average, total
from .capaian import Alasan, Capaian, Metode, Range, capaian, serapan
from .efisiensi import AMBANG_EFISIEN, efisiensi, is_efisien
from .grades import (
    BPK,
    BPK_ORDINALS,
    SAKIP,
    SAKIP_ORDINALS,
    grade_ordinal,
    grade_scale,
    is_grade,
)
from .numbers import number_in_cell, round_half_up, to_decimal
from .triwulan import TRIWULAN, RealisasiTahunan, realisasi_renstra, realisasi_tahun, triwulan_terakhir
from .predikat import (
    HIJAU,
    KUNING,
    MERAH,
    PERMENDAGRI_86_2017,
    SAKIP_GRADE_BANDS,
    SAKIP_GRADE_BANDS_AA_90,
    SAKIP_LABELS,
    Band,
    Bands,
    ExcelThreshold,
    predikat,
    sakip_grade,
    sakip_label,
)

__all__ = [
    "AMBANG_EFISIEN",
    "Alasan",
    "BPK",
    "BPK_ORDINALS",
    "Band",
    "Bands",
    "Capaian",
    "ExcelThreshold",
    "HIJAU",
    "KUNING",
    "MERAH",
    "Metode",
    "PERMENDAGRI_86_2017",
    "Range",
    "RealisasiTahunan",
    "SAKIP",
    "SAKIP_GRADE_BANDS",
    "SAKIP_GRADE_BANDS_AA_90",
    "SAKIP_LABELS",
    "SAKIP_ORDINALS",
    "TRIWULAN",
    "average",
    "capaian",
    "efisiensi",
    "grade_ordinal",
    "grade_scale",
    "is_efisien",
    "is_grade",
    "predikat",
    "realisasi_renstra",
    "realisasi_tahun",
    "round_half_up",
    "sakip_grade",
    "sakip_label",
    "serapan",
    "number_in_cell",
    "to_decimal",
    "total",
    "triwulan_terakhir",
]
