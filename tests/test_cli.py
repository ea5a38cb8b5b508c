"""CLI: exit codes, output, suggestions, --data and the environment variable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fasci_tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate")
    assert code == 0 and "OK (8 nutrients" in out


def test_validate_broken_copy_names_file_line_and_key(
    capsys: pytest.CaptureFixture[str], data_copy: Path
) -> None:
    path = data_copy / "nutrients.yaml"
    text = path.read_text()
    line = text[: text.index("kind: mineral")].count("\n") + 1
    path.write_text(text.replace("kind: mineral", "kind: metal", 1))
    code, out, _ = run(capsys, "validate", str(data_copy))
    assert code == 1
    assert f"nutrients.yaml:{line}:11: nutrients[0].kind: 'metal' is not allowed" in out
    assert out.strip().endswith("1 problem found")


def test_data_flag_and_env(capsys: pytest.CaptureFixture[str], data_copy: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    (data_copy / "faq.yaml").write_text("")
    code, out, _ = run(capsys, "--data", str(data_copy), "validate")
    assert code == 1 and "faq.yaml: file is empty" in out
    monkeypatch.setenv("FASCI_TUI_DATA", str(data_copy))
    code, _, err = run(capsys, "show", "magnesium")
    assert code == 1 and "faq.yaml: file is empty" in err


def test_show_nutrient_by_alias(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "cobalamin")
    assert code == 0
    assert out.startswith("Vitamin B12 (vitamin)\n")
    assert out.lower().count("labs differ") == 1 and "References" in out


@pytest.mark.parametrize("section,needle", [
    ("overview", "When to see a doctor"), ("faq", "Frequently asked questions"),
    ("checklist", "0/5 habits"), ("foods", "pumpkin seeds      Magnesium    156 mg per 1 oz"),
    ("references", "https://"), ("compare", "Vitamin B12  indirect  2.4 mcg"),
])
def test_show_sections(capsys: pytest.CaptureFixture[str], section: str, needle: str) -> None:
    code, out, _ = run(capsys, "show", section)
    assert code == 0 and needle in out


@pytest.mark.parametrize("name", ["bfs", "BFS", "benign-fasciculation-syndrome"])
def test_show_reading_page(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, _ = run(capsys, "show", name)
    assert code == 0 and out.startswith("Benign fasciculation syndrome (BFS)\n")
    assert "98.3%" in out and "[limited evidence]" in out and "Evidence marks:" in out
    assert "References" in out


def test_show_other_causes_and_doctor(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "causes")
    assert code == 0 and "What a doctor may check" in out and "creatine" in out
    code, out, _ = run(capsys, "show", "doctor")
    assert code == 0 and out.startswith("When to see a doctor\n")
    at = [out.index(h) for h in ("NOW: Get urgent care now", "SOON: Book a doctor",
                                 "REASSURANCE: Common and usually harmless", "Disclaimer",
                                 "References")]
    assert at == sorted(at) and "keep taking it" in out
    code, _, err = run(capsys, "show", "bsf")
    assert code == 2 and "did you mean 'bfs'?" in err


def test_show_nutrient_new_sections(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "show", "b6")
    flat = " ".join(out.split())
    assert "US and Canada: 100 mg a day" in flat and "European Union (adults): 12 mg a day" in flat
    for heading in ("Who may run low", "Medicines", "Too much", "How a shortage is tested"):
        assert f"\n{heading}\n" in out
    _, out, _ = run(capsys, "show", "sodium")
    assert "Cured meats — Mind your intake" in " ".join(out.split())
    _, out, _ = run(capsys, "show", "b12")
    assert "How to read it: There is no sharp line" in " ".join(out.split())
    assert "at least 200" not in out
    _, out, _ = run(capsys, "show", "magnesium")
    flat = " ".join(out.split())
    assert "Bars: one serving as a share of the RDA for men 31+, 420 mg a day." in flat
    assert "US Daily Value (the amount food labels count against): 420 mg [" in flat


def test_show_checklist_reads_state(capsys: pytest.CaptureFixture[str]) -> None:
    from fasci_tui.state import StateStore

    StateStore().set_checked("sleep", True)
    _, out, _ = run(capsys, "show", "checklist")
    assert "1/5 habits" in out and "[x] Sleep" in out


def test_unknown_id_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "magnesum")
    assert code == 2 and "did you mean 'magnesium'?" in err


def test_show_without_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show")
    assert code == 2 and "show needs an ID" in err


def test_deep_link_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "potasium")[0] == 2
    code, _, err = run(capsys, "compare", "--sort", "intak")
    assert code == 2 and "did you mean 'intake'?" in err
    code, _, err = run(capsys, "magnesium", "--search", "b12")
    assert code == 2 and "--search goes with faq" in err


def test_open_needs_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "magnesium")
    assert code == 2 and "needs a terminal" in err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("fasci-tui ")
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "fasci-tui show magnesium" in out and "FASCI_TUI_DATA" in out


def test_bad_option_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--frobnicate")
    assert code == 2 and "unrecognized arguments" in err


@pytest.mark.slow
def test_python_dash_m_and_pipe_to_head(tmp_path: Path) -> None:
    proc = subprocess.run(
        f"{sys.executable} -m fasci_tui show magnesium | head -3",
        shell=True, capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )
    assert proc.stdout.splitlines()[0] == "Magnesium (mineral)"
    assert "Traceback" not in proc.stderr


def test_show_compare_sorted(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "compare", "--sort", "nutrient")
    assert code == 0
    lines = out.splitlines()
    names = [line.split("  ")[0] for line in lines[4:12]]
    assert names[-4:] == ["Vitamin B1", "Vitamin B6", "Vitamin B12", "Vitamin D"]  # natural
    assert "Primary function: muscle relaxation" in out  # the details under the table
    code, _, err = run(capsys, "show", "compare", "--sort", "colour")
    assert code == 2 and "unknown column 'colour'" in err
    code, _, err = run(capsys, "show", "faq", "--sort", "intake")
    assert code == 2 and "--sort goes with compare" in err


def test_show_lists_every_place(capsys: pytest.CaptureFixture[str]) -> None:
    from fasci_tui.target import SECTIONS

    _, _, err = run(capsys, "show")
    _, help_text, _ = run(capsys, "--help")
    for section in SECTIONS:
        assert section in err and section in help_text.split("show ID", 1)[1]
        assert run(capsys, "show", section)[0] == 0


def test_show_amounts_read_naturally(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "show", "magnesium")
    assert "78 mg per ½ cup, boiled" in out and "/1/2" not in out
