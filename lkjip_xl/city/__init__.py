"""A whole city's workbooks at once: checking many files in parallel, and consolidating them.

Public names:

* :func:`~lkjip_xl.city.files.expand_paths`: files, folders (recursively) and globs -> workbooks;
* :func:`~lkjip_xl.city.worker.examine` (one path -> :class:`~lkjip_xl.city.worker.FileResult`):
  the per-file work, a pure function of one file that any pool or cluster can run;
* :func:`~lkjip_xl.city.runner.run_all`: ``examine`` over many files, on a local process pool or
  on a Dask cluster, in the order given;
* :mod:`~lkjip_xl.city.results_book`: the results workbook of ``check -o``;
* :mod:`~lkjip_xl.city.gabung`: the city's consolidated workbook (``lkjip-xl gabung``).

Nothing here imports the engine or openpyxl at import time: the worker imports what each file needs.
"""
