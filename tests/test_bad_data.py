"""Bad data: every kind of broken input gives located problems, never a traceback.

The corpus lives in tests/bad_data/ (see its README): each case holds only the broken
file(s), laid over a copy of the shipped data, and an expected.txt. Cases that cannot
live in git are made here at test time. For each case the same problems must come from
the loader, from ``fasci-tui validate DIR`` (exit 1) and from opening the app with
``--data DIR``, which must refuse to start (exit 1) before anything imports Textual.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from fasci_tui import cli
from fasci_tui.content import ContentError, load_content
from fasci_tui.content import loader as loader_module
from fasci_tui.content.paths import shipped_data_dir
from tests.support.as_user import captured, run_as_nobody, shared_tmp

CORPUS = Path(__file__).parent / "bad_data"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
LINE = re.compile(r"^(?P<file>[^:\s]+)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<fragment>.+)$")


@dataclass(frozen=True)
class Expect:
    """One problem a case must produce: file, 1-based line and column (0: whole file)."""

    file: str
    line: int
    column: int
    fragment: str

    def matches(self, data_dir: Path, problem: str) -> bool:
        where = str(data_dir / self.file)
        where += f":{self.line}:{self.column}: " if self.line else ": "
        return problem.startswith(where) and self.fragment in problem[len(where):]


def read_expected(path: Path) -> tuple[list[Expect], int | None]:
    """The expectations in an expected.txt, and the exact problem count if it gives one."""
    expects: list[Expect] = []
    count = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("problems:"):
            count = int(line.split(":", 1)[1])
            continue
        match = LINE.match(line)
        assert match, f"{path}: cannot read {line!r}"
        expects.append(Expect(match["file"], int(match["line"] or 0),
                              int(match["column"] or 0), match["fragment"]))
    return expects, count


def overlay(case: str, target: Path) -> Path:
    """A copy of the shipped data in ``target`` with the case's files laid over it."""
    shutil.copytree(shipped_data_dir(), target)
    for path in (CORPUS / case).iterdir():
        if path.name != "expected.txt":
            shutil.copyfile(path, target / path.name)
    return target


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(data_dir)
    return [str(p) for p in info.value.problems]


def check_problems(data_dir: Path, problems: list[str], expects: list[Expect],
                   count: int | None) -> None:
    """Every expected problem is there, located, and nothing unexpected is."""
    report = "\n".join(problems)
    for expect in expects:
        assert any(expect.matches(data_dir, p) for p in problems), f"{expect}\nnot in:\n{report}"
    assert len(problems) == (len(expects) if count is None else count), report
    for problem in problems:
        assert "Traceback" not in problem and "\n" not in problem, problem


class _Terminal:
    """Stands in for stdin/stdout being a terminal, so only the data can stop the app."""

    def isatty(self) -> bool:
        return True


