"""The built wheel carries the templates: a non-editable install, run from elsewhere, finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, user_env

NO_NETWORK = ("Could not find a version that satisfies", "No matching distribution found",
              "Failed to establish a new connection", "Temporary failure in name resolution",
              "Network is unreachable", "NewConnectionError", "ConnectTimeoutError", "ProxyError")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """pip wheel the checkout, then pip install --target it; returns the target folder."""
    work = tmp_path_factory.mktemp("wheel")
    dist, target = work / "dist", work / "target"
    # the build backend comes from the lock (requirements/dev.lock), like everything CI runs
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(dist), "."],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    if build.returncode != 0:
        if "No module named 'hatchling'" in build.stdout + build.stderr:
            pytest.skip("cannot build the wheel: hatchling is not installed (make test installs it from the lock)")
        if any(s in build.stdout + build.stderr for s in NO_NETWORK):
            pytest.skip("cannot build the wheel: pip could not download the build backend (no network)")
        pytest.fail(f"pip wheel failed:\n{build.stdout}\n{build.stderr}")
    (wheel,) = dist.glob("netnotes-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    assert "netnotes/templates/config.toml" in names, sorted(names)
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                              str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    return target


def _run(args: list[str], target: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=user_env(PYTHONPATH=str(target)), capture_output=True,
                          text=True, timeout=60)


def test_the_installed_package_is_the_wheel(installed, tmp_path):
    proc = _run(["-c", "import netnotes, netnotes.vault.templates as t; print(netnotes.__file__); "
                       "print(t.builtin_templates_dir())"], installed, tmp_path)
    assert proc.returncode == 0, proc.stderr
    package_file, templates = proc.stdout.splitlines()
    assert Path(package_file).resolve().is_relative_to(installed.resolve())
    assert Path(templates).resolve() == (installed / "netnotes" / "templates").resolve()


def test_init_from_the_wheel_writes_the_shipped_config(installed, tmp_path):
    (tmp_path / "X").mkdir()  # init refuses a folder that does not exist (see tests/vault/test_init.py)
    proc = _run(["-m", "netnotes", "init", "X"], installed, tmp_path)
    assert proc.returncode == 0, proc.stderr
    written = (tmp_path / "X" / ".netnotes" / "config.toml").read_bytes()
    assert written == (ROOT / "templates" / "config.toml").read_bytes()
    assert written == (installed / "netnotes" / "templates" / "config.toml").read_bytes()
    check = _run(["-m", "netnotes", "validate", "X"], installed, tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_template_is_in_the_wheel(installed):
    shipped = sorted(p.name for p in (ROOT / "templates").iterdir() if p.is_file())
    inside = sorted(p.name for p in (installed / "netnotes" / "templates").iterdir() if p.is_file())
    assert inside == shipped
