"""What xlwings Lite does with the code the office pasted, run the same way in Pyodide (by
``run_lite.mjs``) and on CPython (by ``cpython_lite.py``), against a fake Office.js client
(``js.xlwings``: ``getBookData``, ``getRangeData``, ``runActions``).

As xlwings Lite's runtime does (xlwings Server's ``wasm_runtime.py``, from which Lite is built):
``XLWINGS_ON_SERVER=true`` before xlwings is imported (so ``@script`` and ``@func`` record what
Lite reads), main.py made a module from its text, its scripts and functions listed with
``xlwings.server.custom_scripts_meta`` / ``custom_functions_meta``, a script run with
``custom_scripts_call(module, name, typehint_to_value={xw.Book: book})`` on
``xw.Book(json=<the book the client sent>)``, and the actions of ``book.json()`` handed back.

This file imports nothing of the tests (it is copied alone into Pyodide).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import io
import json
import os
import sys

os.environ["XLWINGS_ON_SERVER"] = "true"
#: xlwings PRO's key for noncommercial use (PolyForm Noncommercial 1.0.0, which permits government
#: institutions); xlwings Server's Wasm build sets the same for its runtime.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

#: Modules that must not be importable in Pyodide (compiled, or pulling compiled packages).
COMPILED = ("yaml", "numpy", "scipy", "formulas", "formualizer", "regex", "schedula", "pandas")


def module_from_string(text: str, name: str):
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(text, f"<{name}.py>", "exec"), module.__dict__)  # noqa: S102 - what Lite does with main.py
    sys.modules[name] = module
    return module


def _js():
    import js  # the fake client: globalThis.xlwings in Pyodide, a fake module on CPython

    return js


def _plain(value):
    """A value from the JavaScript side as Python data."""
    return value.to_py() if hasattr(value, "to_py") else value


async def run(job: dict) -> dict:
    """Import main.py, list its scripts and functions, run each of ``job["runs"]`` and each of
    ``job["calls"]``; return everything as JSON-able data."""
    import xlwings as xw
    import xlwings.server

    out: dict = {"python": sys.version.split()[0], "platform": sys.platform, "xlwings": xw.__version__}
    main = module_from_string(job["main_py"], "main")
    out["scripts"] = sorted(xlwings.server.custom_scripts_meta(main), key=lambda m: m["function_name"])
    out["functions"] = sorted(f["name"] for f in xlwings.server.custom_functions_meta(main)["functions"])
    client = _js().xlwings
    out["runs"] = []
    for index, script_name in enumerate(job["runs"]):
        client.select(index)
        payload = _plain(await client.getBookData(None))
        book = xw.Book(json=payload)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            book = await xlwings.server.custom_scripts_call(
                module=main, script_name=script_name, typehint_to_value={xw.Book: book})
        report = json.loads(client.report())
        out["runs"].append({"script": script_name, "actions": report["flushed"] + book.json()["actions"],
                            "calls": [c for c in report["calls"] if c[0] != "getBookData"],
                            "printed": printed.getvalue()})
    out["calls"] = []
    for call in job.get("calls", []):
        data = {"func_name": call["name"], "args": call["args"], "version": xw.__version__, "client": "Office.js",
                "runtime": "1.4", "culture_info_name": "id-ID", "date_format": "dd/MM/yyyy"}
        out["calls"].append(await xlwings.server.custom_functions_call(data, module=main))
    out["installed"] = sorted(f"{d.metadata['Name'].lower()}=={d.version}" for d in importlib.metadata.distributions())
    out["importable_compiled"] = [name for name in COMPILED if importlib.util.find_spec(name) is not None]
    out["loaded_extensions"] = sorted(
        name for name, module in list(sys.modules.items())
        if str(getattr(module, "__file__", "") or "").endswith((".so", ".pyd"))
        and "site-packages" in str(module.__file__))
    return out