def check_cli(data_dir: Path, problems: list[str], capsys: pytest.CaptureFixture[str],
              monkeypatch: pytest.MonkeyPatch) -> None:
    """``validate`` and opening the app both print the same problems and exit 1."""
    capsys.readouterr()
    assert cli.main(["validate", str(data_dir)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [*problems, f"{len(problems)} problem"
                                f"{'s' if len(problems) != 1 else ''} found"]
    assert not err

    # Opening the app: it must stop before importing Textual (importing it would fail).
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "textual", None)
        patch.setitem(sys.modules, "fasci_tui.app", None)
        patch.setattr(sys, "stdin", _Terminal())
        patch.setattr(sys.stdout, "isatty", lambda: True)
        assert cli.main(["--data", str(data_dir)]) == 1
        assert cli.main(["--data", str(data_dir), "magnesium"]) == 1
    out, err = capsys.readouterr()
    assert not out
    report = err.split("fasci-tui: the app cannot start")[0].splitlines()
    assert report[:len(problems)] == problems
    assert "fasci-tui validate lists it all" in err and "Traceback" not in err


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    expects, count = read_expected(CORPUS / case / "expected.txt")
    assert expects, f"{case} lists no expected problem"
    data_dir = overlay(case, tmp_path / "data")
    problems = problems_of(data_dir)
    check_problems(data_dir, problems, expects, count)
    check_cli(data_dir, problems, capsys, monkeypatch)


def test_corpus_cases_hold_only_broken_files() -> None:
    shipped = {p.name for p in shipped_data_dir().iterdir()}
    for case in CASES:
        names = {p.name for p in (CORPUS / case).iterdir()}
        assert "expected.txt" in names, case
        assert names - {"expected.txt"} <= shipped, case
        assert len(names) > 1, case


# --------------------------------------------------------- cases made at test time

def _too_large(data_dir: Path) -> list[Expect]:
    path = data_dir / "faq.yaml"
    with open(path, "r+b") as handle:  # sparse: takes no room on disk
        handle.truncate(loader_module.MAX_FILE_BYTES + 1)
    size = f"{loader_module.MAX_FILE_BYTES + 1:,}"
    return [Expect("faq.yaml", 0, 0, f"is {size} bytes, over the 64 MiB limit")]


def _directory(data_dir: Path) -> list[Expect]:
    (data_dir / "faq.yaml").unlink()
    (data_dir / "faq.yaml").mkdir()
    return [Expect("faq.yaml", 0, 0, "is a directory, expected a YAML file")]


def _symlink_loop(data_dir: Path) -> list[Expect]:
    (data_dir / "faq.yaml").unlink()
    (data_dir / "faq.yaml").symlink_to("faq.yaml")
    (data_dir / "lifestyle.yaml").unlink()
    (data_dir / "lifestyle.yaml").symlink_to("loop-b.yaml")
    (data_dir / "loop-b.yaml").symlink_to("lifestyle.yaml")
    return [Expect("lifestyle.yaml", 0, 0, "symbolic link loop; point the link at a file"),
            Expect("faq.yaml", 0, 0, "symbolic link loop; point the link at a file")]


def _dangling_symlink(data_dir: Path) -> list[Expect]:
    (data_dir / "faq.yaml").unlink()
    (data_dir / "faq.yaml").symlink_to("faq-old.yaml")
    return [Expect("faq.yaml", 0, 0, "is a symbolic link to 'faq-old.yaml', which does not exist")]


def _named_pipe(data_dir: Path) -> list[Expect]:
    (data_dir / "faq.yaml").unlink()
    os.mkfifo(data_dir / "faq.yaml")  # reading it would wait for a writer forever
    return [Expect("faq.yaml", 0, 0, "is not a regular file (a pipe, device or socket)")]


def _device(data_dir: Path) -> list[Expect]:
    (data_dir / "faq.yaml").unlink()
    (data_dir / "faq.yaml").symlink_to("/dev/zero")  # endless: reading it would fill memory
    return [Expect("faq.yaml", 0, 0, "is not a regular file (a pipe, device or socket)")]


def _not_a_directory(data_dir: Path) -> list[Expect]:
    shutil.rmtree(data_dir)
    data_dir.write_text("habits: []\n", encoding="utf-8")
    return [Expect("", 0, 0, "data directory is not a directory")]


MADE: dict[str, Callable[[Path], list[Expect]]] = {
    "too-large": _too_large,
    "directory-for-file": _directory,
    "symlink-loop": _symlink_loop,
    "dangling-symlink": _dangling_symlink,
    "named-pipe": _named_pipe,
    "device": _device,
    "data-dir-is-a-file": _not_a_directory,
}


@pytest.mark.parametrize("case", sorted(MADE))
def test_made_case(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), data_dir)
    expects = MADE[case](data_dir)
    problems = problems_of(data_dir)
    if case == "data-dir-is-a-file":
        assert problems == [f"{data_dir}: data directory is not a directory"]
    else:
        check_problems(data_dir, problems, expects, None)
    check_cli(data_dir, problems, capsys, monkeypatch)


