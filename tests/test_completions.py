"""Completion scripts and the manual, generated from the argument parser and the content."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from fasci_tui import __version__
from fasci_tui.cli import build_parser, main
from fasci_tui.cli_docs import MAN_PAGE, SHELLS, completion_script, man_page, man_text
from fasci_tui.content.model import Content


@pytest.mark.parametrize("shell", SHELLS)
def test_scripts_list_commands_options_and_places(content: Content, shell: str) -> None:
    script = completion_script(shell, build_parser(), content)
    for word in ("validate", "show", "completions", "config", "--theme", "high-contrast",
                 "--format", "csv", "--no-mouse", "compare", "references"):
        assert word.lstrip("-") in script, (shell, word)
    for nutrient in content.nutrients:
        assert nutrient.id in script
        for alias in nutrient.aliases:  # one-word ones: a shell word each
            if " " not in alias:
                assert alias.lower() in script


def test_completions_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completions", "bash"]) == 0
    assert "complete -F _fasci_tui fasci-tui" in capsys.readouterr().out
    assert main(["completions", "tcsh"]) == 2
    assert "bash, zsh, fish" in capsys.readouterr().err


def test_shipped_manual_is_the_generated_one() -> None:
    assert MAN_PAGE.read_text(encoding="utf-8") == man_page(build_parser()), (
        "regenerate: python -c 'from fasci_tui.cli import build_parser; from "
        "fasci_tui.cli_docs import man_page, MAN_PAGE; "
        "MAN_PAGE.write_text(man_page(build_parser()))'")
    assert f"fasci-tui {__version__}" in MAN_PAGE.read_text(encoding="utf-8")


def test_man_without_a_terminal_prints_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--man"]) == 0
    out = capsys.readouterr().out
    assert out == man_text(build_parser())
    for heading in ("NAME", "SYNOPSIS", "OPTIONS", "FILES", "ENVIRONMENT"):
        assert f"\n{heading}\n" in f"\n{out}"
    assert "--theme NAME" in out and "\\f" not in out


@pytest.mark.slow
def test_bash_script_is_valid_and_completes(content: Content, tmp_path: Path) -> None:
    script = tmp_path / "fasci-tui.bash"
    script.write_text(completion_script("bash", build_parser(), content), encoding="utf-8")
    subprocess.run(["bash", "-n", str(script)], check=True, timeout=30)
    probe = (f"source {script}; COMP_WORDS=(fasci-tui show magn); COMP_CWORD=2; _fasci_tui; "
             'echo "${COMPREPLY[@]}"; COMP_WORDS=(fasci-tui --theme high); COMP_CWORD=2; '
             '_fasci_tui; echo "${COMPREPLY[@]}"')
    out = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
    assert out.stdout.splitlines() == ["magnesium", "high-contrast"]


@pytest.mark.slow
@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_other_shells_parse_their_script(content: Content, tmp_path: Path,
                                         shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here")
    script = tmp_path / f"fasci-tui.{shell}"
    script.write_text(completion_script(shell, build_parser(), content), encoding="utf-8")
    subprocess.run([shell, "-n", str(script)], check=True, timeout=30)


@pytest.mark.slow
def test_man_renders_the_page() -> None:
    if shutil.which("man") is None:
        pytest.skip("man is not installed here")
    out = subprocess.run(["man", "-l", str(MAN_PAGE)], capture_output=True, text=True,
                         timeout=30, env={"MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "80",
                                          "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert "FASCI-TUI(1)" in out.stdout and "--config FILE" in out.stdout
    assert "warning" not in out.stderr.lower()


@pytest.mark.slow
def test_fish_completes_places_and_themes(content: Content, tmp_path: Path) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed here")
    script = tmp_path / "fasci-tui.fish"
    script.write_text(completion_script("fish", build_parser(), content), encoding="utf-8")
    probe = (f"source {script}; complete -C 'fasci-tui show magn'; "
             "complete -C 'fasci-tui --theme high'")
    out = subprocess.run(["fish", "-c", probe], capture_output=True, text=True, timeout=30)
    assert [line.split("\t")[0] for line in out.stdout.splitlines()] == [
        "magnesium", "high-contrast"]
