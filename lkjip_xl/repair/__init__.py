"""Rows staff added or removed in Excel, made whole again: the repair of a workbook's formulas.

Staff insert a kegiatan with Excel's Insert Row, type its kode and name, and press Hitung Ulang;
they copy a row, or delete one. Excel shifts the references of every formula around the change,
but it writes no formula into the new row, and a range whose edge the row was added at does not
grow to take it in. The repair finds those rows by what was typed (the hidden Jenis and Kunci
columns of an inserted row are empty), and plans the edits that make the workbook what the
generator would have written for the same rows: the hidden columns, the computed cells' formulas,
the formats of the row's kind, and the aggregates that now must include (or no longer include)
a row. It never replaces what staff typed: a computed cell holding a typed value is left to the
checks (``rumus-tertimpa``) unless the formulas are restored on request (``--pulihkan-rumus``).

* :mod:`.classify`: the kind of a row from what was typed (kode depth, which columns are filled);
  the readers use it too, so a row is read as the repair sees it;
* :mod:`.references`: whether a formula differs from the expected one only in rows added or
  removed (so that correcting it is a repair, not a change of what staff wrote);
* :mod:`.edits`: the planned edits (:class:`~.edits.Repair`), with a catatan for each;
* :mod:`.lkjip`, :mod:`.renja`: the planning for each report kind (pure: rows read -> edits);
* :mod:`.run`: :func:`~.run.plan_repair` for a workbook read, :func:`~.run.apply_repair` through
  any :class:`~lkjip_xl.adapters.base.BookAdapter` (Excel through xlwings, a file, openpyxl).

This package's ``__init__`` imports nothing: the readers import :mod:`.classify`, and the planning
modules import the readers.
"""
