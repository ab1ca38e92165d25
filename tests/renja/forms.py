"""Office-made Renja forms, built with openpyxl in the shapes real forms take, with known mistakes.

``kode_form``: kode in one column (1.02.01.01), satuan in its own column, Rp in thousands, a program
summary row per program and one for the OPD, in triwulan II; planted: a program total that misses a
kegiatan (U11), a percentage summed over the quarters (T14), arithmetic typed in an input (G13),
the text rows and a signature block.

``pct_form``: no kode, a % column per triwulan (the cumulative fraction of the year's target, K
derived from it), Rp in Rupiah, urusan > bidang > program > kegiatan > sub-kegiatan with SUM totals,
in triwulan IV; planted: a bidang total that adds the other bidang, which the urusan adds again
(M11, P11, ...), and a quarter's K typed 0 against its % (K16).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

KODE_FORM_INPUTS = {
    # row: (kode, name, indicator, satuan, 5K, 5Rp, 6K, 6Rp, 7K, 7Rp, TW I K, Rp, TW II K, Rp)  (Rp in thousands)
    12: ("1.02.01.01", "Imunisasi Dasar", "Jumlah anak diimunisasi", "anak", 5000, 2500, 1000, 500, 1000, 500,
         240, 120, 260, 125),
    13: ("1.02.01.02", "Pembinaan Posyandu", "Jumlah posyandu aktif", "posyandu", 200, "=2500*4", 40, 2000, 40,
         2000, 10, 400, 12, 600),
    14: (None, None, "Persentase posyandu purnama", "%", 80, None, 50, None, 60, None, 40, None, 45, None),
    17: ("1.02.02.01", "Penyuluhan Kesehatan", "Jumlah desa mendapat penyuluhan", "desa", 100, 1200, 20, 240,
         20, 240, 6, 50, 5, 70),
}


def kode_form(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Evaluasi TW II"
    for r, text in ((1, "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"), (2, "Perangkat Daerah: Dinas Kesehatan"),
                    (3, "Kabupaten Contoh"), (4, "Periode pelaksanaan: Triwulan II Tahun 2019")):
        ws[f"A{r}"] = text
    heads = {"A": "No", "B": "Kode", "C": "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
             "D": "Indikator Kinerja Program (outcome)/ Kegiatan (output)", "E": "Satuan",
             "F": "Target Renstra Perangkat Daerah pada Tahun 2019-2023 (akhir periode Renstra)",
             "H": "Realisasi Capaian Kinerja Renstra Perangkat Daerah s/d Renja Perangkat Daerah Tahun Lalu",
             "J": "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan yang Dievaluasi",
             "L": "Realisasi Kinerja Pada Triwulan",
             "T": "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi",
             "V": "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja yang Dievaluasi (%)",
             "X": "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun 2019",
             "Z": "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s/d Tahun 2019 (%)",
             "AB": "Perangkat Daerah Penanggung Jawab", "AC": "Keterangan"}
    for col, text in heads.items():
        ws[f"{col}6"] = text
    for first, last in (("F", "G"), ("H", "I"), ("J", "K"), ("T", "U"), ("V", "W"), ("X", "Y"), ("Z", "AA")):
        ws.merge_cells(f"{first}6:{last}7")
    ws.merge_cells("L6:S6")
    for col, q in (("L", "I"), ("N", "II"), ("P", "III"), ("R", "IV")):
        ws[f"{col}7"] = q
    k_cols = ["F", "H", "J", "L", "N", "P", "R", "T", "V", "X", "Z"]
    rp_cols = ["G", "I", "K", "M", "O", "Q", "S", "U", "W", "Y", "AA"]
    for k, rp in zip(k_cols, rp_cols):
        ws[f"{k}8"], ws[f"{rp}8"] = "K", "Rp (000)"
    legend = {"A": 1, "B": 2, "C": 3, "D": 4, "F": 5, "H": 6, "J": 7, "L": 8, "N": 9, "P": 10, "R": 11,
              "T": "12 = 8+9+10+11", "V": "13 = 12/7 x 100", "X": "14 = 6 + 12", "Z": "15 = 14/5 x 100",
              "AB": 16, "AC": 17}
    for col, v in legend.items():
        ws[f"{col}9"] = v
    bold = Font(bold=True)
    ws["B10"], ws["C10"] = "1.02", "Kesehatan"
    ws["B11"], ws["C11"], ws["D11"], ws["E11"] = "1.02.01", "Program Pelayanan Kesehatan", "Cakupan pelayanan", "%"
    ws["F11"], ws["H11"], ws["J11"] = 100, 60, 80
    ws["B16"], ws["C16"] = "1.02.02", "Program Promosi Kesehatan"
    for c in ("C10", "C11", "C16"):
        ws[c].font = bold
    for row, (kode, name, ind, sat, *vals) in KODE_FORM_INPUTS.items():
        ws[f"A{row}"] = row - 11
        ws[f"B{row}"], ws[f"C{row}"], ws[f"D{row}"], ws[f"E{row}"] = kode, name, ind, sat
        for col, v in zip(["F", "G", "H", "I", "J", "K", "L", "M", "N", "O"], vals):
            ws[f"{col}{row}"] = v
        ws[f"AB{row}"] = "Bidang Kesmas" if name else None
    for row in (12, 13, 14, 17):
        ws[f"T{row}"] = f"=L{row}+N{row}+P{row}+R{row}"  # row 14 is a percentage: summed (planted)
        ws[f"V{row}"] = f"=T{row}/J{row}*100"
        ws[f"X{row}"] = f"=H{row}+T{row}"
        ws[f"Z{row}"] = f"=X{row}/F{row}*100"
        if row != 14:
            ws[f"U{row}"] = f"=M{row}+O{row}+Q{row}+S{row}"
            ws[f"W{row}"] = f"=U{row}/K{row}*100"
            ws[f"Y{row}"] = f"=I{row}+U{row}"
            ws[f"AA{row}"] = f"=Y{row}/G{row}*100"
    for col in ("G", "I", "K", "M", "O", "Y"):
        ws[f"{col}11"] = f"=SUM({col}12:{col}13)"
        ws[f"{col}16"] = f"=SUM({col}17)"
    ws["U11"] = "=SUM(U12:U12)"  # planted: leaves out kegiatan 1.02.01.02
    ws["U16"] = "=SUM(U17)"
    for r, rows, label in ((15, "12:14", "Rata-rata capaian kinerja (%)"), (18, "17:17", "Rata-rata capaian kinerja (%)")):
        ws[f"A{r}"] = label
        for col in ("V", "W", "Z", "AA"):
            ws[f"{col}{r}"] = f"=AVERAGE({col}{rows.split(':')[0]}:{col}{rows.split(':')[1]})"
    ws["A19"] = "RATA-RATA CAPAIAN KINERJA DAN ANGGARAN DARI SELURUH PROGRAM"
    ws["V19"] = "=(V15+V18)/2"
    ws["A21"] = "Faktor pendorong keberhasilan pencapaian kinerja: kader posyandu aktif."
    ws["A22"] = "Faktor penghambat pencapaian kinerja: cuaca."
    ws["A23"] = "Tindak lanjut yang diperlukan dalam triwulan berikutnya: pendampingan kader."
    ws["T25"], ws["T26"], ws["T29"], ws["T30"] = ("Contoh, 10 Juli 2019", "KEPALA DINAS KESEHATAN", "dr. Sehat Selalu",
                                                  "NIP. 19700101 199003 1 001")
    return _saved(wb, path)


PCT_SUBS = {
    # row: (name, indicator, satuan, target K, pagu, [(cumulative %, Rp) per quarter])
    15: ("Penyusunan Renstra", "Jumlah dokumen Renstra", "Dok", 1, 50000000,
         [(0.25, 10000000), (0.5, 12000000), (0.75, 13000000), (1, 15000000)]),
    16: ("Penyusunan Renja", "Jumlah dokumen Renja", "Dok", 2, 30000000,
         [(0.5, 7000000), (0.5, 0), (1, 8000000), (1, 9000000)]),
    19: ("Evaluasi Renja", "Jumlah laporan evaluasi", "Lap", 4, 20000000,
         [(0.25, 5000000), (0.5, 5000000), (0.75, 5000000), (1, 5000000)]),
    24: ("Penyusunan KUA-PPAS", "Jumlah dokumen KUA-PPAS", "Dok", 2, 40000000,
         [(0, 0), (0.5, 20000000), (1, 10000000), (1, 10000000)]),
}


def pct_form(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Realisasi TW IV"
    ws["A1"], ws["A2"], ws["A3"] = "Evaluasi Terhadap Hasil Renja", "Kabupaten Contoh", "Tahun 2025"
    heads = {"A": "No", "B": "Program/Kegiatan/Sub Kegiatan", "C": "Indikator Kinerja Program (Outcome)/Kegiatan (Output)",
             "D": "Satuan", "E": "Target Renstra Perangkat Daerah Pada Tahun 2026 (Akhir Periode Renstra)",
             "G": "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah Tahun 2024",
             "I": "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (Tahun 2025) yang dievaluasi",
             "K": "Realisasi Kinerja Pada Triwulan",
             "W": "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi",
             "Y": "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun 2025",
             "AA": "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s/d Tahun 2026 (%)"}
    for col, text in heads.items():
        ws[f"{col}6"] = text
    for first, last in (("E", "F"), ("G", "H"), ("I", "J"), ("W", "X"), ("Y", "Z"), ("AA", "AB")):
        ws.merge_cells(f"{first}6:{last}7")
    ws.merge_cells("K6:V6")
    quarters = [("K", "L", "M"), ("N", "O", "P"), ("Q", "R", "S"), ("T", "U", "V")]
    for (k, pct, rp), name in zip(quarters, ("I", "II", "III", "IV")):
        ws[f"{k}7"] = name
        ws[f"{k}9"], ws[f"{pct}9"], ws[f"{rp}9"] = "K", "%", "Rp."
    for k, rp in (("E", "F"), ("G", "H"), ("I", "J"), ("W", "X"), ("Y", "Z"), ("AA", "AB")):
        ws[f"{k}9"], ws[f"{rp}9"] = "K", "Rp."
    for col, v in {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "G": 6, "I": 7, "K": 8, "N": 9, "Q": 10, "T": 11,
                   "W": "12 = 8 + 9 + 10 + 11", "Y": "13 = 6 + 12", "AA": "14 = 13 / 5 x 100"}.items():
        ws[f"{col}8"] = v
    rows = {10: ("UNSUR PENUNJANG URUSAN PEMERINTAHAN", None), 11: ("PERENCANAAN", None),
            12: ("Program Perencanaan Pembangunan Daerah", "Persentase dokumen tepat waktu"),
            13: ("Perencanaan Perangkat Daerah", "Persentase dokumen perencanaan"),
            17: ("Evaluasi Kinerja Perangkat Daerah", "Persentase laporan evaluasi"),
            20: ("KEUANGAN", None), 21: ("Program Pengelolaan Keuangan Daerah", "Persentase pendanaan"),
            22: ("Koordinasi Rencana Anggaran", "Persentase dokumen anggaran")}
    bold = Font(bold=True)
    for row, (name, ind) in rows.items():
        ws[f"B{row}"] = name
        ws[f"B{row}"].font = bold
        if ind:
            ws[f"C{row}"], ws[f"D{row}"], ws[f"E{row}"], ws[f"I{row}"] = ind, "%", 100, 100
    # totals: every Rp column of a parent sums its own children
    sums = {10: "{c}11+{c}20", 11: "{c}12+{c}20", 12: "{c}13+{c}17", 13: "{c}14:{c}16", 17: "{c}18:{c}19",
            20: "{c}21", 21: "{c}22", 22: "{c}23:{c}24"}
    for row, shape in sums.items():
        for col in ("F", "J", "M", "P", "S", "V", "X"):
            formula = shape.format(c=col)
            if row == 11 and col in ("F", "J", "X"):
                formula = "{c}12".format(c=col)  # planted only in the quarters: M11, P11, S11, V11
            ws[f"{col}{row}"] = f"=SUM({formula})"
    subs = dict(PCT_SUBS)
    subs[14] = ("Penyusunan RKPD", "Jumlah dokumen RKPD", "Dok", 1, 60000000,
                [(0.25, 15000000), (0.5, 15000000), (0.75, 15000000), (1, 15000000)])
    subs[18] = ("Monitoring Renja", "Jumlah laporan monitoring", "Lap", 4, 10000000,
                [(0.25, 2500000), (0.5, 2500000), (0.75, 2500000), (1, 2500000)])
    subs[23] = ("Penyusunan APBD", "Jumlah dokumen APBD", "Dok", 1, 25000000,
                [(0.25, 5000000), (0.5, 5000000), (0.75, 5000000), (1, 10000000)])
    for n, row in enumerate(sorted(subs), 1):
        name, ind, sat, target, pagu, qs = subs[row]
        ws[f"A{row}"] = n
        ws[f"B{row}"], ws[f"C{row}"], ws[f"D{row}"] = name, ind, sat
        ws[f"E{row}"], ws[f"F{row}"] = target * 5, pagu * 5
        ws[f"G{row}"], ws[f"H{row}"] = target, pagu
        ws[f"I{row}"], ws[f"J{row}"] = target, pagu
        previous = []
        for (k, pct, rp), (fraction, amount) in zip(quarters, qs):
            ws[f"{pct}{row}"] = fraction
            ws[f"{rp}{row}"] = amount
            ws[f"{k}{row}"] = f"={pct}{row}*I{row}" + "".join(f"-{p}{row}" for p in previous)
            previous.append(k)
        ws[f"W{row}"] = f"=K{row}+N{row}+Q{row}+T{row}"
        ws[f"X{row}"] = f"=M{row}+P{row}+S{row}+V{row}"
        ws[f"Y{row}"], ws[f"Z{row}"] = f"=G{row}+W{row}", f"=H{row}+X{row}"
        ws[f"AA{row}"], ws[f"AB{row}"] = f"=Y{row}/E{row}*100", f"=Z{row}/F{row}*100"
    ws["N16"] = 0  # planted: typed 0 for triwulan II while the cumulative % stays 50 %... (K was 0 anyway)
    ws["K16"] = 0  # planted: triwulan I typed 0 although 50 % of the target 2 was reached
    ws["X28"], ws["X29"], ws["X31"], ws["X32"] = ("Kota Contoh,      Desember 2025", "KEPALA BAPPEDA",
                                                  "Ir. Perencana Handal, M.Si", "NIP. 19660506 199203 1 004")
    return _saved(wb, path)


def _saved(wb: Workbook, path: Path) -> Path:
    """Save, then store every formula's value in the file as Excel does when it saves (the import
    reads what the office saw)."""
    from lkjip_xl.engine.default import default_engine
    from lkjip_xl.ooxml.copy import insert_cached_values

    wb.save(path)
    insert_cached_values(path, default_engine().evaluate(path))
    return path


def leaf_rp_sum(path: Path, rows: list[int], col: str, scale: int = 1) -> int:
    """The sum of one Rp column over leaf rows, as the original holds them (a formula: its value)."""
    import openpyxl

    values = openpyxl.load_workbook(path, data_only=True).active
    return sum((values[f"{col}{r}"].value or 0) * scale for r in rows)


def copy_form(path: Path, pagu: int = 0) -> Path:
    """``pct_form`` with the KEUANGAN program listed again below it under its new name (the 2025
    nomenclature, as Deli Serdang's form does): rows 25-27 carry the same Renstra Rupiah as program
    21, the bidang total (F20 =SUM(F21)) leaves them out. With ``pagu`` they get money this year: then
    they are a real program the total misses."""
    import openpyxl

    pct_form(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    amount = 5 * (PCT_SUBS[24][4] + 25000000)  # F21: the Renstra Rp of program 21 (sub-kegiatan 23 and 24)
    ws["B25"], ws["C25"], ws["D25"], ws["E25"], ws["I25"] = ("Program Pengelolaan Keuangan dan Aset Daerah",
                                                             "Persentase pendanaan", "%", 100, 100)
    ws["B26"], ws["C26"], ws["D26"], ws["E26"], ws["I26"] = ("Koordinasi Anggaran Daerah", "Persentase dokumen",
                                                             "%", 100, 100)
    for cell in ("B25", "B26"):
        ws[cell].font = Font(bold=True)
    ws["A27"], ws["B27"], ws["C27"], ws["D27"], ws["E27"] = 8, "Penyusunan Dokumen Anggaran", "Jumlah dokumen", "Dok", 5
    ws["F27"], ws["I27"], ws["J27"] = amount, 1, pagu
    for col in ("F", "J", "M", "P", "S", "V", "X"):
        ws[f"{col}25"], ws[f"{col}26"] = f"=SUM({col}26)", f"=SUM({col}27)"
    for col in ("M", "P", "S", "V"):
        ws[f"{col}27"] = 0
    ws["X27"] = "=M27+P27+S27+V27"
    return _saved(wb, path)
