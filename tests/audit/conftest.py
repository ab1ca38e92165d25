"""Where the real workbooks are: ``../shared/real`` beside the repository (``LKJIP_SHARED_REAL``
names another folder, for a worktree that sits elsewhere)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL = Path(os.environ.get("LKJIP_SHARED_REAL", ROOT / ".." / "shared" / "real"))


@pytest.fixture
def real():
    def get(name: str) -> Path:
        path = REAL / name
        if not path.is_file():
            pytest.skip(f"real workbook {name} not found in {REAL}")
        return path

    return get
