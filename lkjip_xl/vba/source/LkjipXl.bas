Attribute VB_Name = "LkjipXl"
' lkjip-xl: the macros of a generated LKjIP workbook (.xlsm).
'
' The "Hitung Ulang / Recalculate" buttons on the Petunjuk and Ringkasan sheets run Recalculate;
' the "Pulihkan Rumus" button on Petunjuk runs PulihkanRumus.
' It starts Python through xlwings' RunPython (the xlwings module is bundled in this workbook, so
' the xlwings add-in is not needed) and calls lkjip_xl.excel.recalculate_caller(), which finds
' this workbook with xlwings.Book.caller(): it works whatever the file is called and wherever it
' is saved. Python with lkjip-xl must be installed on the computer. RunPython reads its settings
' (Interpreter_Win, PYTHONPATH, Conda Path, ...) from the xlwings.conf sheet of this workbook, an
' xlwings.conf file next to it, or the user's %USERPROFILE%\.xlwings\xlwings.conf.
'
' Generated from lkjip_xl/vba/source/LkjipXl.bas: changes made here in the VBA editor are lost
' the next time the workbook is generated.
Option Explicit

Public Sub Recalculate()
    RunPython "import lkjip_xl.excel; lkjip_xl.excel.recalculate_caller()"
End Sub

' The "Pulihkan Rumus" button on Petunjuk: the same recalculation, and the formulas that staff typed
' over (or deleted) written back; each typed value stays in the Pemeriksaan sheet.
Public Sub PulihkanRumus()
    RunPython "import lkjip_xl.excel; lkjip_xl.excel.restore_caller()"
End Sub
