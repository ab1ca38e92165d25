"""The lkjip-xl VBA project, assembled from the source files in ``lkjip_xl/vba/source``.

The project holds:

* ``ThisWorkbook`` (document module of the workbook; ``source/ThisWorkbook.cls``);
* one document module per worksheet, named by the sheet's code name (generated: the standard
  attribute lines of a worksheet module, nothing else);
* ``LkjipXl`` (``source/LkjipXl.bas``): ``Recalculate``, the macro of the buttons;
* ``xlwings`` (``source/xlwings.bas``) and ``Dictionary`` (``source/Dictionary.cls``): xlwings'
  standalone VBA, which gives ``RunPython`` without the xlwings add-in.

It is a *source-only* project: ``_VBA_PROJECT`` says "version 0xFFFF, no compiled code" and each
module stream is the compressed source, so Excel compiles the code when it opens the workbook.
The output is deterministic: the same code names give byte-identical ``vbaProject.bin`` bytes.
"""

from __future__ import annotations

import re
from importlib import resources

from lkjip_xl.vba import cfb
from lkjip_xl.vba.ovba import (CLASS_BASE, DOCUMENT_SHEET_BASE, Module, ModuleKind, OvbaError, compress,
                               decompress, dir_stream, module_stream, project_stream, projectwm_stream,
                               vba_project_stream)

__all__ = [
    "PROJECT_ID",
    "PROJECT_NAME",
    "SOURCE_FILES",
    "build_project",
    "project_modules",
    "sheet_module_source",
    "source_text",
]

#: PROJECTNAME, and the Basic library name LibreOffice gives the project.
PROJECT_NAME = "VBAProject"
#: The project's ID (PROJECT stream): fixed, so that the output is deterministic. It is
#: uuid5(NAMESPACE_URL, "https://github.com/lkjip-xl/lkjip-xl/vba-project"). The CMG, DPB and GC
#: values are encrypted with a key derived from it.
PROJECT_ID = "{B595E1DE-BC62-5650-8D3D-43C1B571B536}"
#: The document module of the workbook (workbookPr codeName).
WORKBOOK_MODULE = "ThisWorkbook"
#: The source files, in the order of the modules after the document modules.
SOURCE_FILES = ("LkjipXl.bas", "xlwings.bas", "Dictionary.cls")

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}\Z")
_VB_NAME = re.compile(r'Attribute VB_Name = "([^"]*)"\r\n')
_VB_BASE = re.compile(r'Attribute VB_Base = "([^"]*)"\r\n')


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def source_text(filename: str) -> str:
    """A source file as VBA stores it: CRLF line ends (the files in the repository may use LF)."""
    path = resources.files("lkjip_xl.vba").joinpath("source", filename)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise OvbaError(f"VBA source {filename} is missing from lkjip_xl/vba/source") from exc
    try:
        return _crlf(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise OvbaError(f"VBA source {filename} is not UTF-8 text") from exc


def _module_from_file(filename: str, kind: ModuleKind | None = None) -> Module:
    text = source_text(filename)
    stem, _, ext = filename.rpartition(".")
    match = _VB_NAME.match(text)
    if not match or match.group(1) != stem:
        raise OvbaError(f"VBA source {filename} must start with the line Attribute VB_Name = \"{stem}\"")
    if kind is None:
        if ext == "bas":
            kind = ModuleKind.PROCEDURAL
        else:
            base = _VB_BASE.search(text)
            kind = ModuleKind.CLASS if base and base.group(1) == CLASS_BASE else ModuleKind.DOCUMENT
    return Module(stem, kind, text)


def sheet_module_source(code_name: str) -> str:
    """The source of a worksheet's document module, as Excel writes it for a new sheet."""
    return _crlf(
        f'Attribute VB_Name = "{code_name}"\n'
        f'Attribute VB_Base = "{DOCUMENT_SHEET_BASE}"\n'
        "Attribute VB_GlobalNameSpace = False\n"
        "Attribute VB_Creatable = False\n"
        "Attribute VB_PredeclaredId = True\n"
        "Attribute VB_Exposed = True\n"
        "Attribute VB_TemplateDerived = False\n"
        "Attribute VB_Customizable = True\n"
    )


def check_code_names(sheet_code_names: list[str]) -> None:
    """Sheet code names must be VBA identifiers, distinct (ignoring case), and not the name of
    another module of the project."""
    taken = {WORKBOOK_MODULE.upper(): WORKBOOK_MODULE}
    taken.update({f.rpartition(".")[0].upper(): f.rpartition(".")[0] for f in SOURCE_FILES})
    for name in sheet_code_names:
        if not isinstance(name, str) or not _IDENTIFIER.match(name):
            raise OvbaError(f"sheet code name {name!r} is not a VBA name (a letter, then letters, digits "
                            f"or _, at most 31 characters)")
        if name.upper() in taken:
            raise OvbaError(f"sheet code name {name!r} is already used by module {taken[name.upper()]!r}")
        taken[name.upper()] = name


def project_modules(sheet_code_names: list[str]) -> list[Module]:
    """Every module of the project, in project order: ThisWorkbook, the sheets, then the sources."""
    sheet_code_names = list(sheet_code_names)
    check_code_names(sheet_code_names)
    modules = [_module_from_file(f"{WORKBOOK_MODULE}.cls", ModuleKind.DOCUMENT)]
    modules += [Module(name, ModuleKind.DOCUMENT, sheet_module_source(name)) for name in sheet_code_names]
    modules += [_module_from_file(f) for f in SOURCE_FILES]
    return modules


def build_project(sheet_code_names: list[str]) -> bytes:
    """The ``vbaProject.bin`` bytes for a workbook whose worksheets have these code names
    (in workbook order)."""
    modules = project_modules(sheet_code_names)
    vba: dict[str, bytes] = {
        "_VBA_PROJECT": vba_project_stream(),
        "dir": compress(dir_stream(PROJECT_NAME, modules)),
    }
    for module in modules:
        stream = module_stream(module)
        if decompress(stream) != module.source_bytes():  # only incompressible text could do this
            raise OvbaError(f"module {module.name}: its source does not survive MS-OVBA compression")
        vba[module.name] = stream
    return cfb.build({
        "PROJECT": project_stream(PROJECT_ID, PROJECT_NAME, modules),
        "PROJECTwm": projectwm_stream(modules),
        "VBA": vba,
    })
