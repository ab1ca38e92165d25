"""Prepare the Pyodide test (tests/lite/test_pyodide.py): everything it installs, fetched beforehand.

``python -m tests.lite.prepare [DIR]`` (default ``build/pyodide``; ``.ci/run`` runs it):

1. Pyodide :data:`PYODIDE_VERSION` from npm (``npm install pyodide@...``): the runtime, the Python
   standard library and ``pyodide-lock.json``; its packages (micropip among them) are not in the
   npm package but on Pyodide's CDN, which the test never uses;
2. micropip, at the version ``pyodide-lock.json`` pins, from PyPI (pinned by its SHA-256: Pyodide's
   CDN holds its own build of the same version);
3. the lkjip-xl wheel, built from this checkout (``pip wheel --no-deps``);
4. lkjip-xl's dependencies *as Pyodide sees them* (the markers evaluated for ``sys_platform ==
   "emscripten"``, Python 3.14), recursively, each a pure-Python wheel from PyPI
   (``pip download --only-binary=:all: --platform any``): one that has none fails here, naming it.

It writes ``DIR/manifest.json`` (the wheels, the versions) last: a partly prepared folder has
none. The wheel of step 3 is rebuilt whenever the package's files differ from the checkout's
(:func:`stale`), so the test never runs old code.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / "build" / "pyodide"
PYODIDE_VERSION = "314.0.8"
#: How Pyodide 314.0.8 (Python 3.14.2, emscripten 5.0.3) evaluates environment markers.
EMSCRIPTEN = {
    "sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
    "platform_machine": "wasm32", "platform_release": "5.0.3", "platform_version": "",
    "python_version": "3.14", "python_full_version": "3.14.2", "implementation_name": "cpython",
    "implementation_version": "3.14.2", "platform_python_implementation": "CPython", "extra": "",
}
PYTHON_TAG = "3.14"
#: The micropip pyodide-lock.json pins, and the SHA-256 of its wheel on PyPI.
MICROPIP_VERSION = "0.11.1"
MICROPIP_SHA256 = "768de165adb8e66906039d8fec4127a57f522dfdf8e6fbff877a4616941ecfd3"


class PrepareError(RuntimeError):
    pass


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise PrepareError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return done


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pyodide_ready(folder: Path) -> bool:
    package = folder / "node_modules" / "pyodide" / "package.json"
    return package.exists() and json.loads(package.read_text())["version"] == PYODIDE_VERSION


def install_pyodide(folder: Path) -> None:
    if pyodide_ready(folder):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise PrepareError("npm not found: Node.js (with npm) is needed for the Pyodide test")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text('{"private": true}\n')
    _run([npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(folder),
          f"pyodide@{PYODIDE_VERSION}"])
    if not pyodide_ready(folder):
        raise PrepareError(f"npm did not install pyodide {PYODIDE_VERSION} into {folder}")


def _source_files() -> dict[str, bytes]:
    """The files the wheel must hold, as in the checkout (the package's .py and data files)."""
    out = {}
    for path in sorted((ROOT / "lkjip_xl").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            out[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    return out


def stale(wheel: Path) -> list[str]:
    """The package files whose bytes differ between ``wheel`` and the checkout (or are missing)."""
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        return [name for name, data in _source_files().items()
                if name.endswith(".py") and (name not in names or zf.read(name) != data)]


def build_wheel(folder: Path) -> Path:
    wheels = folder / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    current = sorted(wheels.glob("lkjip_xl-*.whl"))
    if len(current) == 1 and not stale(current[0]):
        return current[0]
    for old in current:
        old.unlink()
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(ROOT)])
    built = sorted(wheels.glob("lkjip_xl-*.whl"))
    if len(built) != 1 or stale(built[0]):
        raise PrepareError(f"pip wheel did not build one up-to-date lkjip-xl wheel into {wheels}")
    return built[0]


def _requirements(wheel: Path) -> list[str]:
    """The wheel's requirements that hold in Pyodide (markers evaluated for emscripten)."""
    from packaging.requirements import Requirement

    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(zf.read(name).decode("utf-8"))
    out = []
    for text in metadata.get_all("Requires-Dist") or []:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate(EMSCRIPTEN):
            req.marker = None
            out.append(str(req))
    return out


def _pip_download(requirement: str, wheels: Path) -> Path:
    before = set(wheels.iterdir())
    _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
          "--platform", "any", "--python-version", PYTHON_TAG, "--implementation", "py", "--abi", "none",
          "-d", str(wheels), requirement])
    new = sorted(set(wheels.iterdir()) - before)
    if new:
        return new[0]
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename

    req = Requirement(requirement)
    for path in sorted(wheels.glob("*.whl")):
        name, version, _, _ = parse_wheel_filename(path.name)
        if canonicalize_name(name) == canonicalize_name(req.name) and req.specifier.contains(version, prereleases=True):
            return path
    raise PrepareError(f"pip downloaded nothing for {requirement}")


def download_dependencies(lkjip_wheel: Path, folder: Path) -> list[str]:
    """lkjip-xl's dependencies in Pyodide, recursively, as pure wheels; their file names."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    wheels = folder / "wheels"
    done: dict[str, str] = {}
    todo = _requirements(lkjip_wheel)
    while todo:
        requirement = todo.pop(0)
        key = canonicalize_name(Requirement(requirement).name)
        if key in done:
            continue
        try:
            path = _pip_download(requirement, wheels)
        except PrepareError as exc:
            raise PrepareError(f"no pure-Python wheel of {requirement} (a dependency of lkjip-xl in Pyodide): "
                               f"Pyodide installs no other kind from PyPI\n{exc}") from exc
        done[key] = path.name
        todo.extend(_requirements(path))
    return sorted(done.values())


def download_micropip(folder: Path) -> str:
    """micropip at the version Pyodide's lock file pins, from PyPI, pinned by its SHA-256.

    Pyodide builds its own micropip wheel for its CDN (another SHA-256 than PyPI's, same version);
    the npm package holds neither."""
    lock = json.loads((folder / "node_modules" / "pyodide" / "pyodide-lock.json").read_text())
    entry = lock["packages"]["micropip"]
    if entry["version"] != MICROPIP_VERSION:
        raise PrepareError(f"pyodide {PYODIDE_VERSION} pins micropip {entry['version']}, not {MICROPIP_VERSION}")
    (folder / "wheels").mkdir(parents=True, exist_ok=True)
    path = folder / "wheels" / entry["file_name"]
    if not path.exists():
        _pip_download(f"micropip=={MICROPIP_VERSION}", folder / "wheels")
    if _sha256(path) != MICROPIP_SHA256:
        raise PrepareError(f"{path} is not the micropip {MICROPIP_VERSION} wheel of PyPI (SHA-256 {_sha256(path)})")
    return path.name


def prepare(folder: Path = DEFAULT_DIR) -> dict:
    started = time.monotonic()
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    install_pyodide(folder)
    micropip = download_micropip(folder)
    wheel = build_wheel(folder)
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if manifest.get("lkjip_xl") != wheel.name or manifest.get("requirements") != _requirements(wheel):
        manifest = {"pyodide": PYODIDE_VERSION, "micropip": micropip, "lkjip_xl": wheel.name,
                    "requirements": _requirements(wheel), "dependencies": download_dependencies(wheel, folder)}
    manifest["prepared_in_s"] = round(time.monotonic() - started, 1)
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


if __name__ == "__main__":
    result = prepare(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
    print(f"prepare: Pyodide {result['pyodide']}, {result['micropip']}, {result['lkjip_xl']}, "
          f"dependencies {', '.join(result['dependencies'])} ({result['prepared_in_s']} s)")
