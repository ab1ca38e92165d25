"""xlwings' remote engine for the tests (the Python side of xlwings Lite and xlwings Server).

The remote engine is part of xlwings PRO, which xlwings loads only with a licence key. xlwings PRO
is dual-licensed; under the PolyForm Noncommercial License 1.0.0 its key is the word
``noncommercial`` (``XLWINGS_LICENSE_KEY=noncommercial``, read by xlwings'
``LicenseHandler.get_license``), and that licence names government institutions among the
organisations that may use the software for any purpose: lkjip-xl is made for Indonesian
government offices (docs/install-lite.md).
"""

from __future__ import annotations

import os

import pytest

LICENSE_KEY = "noncommercial"


@pytest.fixture(scope="session")
def remote_engine():
    """Load xlwings' remote engine, whenever xlwings was first imported in this run.

    xlwings registers its engines when first imported; when that happened before the key was set,
    the remote engine is registered here."""
    previous = os.environ.get("XLWINGS_LICENSE_KEY")
    os.environ["XLWINGS_LICENSE_KEY"] = previous or LICENSE_KEY
    import xlwings as xw
    from xlwings.pro import _xlremote  # validates the key when first imported

    if "remote" not in [engine.name for engine in xw.engines]:
        xw.engines.add(xw.Engine(impl=_xlremote.engine))
    yield _xlremote
    if previous is None:
        os.environ.pop("XLWINGS_LICENSE_KEY", None)
