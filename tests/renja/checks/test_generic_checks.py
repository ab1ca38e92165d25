"""The generic formula checks of lkjip-xl run on a Renja workbook through the same path as for a LKjIP
(one planted fault each): a formula overwritten, a formula changed, a total over the wrong rows, an
Excel error, a value the rules do not give."""

from lkjip_xl.renja.layout import LAYOUT, RowKind

from .conftest import at, row_of

L = LAYOUT


def test_formula_overwritten(planted):
    def edit(ws, rows):
        ws[f"{L.capaian.k}{row_of(rows, 'Tersedianya alat tulis kantor')}"] = 99

    findings = planted(edit)
    cell = next(c for c in at(findings, "rumus-tertimpa"))
    assert cell.startswith(L.capaian.k)
    assert "tertimpa nilai ketikan (99)" in at(findings, "rumus-tertimpa")[cell]


def test_formula_changed(planted):
    def edit(ws, rows):
        n = row_of(rows, "Tersedianya alat tulis kantor")
        ws[f"{L.capaian.k}{n}"] = f"={L.realisasi.k}{n}/{L.target_renstra.k}{n}*100"

    findings = planted(edit)
    msg = next(iter(at(findings, "rumus-berbeda").values()))
    assert "merujuk sel yang salah" in msg


def test_total_over_the_wrong_rows(planted):
    """The program's pagu leaves out its second kegiatan."""

    def edit(ws, rows):
        p = next(r for r in rows if r.kind is RowKind.PROGRAM)
        first = p.row + 1
        k2 = row_of(rows, "Penyediaan Jasa Penunjang")
        ws[f"{L.target.rp}{p.row}"] = (f'=SUMIF({L.jenis}{first}:{L.jenis}{k2 - 1},"kegiatan",'
                                       f"{L.target.rp}{first}:{L.target.rp}{k2 - 1})")

    findings = planted(edit)
    cell = next(c for c in at(findings, "rumus-berbeda") if c.startswith(L.target.rp))
    assert "tidak merujuk" in at(findings, "rumus-berbeda")[cell]
    # and the total it gives is named, where it is, with the parts it should add
    assert at(findings, "jumlah-tidak-sesuai")[cell].startswith(
        "Pagu (kolom 7) program 1.01.01 \"Program Pelayanan Administrasi Perkantoran\" (tertulis 93.748.000) tidak "
        "sama dengan jumlah kegiatannya (258.105.500;")


def test_excel_error(planted):
    def edit(ws, rows):
        ws[f"{L.capaian.rp}{row_of(rows, 'Pelayanan Administrasi Perkantoran')}"] = "=1/0"

    findings = planted(edit)
    assert any("#DIV/0!" in m for m in at(findings, "galat-rumus").values())
