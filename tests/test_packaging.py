"""The wheel carries the data: an installed copy validates from another directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_runs_from_elsewhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = wheels.glob("fasci_tui-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    assert (target / "fasci_tui" / "data" / "nutrients.yaml").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "FASCI_TUI_STATE_DIR": str(tmp_path / "s")}
    env.pop("FASCI_TUI_DATA", None)
    proc = subprocess.run(
        [sys.executable, "-c",
         "import fasci_tui, sys; from fasci_tui.cli import main; print(fasci_tui.__file__);"
         "sys.exit(main(['validate']))"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[0].startswith(str(target))
    assert "OK (8 nutrients" in proc.stdout
    assert (target / "bin" / "fasci-tui").is_file()
