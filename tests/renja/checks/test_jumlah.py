"""jumlah-tidak-sesuai: a parent's Rp that is not the sum of its own children as the sheet shows them."""

from lkjip_xl.renja.layout import LAYOUT, RowKind

from .conftest import at, row_of

L = LAYOUT


def test_kegiatan_total_typed_over(planted):
    def edit(ws, rows):
        ws[f"{L.target.rp}{row_of(rows, 'Penyediaan Jasa Penunjang')}"] = 100000000

    findings = planted(edit)
    msgs = at(findings, "jumlah-tidak-sesuai")
    msg = next(m for c, m in msgs.items() if c.startswith(L.target.rp))
    assert msg.startswith("Pagu (kolom 7) kegiatan 1.01.01.02 \"Penyediaan Jasa Penunjang\" (tertulis 100.000.000) "
                          "tidak sama dengan jumlah sub-kegiatannya (164.357.500;")
    # the general "value differs" finding at the same cell gives way to this one
    assert not any(f.rule == "nilai-berbeda" and f.cell in msgs for f in findings)


def test_part_typed_as_text_is_named(planted):
    def edit(ws, rows):
        ws[f"{L.target.rp}{row_of(rows, 'Penyediaan Jasa Surat Menyurat')}"] = "2.400.000"

    findings = planted(edit)
    assert any("berupa teks sehingga tidak ikut dijumlah Excel" in m for m in at(findings, "jumlah-tidak-sesuai").values()) \
        or any(f.rule == "angka-sebagai-teks" for f in findings)
    assert any(f.rule == "angka-sebagai-teks" for f in findings)


def test_opd_row(planted):
    def edit(ws, rows):
        opd = next(r for r in rows if r.kind is RowKind.JUMLAH_OPD)
        ws[f"{L.triwulan[0].rp}{opd.row}"] = 1

    assert any(m.startswith("Realisasi Rp triwulan I (kolom 8) seluruh program OPD (tertulis 1)")
               for m in at(planted(edit), "jumlah-tidak-sesuai").values())
