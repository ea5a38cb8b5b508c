"""The settings file: where it is, what it may say, and problems located by file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from fasci_tui.config import (
    CONFIG_ENV,
    Settings,
    config_path,
    default_path,
    example,
    init_file,
    load_settings,
    save_theme,
)

IDS = frozenset({"help", "quit", "find"})


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_location_flag_then_environment_then_xdg(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_path() == tmp_path / "config" / "fasci-tui" / "config.toml"  # conftest
    assert config_path() == default_path()
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "env.toml"))
    assert config_path() == tmp_path / "env.toml"
    assert config_path(tmp_path / "flag.toml") == tmp_path / "flag.toml"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.delenv(CONFIG_ENV)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert config_path() == tmp_path / "home" / ".config" / "fasci-tui" / "config.toml"


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.toml")
    assert settings == Settings(path=tmp_path / "missing.toml")
    assert settings.mouse and settings.units == "us" and settings.region == "us-canada"


def test_every_setting_read(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\nstart = "b12"\nmouse = false\nunits = "US"\n'
                 'region = "eu"\n[keys]\nhelp = "f1, h"\nfind = "ctrl+f"\n')
    settings = load_settings(path, IDS)
    assert settings.problems == ()
    assert (settings.theme, settings.start, settings.mouse, settings.units,
            settings.region) == ("nord", "b12", False, "us", "eu")
    assert settings.keys == {"help": "f1,h", "find": "ctrl+f"}
    assert settings.key_lines == {"help": 7, "find": 8}


def test_bad_values_and_unknown_keys_are_located_and_the_rest_kept(tmp_path: Path) -> None:
    path = write(tmp_path, '# a comment\ntheme = "nord"\nmouse = "yes"\ncolour = 1\n'
                 'region = "mars"\n[keys]\nhelp = "f1"\nbogus = "x"\nquit = 3\n[extra]\na = 1\n')
    settings = load_settings(path, IDS)
    assert settings.theme == "nord" and settings.keys == {"help": "f1"}
    assert settings.mouse is True and settings.region == "us-canada"
    lines = {problem.split(": ")[0]: problem for problem in settings.problems}
    assert f"{path}:3" in lines and "true or false" in lines[f"{path}:3"]
    assert f"{path}:4" in lines and "unknown setting" in lines[f"{path}:4"]
    assert f"{path}:5" in lines and "'mars'" in lines[f"{path}:5"]
    assert f"{path}:8" in lines and "keys.bogus" in lines[f"{path}:8"]
    assert f"{path}:9" in lines and "keys.quit" in lines[f"{path}:9"]
    assert f"{path}:10" in lines and "extra" in lines[f"{path}:10"]
    assert len(settings.problems) == 6


def test_not_toml_is_located_by_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\nmouse = \n')
    settings = load_settings(path)
    assert settings.theme is None  # nothing of a broken file is used
    (problem,) = settings.problems
    assert problem.startswith(f"{path}:2:9: ") and "defaults" in problem


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe theme")
    (problem,) = load_settings(path).problems
    assert problem.startswith(f"{path}: cannot read")
    (problem,) = load_settings(tmp_path).problems  # a directory
    assert "cannot read" in problem


def test_init_writes_the_example_once(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    text = example([("help", "question_mark,f1", "Every key")])
    assert init_file(path, text) is None
    assert '# help = "question_mark,f1"   # Every key' in path.read_text()
    assert load_settings(path, IDS).problems == ()  # all commented out: valid TOML
    assert "exists already" in (init_file(path, "other") or "")
    assert path.read_text() == text


def test_save_theme_keeps_every_other_line(tmp_path: Path) -> None:
    path = write(tmp_path, '# mine\nmouse = false\n[keys]\nhelp = "f1"\n')
    assert save_theme(path, "nord") is None
    assert path.read_text() == '# mine\nmouse = false\ntheme = "nord"\n[keys]\nhelp = "f1"\n'
    assert save_theme(path, "high-contrast") is None
    assert load_settings(path).theme == "high-contrast"
    assert path.read_text().count("theme =") == 1
    fresh = tmp_path / "new" / "config.toml"
    assert save_theme(fresh, "nord") is None and load_settings(fresh).theme == "nord"