def test_limit_holds_for_files_whose_size_is_unknown(data_copy: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc files say they are 0 bytes long: the limit is applied to what is read too."""
    if not Path("/proc/self/status").is_file():
        pytest.skip("needs Linux /proc")
    monkeypatch.setattr(loader_module, "MAX_FILE_BYTES", 256)
    (data_copy / "faq.yaml").unlink()
    (data_copy / "faq.yaml").symlink_to("/proc/self/status")
    problems = problems_of(data_copy)
    assert f"{data_copy}/faq.yaml: grew while being read, over the 256 bytes limit for a " \
        "data file" in problems


def _unreadable_report(data_dir: Path) -> str:
    """Run as nobody: the loader, validate and the app's refusal, all captured."""
    def load() -> list[str]:
        try:
            load_content(data_dir)
        except ContentError as exc:
            return [str(p) for p in exc.problems]
        return []

    sys.modules["fasci_tui.app"] = None  # type: ignore[assignment]  # child only
    problems = load()
    validate = captured(lambda: cli.main(["validate", str(data_dir)]))
    show = captured(lambda: cli.main(["--data", str(data_dir), "show", "faq"]))
    return "\n".join(["problems:", *problems, "validate:", validate, "show:", show])


@pytest.mark.slow
def test_unreadable_file_as_unprivileged_user() -> None:
    """chmod 0 on a data file; checked as uid 65534 so root's rights do not hide it."""
    with shared_tmp() as tmp:
        data_dir = tmp / "data"
        shutil.copytree(shipped_data_dir(), data_dir)
        (data_dir / "faq.yaml").chmod(0)
        report = run_as_nobody(lambda: _unreadable_report(data_dir))
        expected = f"{data_dir}/faq.yaml: permission denied; make the file readable"
        assert f"problems:\n{expected}\nvalidate:" in report
        assert "result: 1\nstdout:\n" + expected + "\n1 problem found" in report
        assert report.count(expected) == 3  # loader, validate, show (on stderr)
        assert "Traceback" not in report


@pytest.mark.slow
def test_unreachable_data_directory_as_unprivileged_user() -> None:
    """A data directory whose parent (or itself) cannot be entered: one clear line."""
    with shared_tmp() as tmp:
        locked = tmp / "locked"
        shutil.copytree(shipped_data_dir(), locked / "data")
        locked.chmod(0)  # nobody may enter it (as root: checked as uid 65534)
        below = run_as_nobody(lambda: _unreadable_report(locked / "data"))
        assert (f"{locked / 'data'}: data directory cannot be reached (permission denied on "
                "a directory above it)") in below
        itself = run_as_nobody(lambda: _unreadable_report(locked))
        assert f"{locked}: data directory is not readable (permission denied)" in itself
        for report in (below, itself):
            assert "Traceback" not in report and "result: 1" in report


@pytest.mark.slow
def test_app_refuses_bad_data_on_a_real_terminal(tmp_path: Path) -> None:
    """On a pty, ``fasci-tui --data DIR`` prints the problems and exits 1: no crash screen."""
    from tests.support.pty import spawn

    data_dir = overlay("syntax-error", tmp_path / "data")
    problems = problems_of(data_dir)
    proc = spawn([sys.executable, "-m", "fasci_tui", "--data", str(data_dir)],
                 env={"FASCI_TUI_STATE_DIR": str(tmp_path / "state"),
                      "FASCI_TUI_CACHE_DIR": str(tmp_path / "cache")})
    try:
        assert proc.wait_for(b"cannot start", limit=30) is not None
        proc.read_for(0.2, 5)
        _, status = os.waitpid(proc.pid, 0)
    finally:
        os.close(proc.fd)
    out = b"".join(c.data for c in proc.chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    assert os.waitstatus_to_exitcode(status) == 1
    for problem in problems:
        assert problem in out
    assert "Traceback" not in out and "\x1b[?1049h" not in out  # never the alternate screen


@pytest.mark.slow  # importing asyncssh runs ldconfig (ctypes.util.find_library)
@pytest.mark.parametrize("kind", ["ssh", "web"])
def test_servers_refuse_bad_data(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve ssh`` and ``serve web`` print the same problems and exit 1 before listening."""
    data_dir = overlay("syntax-error", tmp_path / "data")
    problems = problems_of(data_dir)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # never reached
    assert cli.main(["--data", str(data_dir), "serve", kind, "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[:len(problems)] == problems
    assert "the server cannot start until the data is fixed" in err and "Traceback" not in err
