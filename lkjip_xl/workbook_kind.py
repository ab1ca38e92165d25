"""What a file given as a workbook really is, so that staff get told what to do with it.

Offices pass around workbooks protected by a password to open (Excel then stores an encrypted
package inside an OLE compound file), old ``.xls`` files (also compound files), LibreOffice
``.ods`` files, and files with the wrong name. Each gets a message that says what the file is and
how to make it an ``.xlsx`` in Excel, instead of a generic "not a workbook". The checks themselves
happen before the workbook-file layer opens the file; everything that passes here is a zip
package, which that layer then examines in detail.
"""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path

from lkjip_xl.ooxml.safety import WorkbookError
from lkjip_xl.layout import REKAP
from lkjip_xl.renja.layout import NAME_TABLE

#: The first bytes of an OLE compound file ([MS-CFB] 2.2): encrypted OOXML, .xls, .doc ...
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
#: How much of a compound file is searched for its stream names (the directory of an encrypted
#: workbook or an .xls sits near the start or the end; real files are a few MB).
SCAN_LIMIT = 256 * 1024 * 1024

ENCRYPTED_HELP = ("Hapus kata sandinya di Excel: buka berkas dengan kata sandinya, pilih File > Info > "
                  "Protect Workbook > Encrypt with Password (Lindungi Buku Kerja > Enkripsi dengan Kata Sandi), "
                  "kosongkan isian kata sandi, tekan OK, lalu simpan")
SAVE_AS_XLSX = ("Buka di Excel lalu pilih File > Save As > Excel Workbook (*.xlsx) (di LibreOffice: "
                "File > Save As > Excel 2007-365 (.xlsx))")


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _streams(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(SCAN_LIMIT)


#: What :func:`readable_kind` tells apart.
PACKAGE, LEGACY, OPENDOCUMENT = "xlsx", "xls", "ods"


def refuse_unreadable(path: Path | str) -> None:
    """Raise :class:`~lkjip_xl.errors.WorkbookError` (in Bahasa Indonesia, naming the file and
    what to do) when ``path`` cannot be an ``.xlsx``/``.xlsm`` package; return when it may be one."""
    kind = readable_kind(path)
    if kind == LEGACY:
        raise WorkbookError(xls_message(Path(path)))
    if kind == OPENDOCUMENT:
        raise WorkbookError(f"{path}: berkas OpenDocument (misalnya .ods), bukan buku kerja Excel. {SAVE_AS_XLSX}.")


def readable_kind(path: Path | str) -> str:
    """:data:`PACKAGE` (may be an .xlsx/.xlsm package), :data:`LEGACY` (an Excel 97-2003 workbook,
    whatever its name) or :data:`OPENDOCUMENT` (.ods): the last two are read through a LibreOffice
    conversion by the audit. Raises :class:`~lkjip_xl.errors.WorkbookError` for what cannot be read
    at all (a missing file, a folder, an encrypted workbook, a text file...)."""
    path = Path(path)
    if not path.exists():
        raise WorkbookError(f"{path}: berkas tidak ditemukan")
    if path.is_dir():
        raise WorkbookError(f"{path}: ini sebuah folder, bukan buku kerja")
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            start = head + f.read(2040)
    except OSError as exc:
        raise WorkbookError(f"{path}: berkas tidak dapat dibaca ({exc.strerror or exc})") from exc
    if head.startswith(ZIP_MAGIC):
        if _is_opendocument(path):
            return OPENDOCUMENT
        other = _other_package(path)
        if other:
            raise WorkbookError(f"{path}: bukan buku kerja Excel, melainkan {other} yang diberi nama {path.suffix}; "
                                "pilih berkas buku kerja Excel (.xlsx) yang dimaksud.")
        return PACKAGE
    if head == CFB_MAGIC:
        data = _streams(path)
        if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
            raise WorkbookError(f"{path}: buku kerja ini dilindungi kata sandi untuk membuka (terenkripsi), "
                                f"jadi isinya tidak dapat dibaca. {ENCRYPTED_HELP}.")
        if _utf16("Workbook") in data or _utf16("Book") in data:
            return LEGACY
        raise WorkbookError(f"{path}: bukan buku kerja Excel .xlsx/.xlsm, melainkan berkas Office lama "
                            f"(format biner). {SAVE_AS_XLSX}.")
    if not head:
        raise WorkbookError(f"{path}: berkas kosong (0 byte), bukan buku kerja")
    named = f" yang diberi nama {path.suffix}" if path.suffix else ""
    if _is_web_page(start):
        raise WorkbookError(f"{path}: bukan buku kerja Excel, melainkan halaman web (HTML){named}, seperti hasil "
                            f"\"ekspor ke Excel\" aplikasi atau halaman yang disimpan dari peramban. {SAVE_AS_XLSX}.")
    raise WorkbookError(f"{path}: bukan buku kerja Excel .xlsx/.xlsm (isinya bukan paket zip seperti buku kerja "
                        f"Excel; mungkin berkas teks atau CSV{named})")


def _is_web_page(start: bytes) -> bool:
    """An HTML table or a saved page (MHTML): what web applications hand out as an ``.xls``."""
    low = start.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if low.startswith((b"from:", b"mime-version:")):
        return b"text/html" in low
    return low.startswith(b"<") and any(tag in low for tag in (b"<html", b"<table", b"<!doctype html"))


def xls_message(path: Path) -> str:
    """The message for an Excel 97-2003 ``.xls`` workbook where a command needs an .xlsx/.xlsm
    (``check`` audits one through LibreOffice)."""
    return (f"{path}: buku kerja Excel 97-2003 (.xls); perintah ini membaca .xlsx dan .xlsm (lkjip-xl check dapat "
            f"memeriksanya lewat LibreOffice). {SAVE_AS_XLSX}, lalu jalankan lagi dengan berkas .xlsx itu.")


def _other_package(path: Path) -> str | None:
    """What a zip that is no workbook is (a Word or PowerPoint document, a plain zip archive), or
    None: damaged packages and workbooks with unusual part names are left to the workbook-file layer."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return None
    if any(n.startswith("xl/") for n in names):
        return None
    if "word/document.xml" in names:
        return "dokumen Word (.docx)"
    if "ppt/presentation.xml" in names:
        return "presentasi PowerPoint (.pptx)"
    if "[Content_Types].xml" not in names:
        return "arsip zip biasa"
    return None


def _is_opendocument(path: Path) -> bool:
    """A zip package that is an OpenDocument spreadsheet, not an OOXML one."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "mimetype" in names and "xl/workbook.xml" not in names:
                return "opendocument" in z.read("mimetype")[:100].decode("ascii", "replace")
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        pass  # the workbook-file layer examines broken packages and says what is wrong
    return False


def is_ours(path: Path) -> bool:
    """A workbook lkjip-xl wrote (a LKjIP: its Rekap sheet; a Renja evaluation: its table's defined
    name), which today's checks read; any other workbook gets the audit. Reads only the workbook
    part; a package that cannot be read counts as ours, so that the file layer says what is wrong."""
    try:
        with zipfile.ZipFile(path) as z:
            book = z.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError):
        return True
    names = {unescape(n) for n in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', book)}
    return REKAP in names or f'name="{NAME_TABLE}"' in book
