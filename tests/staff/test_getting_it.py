"""Getting it: the examples come with the installed package (lkjip-xl contoh), and what the
install guide and the README tell an office to type exists."""

from __future__ import annotations

from lkjip_xl.cli import main
from lkjip_xl.examples import FILES, examples_dir
from tests.conftest import ROOT


def test_contoh_writes_the_examples(tmp_path, capsys):
    folder = tmp_path / "contoh"
    assert main(["contoh", "-o", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"Contoh ditulis ke {folder}:"] + [f"  {n}" for n in FILES]
    for name in FILES:
        assert (folder / name).read_bytes() == (ROOT / "examples" / name).read_bytes()
    assert main(["build", str(folder / "walantaka_2020.yaml"), "-o", str(tmp_path / "w.xlsx")]) == 0


def test_the_examples_are_package_data():
    """pyproject.toml installs examples/ as lkjip_xl.contoh (the wheel check of .ci/wheel-smoke runs
    contoh from an installed wheel); here: the package resolves to the files."""
    found = examples_dir()
    assert all(found.joinpath(name).is_file() for name in FILES)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"lkjip_xl.contoh" = "examples"' in text and '"lkjip_xl.vba.source"' in text
    assert 'license = "MIT"' in text


def test_the_install_guide_names_the_file_to_install():
    guide = (ROOT / "docs" / "install-windows.md").read_text(encoding="utf-8")
    assert "pip install lkjip_xl-0.1.0-py3-none-any.whl" in guide
    # the only "pip install lkjip-xl" left is the one that says it finds nothing
    assert guide.count("pip install lkjip-xl") == 1 and "(`pip install lkjip-xl` finds nothing)" in guide
    assert "lkjip-xl contoh -o contoh" in guide and "examples\\walantaka" not in guide
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash .ci/wheel-smoke" in ci
    smoke = (ROOT / ".ci" / "wheel-smoke").read_text(encoding="utf-8")
    for step in ("pip wheel", "venv", "lkjip-xl contoh", "--xlsm", "lkjip-xl check"):
        assert step in smoke


def test_every_package_of_the_source_is_installed():
    """A package folder of lkjip_xl that pyproject.toml does not list is left out of the wheel: the
    installed lkjip-xl would fail where it imports it (the checkout's own tests would not notice)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "lkjip_xl").rglob("__init__.py")}
    assert found - listed == set()
