"""The one workbook-file layer: every read and write of an ``.xlsx``/``.xlsm`` package goes here.

* :mod:`.safety` — the front door: what is not a workbook package, zip and XML bombs, DTDs,
  sheets too large to read are refused before anything is read;
* :mod:`.package` — the parts and their relationships, resolved once (the workbook part, each
  sheet's part and visibility, the styles, the shared strings); :mod:`.content_types` — the media
  type of each part;
* :mod:`.sheet` — the sheet reader (values, formulas incl. shared and array formulas, formats,
  dates, errors, rich text, merged ranges), with its fast path, which also tells the engines
  where the formula cells are; :mod:`.styles` — the formats;
* :mod:`.rewrite`, :mod:`.edit`, :mod:`.copy` — the one rewriter: cached values, cell edits, row
  heights, new formats and added sheets, every other part copied byte for byte
  (:class:`~.copy.WorkbookCopy` for a changed copy of any workbook);
* :mod:`.button` — where a button goes on a sheet (its cell grid in pixels) and the element that
  links its drawing, for the .xlsm and the xlwings Lite buttons.

Designed for workbooks lkjip-xl did not write: any sheet, hidden sheets, namespace prefixes,
attributes in any order, strict-OOXML relationship types. Only the standard library is used, so
the in-Excel path (Pyodide) can import it.
"""
