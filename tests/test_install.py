"""Installable as a tool: the sdist builds the wheel, which carries the data and the
manual, and ``fasci-tui --version`` says the package's version."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from fasci_tui import __version__

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_sdist_builds_a_wheel_with_data_and_manual(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-c", "import sys; from hatchling.build import build_sdist; "
         "print(build_sdist(sys.argv[1]))", str(dist)],
        cwd=ROOT, check=True, capture_output=True, timeout=300)
    (sdist,) = dist.glob("fasci_tui-*.tar.gz")
    assert sdist.name == f"fasci_tui-{__version__}.tar.gz"
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "src", filter="data")
    (source,) = (tmp_path / "src").iterdir()
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(source)],
        check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("fasci_tui-*.whl")
    assert wheel.name.startswith(f"fasci_tui-{__version__}-")
    names = zipfile.ZipFile(wheel).namelist()
    assert "fasci_tui/man/fasci-tui.1" in names
    assert "fasci_tui/data/nutrients.yaml" in names
    assert "fasci_tui/widgets/find.tcss" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-m", "fasci_tui", "--version"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == f"fasci-tui {__version__}", proc.stderr
