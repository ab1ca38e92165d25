"""Starting a report without a report file: the blank workbook, last year's workbook, a DPA table.

* :mod:`.template_rows`: the empty program / kegiatan / indicator rows of a blank workbook (the
  rows staff type their structure into or copy), and how the readers and the export tell a row
  left unused from one that was filled;
* :mod:`.previous`: the report to start from last year's workbook (its structure, and last year's
  realisasi in the base-year columns);
* :mod:`.table`: the report to start from a table of program / kegiatan / sub-kegiatan with kode
  and pagu (a DPA or SIPD export), its columns found by their headers;
* :mod:`.build`: the ``lkjip-xl new`` without a report file: one of the above, written as a
  workbook of either kind.

This ``__init__`` imports nothing: the readers import :mod:`.template_rows`.
"""
