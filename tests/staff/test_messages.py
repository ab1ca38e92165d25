"""Messages staff can act on, in Bahasa Indonesia: every --help with an example, argparse's own
texts translated, --json always JSON, exit codes 0/1/2 on every command, an encrypted or .xls
workbook and a circular reference said plainly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl.cli import COMMANDS, build_parser, main
from lkjip_xl.vba.cfb import build as build_cfb
from tests.conftest import EXAMPLE, MINIMAL_YAML, REAL

XLS_REAL = REAL / "jabar_renja_lampiran.xls"
ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "show program's version")


def _help(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        main([*argv, "--help"])
    assert info.value.code == 0
    return capsys.readouterr().out


def test_every_command_is_documented_with_an_example(capsys):
    """A command added without a description or an example fails here."""
    names = {c.name for c in COMMANDS}
    assert {"build", "new", "check", "recalc", "export", "summary", "contoh"} <= names
    parser = build_parser()
    listed = parser.format_help()
    for command in COMMANDS:
        assert command.summary and command.description and command.examples, command.name
        assert all(e.startswith("lkjip-xl ") for e in command.examples), command.name
        assert command.name in listed and command.summary.split()[0] in listed
        text = _help(capsys, command.name)
        assert text.startswith(f"Cara pakai: lkjip-xl {command.name} ")
        assert "\nContoh:\n" in text
        for example in command.examples:
            assert f"  {example}\n" in text
        for alias in command.aliases:
            assert _help(capsys, alias) == text  # the alias is the same command
        assert not any(word in text for word in ENGLISH), (command.name, text)
        assert "argumen:" in text or command.name in ("contoh", "lite")  # these take options only
        assert "pilihan:" in text and "tampilkan bantuan ini lalu keluar" in text


def test_the_main_help_is_indonesian(capsys):
    text = _help(capsys)
    assert text.startswith("Cara pakai: lkjip-xl [-h] [--version] PERINTAH ...")
    assert "perintah:" in text and "Kode keluar: 0 selesai tanpa kesalahan" in text
    assert not any(word in text for word in ENGLISH), text


@pytest.mark.parametrize("argv, message", [
    (["check"], "lkjip-xl: argumen ini wajib diisi: BERKAS"),
    (["build", "x.yaml"], "lkjip-xl: argumen ini wajib diisi: -o/--output/--keluaran"),
    (["check", "a.xlsx", "--bogus"], "lkjip-xl: argumen tidak dikenal: --bogus"),
    (["periksa"], "lkjip-xl: argumen ini wajib diisi: BERKAS"),
    (["bikin"], "lkjip-xl: argumen PERINTAH: pilihan 'bikin' tidak dikenal (pilih dari 'build', 'buat', 'new', "
                "'baru', 'check', 'periksa', 'gabung', 'consolidate', 'recalc', 'hitung', 'export', 'ekspor', "
                "'summary', 'ringkasan', 'import', 'impor', 'lite', 'contoh', 'examples')"),
])
def test_usage_errors_exit_2_in_indonesian(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Cara pakai: lkjip-xl")
    assert err.splitlines()[-1] == message


@pytest.mark.parametrize("argv", [["check", "tidak-ada.xlsx", "--json"], ["check", "--json"],
                                  ["summary", "tidak-ada.yaml", "--json"]])
def test_json_is_json_also_for_errors(argv, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert set(data) == {"error"} and data["error"]
    assert out.err == ""


def test_json_of_an_existing_output(tmp_path, capsys):
    report = tmp_path / "laporan.yaml"
    report.write_text(MINIMAL_YAML, encoding="utf-8")
    out = tmp_path / "laporan.xlsx"
    assert main(["build", str(report), "-o", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["file"] == str(out) and data["sheets"] == 10
    assert main(["build", str(report), "-o", str(out), "--json"]) == 2
    assert json.loads(capsys.readouterr().out) == {"error": f"{out} sudah ada dan tidak ditimpa. Pilih nama lain, "
                                                            "atau tambahkan --timpa untuk menggantinya (salinan "
                                                            "berkas lama disimpan sebagai laporan.xlsx.bak)"}


def test_build_recalc_exits_like_recalc(tmp_path, capsys):
    """The Walantaka report has nine kesalahan of its own: recalc exits 1, and so does build --recalc."""
    out = tmp_path / "w.xlsx"
    assert main(["build", str(EXAMPLE), "-o", str(out), "--recalc"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == f"Dihitung ulang dan diperiksa: {out}"
    assert lines[2] == f"{out}: 9 kesalahan, 4 peringatan, 4 catatan"
    assert main(["recalc", str(out)]) == 1
    report = tmp_path / "kecil.yaml"
    report.write_text(MINIMAL_YAML, encoding="utf-8")
    assert main(["build", str(report), "-o", str(tmp_path / "kecil.xlsx"), "--recalc"]) == 0


def _encrypted(path: Path, source: Path) -> Path:
    pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(source, "rb") as plain, open(path, "wb") as out:
        OOXMLFile(plain).encrypt("rahasia", out)
    assert path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    return path


@pytest.mark.parametrize("command", ["check", "recalc", "export"])
def test_an_encrypted_workbook_says_how_to_remove_the_password(command, walantaka_xlsx, tmp_path, capsys):
    path = _encrypted(tmp_path / "terkunci.xlsx", walantaka_xlsx)
    before = path.read_bytes()
    argv = [command, str(path)] + (["-o", str(tmp_path / "x.yaml")] if command == "export" else [])
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"lkjip-xl: gagal: {path}: buku kerja ini dilindungi kata sandi untuk membuka (terenkripsi), jadi isinya "
        "tidak dapat dibaca. Hapus kata sandinya di Excel: buka berkas dengan kata sandinya, pilih File > Info > "
        "Protect Workbook > Encrypt with Password (Lindungi Buku Kerja > Enkripsi dengan Kata Sandi), kosongkan "
        "isian kata sandi, tekan OK, lalu simpan.\n")
    assert path.read_bytes() == before


XLS_MESSAGE = ("buku kerja Excel 97-2003 (.xls); perintah ini membaca .xlsx dan .xlsm (lkjip-xl check dapat "
               "memeriksanya lewat LibreOffice). Buka di Excel lalu pilih File > Save As > Excel Workbook (*.xlsx) "
               "(di LibreOffice: File > Save As > Excel 2007-365 (.xlsx)), lalu jalankan lagi dengan berkas .xlsx itu.")


def test_an_xls_workbook_is_named_as_such(tmp_path, capsys):
    path = tmp_path / "lama.xls"
    path.write_bytes(build_cfb({"Workbook": b"\x09\x08" + bytes(4094), "\x05SummaryInformation": bytes(200)}))
    assert main(["recalc", str(path)]) == 2
    assert capsys.readouterr().err == f"lkjip-xl: gagal: {path}: {XLS_MESSAGE}\n"


WEB_PAGES = {
    # what a web application's "ekspor ke Excel" hands out: an HTML table named .xls
    "realisasi.xls": "<!DOCTYPE html>\n<html><head><title>Rekap Realisasi</title></head><body><table>"
                     "<tr><th>Kode</th><th>Uraian</th><th>Pagu</th></tr><tr><td>1.01</td><td>Program</td>"
                     "<td>72.323.631</td></tr></table></body></html>",
    # a fragment without <html>, named .xlsx
    "dpa.xlsx": "<center><h2>PEMERINTAH KOTA</h2></center>\n<table><tr><td>Kode</td></tr></table>",
    # a page saved from the browser (MHTML)
    "rekap.xls": "From: <Saved by Blink>\nSubject: Rekap Pendapatan\nMIME-Version: 1.0\nContent-Type: "
                 "multipart/related;\n\ttype=\"text/html\"\n\n<html></html>",
}


@pytest.mark.parametrize("name", sorted(WEB_PAGES))
@pytest.mark.parametrize("command", ["check", "import", "new"])
def test_a_web_page_named_as_a_workbook_is_told_in_indonesian(name, command, tmp_path, capsys):
    path = tmp_path / name
    path.write_text(WEB_PAGES[name], encoding="utf-8")
    argv = {"check": ["check", str(path)], "import": ["import", str(path), "-o", str(tmp_path / "r.yaml")],
            "new": ["new", "-o", str(tmp_path / "baru.xlsx"), "--dari", str(path)]}[command]
    assert main(argv + ["--diam"]) == 2
    assert capsys.readouterr().err == (
        f"lkjip-xl: gagal: {path}: bukan buku kerja Excel, melainkan halaman web (HTML) yang diberi nama "
        f"{path.suffix}, seperti hasil \"ekspor ke Excel\" aplikasi atau halaman yang disimpan dari peramban. Buka "
        "di Excel lalu pilih File > Save As > Excel Workbook (*.xlsx) (di LibreOffice: File > Save As > Excel "
        "2007-365 (.xlsx)).\n")
    assert not (tmp_path / "r.yaml").exists() and not (tmp_path / "baru.xlsx").exists()


@pytest.mark.parametrize("command", ["import", "new"])
def test_a_text_file_named_xlsx_is_told_in_indonesian(command, tmp_path, capsys):
    path = tmp_path / "tabel.xlsx"
    path.write_text("kode;uraian;pagu\n1.01;Program;1000\n", encoding="utf-8")
    argv = {"import": ["import", str(path), "-o", str(tmp_path / "r.yaml")],
            "new": ["new", "-o", str(tmp_path / "baru.xlsx"), "--dari", str(path)]}[command]
    assert main(argv + ["--diam"]) == 2
    assert capsys.readouterr().err == (
        f"lkjip-xl: gagal: {path}: bukan buku kerja Excel .xlsx/.xlsm (isinya bukan paket zip seperti buku kerja "
        "Excel; mungkin berkas teks atau CSV yang diberi nama .xlsx)\n")


@pytest.mark.parametrize("parts, what", [
    ({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}, "dokumen Word (.docx)"),
    ({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p:presentation/>"}, "presentasi PowerPoint (.pptx)"),
    ({"laporan_tw4.csv": "kode;uraian\n"}, "arsip zip biasa"),
])
@pytest.mark.parametrize("command", ["check", "import", "new"])
def test_another_zip_named_xlsx_is_named_for_what_it_is(parts, what, command, tmp_path, capsys):
    import zipfile

    path = tmp_path / "laporan.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    argv = {"check": ["check", str(path)], "import": ["import", str(path), "-o", str(tmp_path / "r.yaml")],
            "new": ["new", "-o", str(tmp_path / "baru.xlsx"), "--dari", str(path)]}[command]
    assert main(argv + ["--diam"]) == 2
    assert capsys.readouterr().err == (f"lkjip-xl: gagal: {path}: bukan buku kerja Excel, melainkan {what} yang diberi "
                                       "nama .xlsx; pilih berkas buku kerja Excel (.xlsx) yang dimaksud.\n")


@pytest.mark.skipif(not XLS_REAL.exists(), reason="shared/real/ not present")
def test_the_real_xls_workbook(tmp_path, capsys):
    """check audits it through LibreOffice (the copy never changed); recalc, which writes, asks for an .xlsx."""
    path = tmp_path / XLS_REAL.name
    shutil.copyfile(XLS_REAL, path)
    before = path.read_bytes()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("bukan buku kerja lkjip-xl; dikenali: ")
    assert out[1].startswith(f"{path}: ")
    assert main(["recalc", str(path)]) == 2
    assert capsys.readouterr().err == f"lkjip-xl: gagal: {path}: {XLS_MESSAGE}\n"
    assert path.read_bytes() == before


def test_a_circular_reference_is_a_finding_at_its_cells(walantaka_xlsx, tmp_path, capsys):
    path = tmp_path / "melingkar.xlsx"
    wb = openpyxl.load_workbook(walantaka_xlsx)
    ws = wb["Rekap Kegiatan"]
    assert ws["P9"].value.startswith("=IFERROR(AVERAGE")  # program 5001.01's capaian: its indicators' mean
    ws["P10"] = "=P9+1"  # an indicator's capaian now refers to the program's
    wb.save(path)
    rk = lay.RINGKASAN_PROGRAM_TABLE
    sheet, ref = next(iter(wb.defined_names[rk.name].destinations))
    ringkasan = f"{rk.letter('capaian_k')}{a1.parse_range(ref)[0]}"  # program 5001.01's capaian there
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    (cycle,) = [line for line in lines if "[referensi-melingkar]" in line]
    assert cycle == (
        "kesalahan  Rekap Kegiatan!P9        [referensi-melingkar] Referensi melingkar: rumus P9, P10 saling merujuk "
        "(P9 -> P10 -> P9), sehingga tidak dapat dihitung (Excel menampilkan 0 atau peringatan Circular Reference). "
        "Perbaiki rumusnya agar tidak merujuk kembali ke sel ini. Akibatnya 1 sel lain juga tidak dapat dihitung: "
        f"Ringkasan!{ringkasan}. Nilai rumus lain belum dibandingkan; periksa lagi setelah diperbaiki.")
    assert not [line for line in lines if "[nilai-berbeda]" in line]
    assert main(["check", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"severity": "kesalahan", "rule": "referensi-melingkar", "sheet": "Rekap Kegiatan", "cell": "P9"} in [
        {k: f[k] for k in ("severity", "rule", "sheet", "cell")} for f in data["findings"]]
    before = path.read_bytes()
    assert main(["recalc", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"lkjip-xl: gagal: {path} tidak dihitung ulang dan tidak diubah. "
                                              "Rekap Kegiatan!P9: Referensi melingkar: rumus P9, P10 saling merujuk")
    assert path.read_bytes() == before


def test_numbers_in_messages_are_indonesian(tmp_path, capsys):
    """Counts, amounts and capaian: 1.234.567 and 99,87, never 1234567 or 90.5."""
    path = tmp_path / "laporan.yaml"
    path.write_text(MINIMAL_YAML.replace('pagu: "81.420.000"', 'pagu: "-81.420.000,5"'), encoding="utf-8")
    assert main(["summary", str(path)]) == 2
    assert capsys.readouterr().err.endswith("dasar.pagu: seharusnya angka 0 atau lebih, tertulis -81.420.000,5\n")
