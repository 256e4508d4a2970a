"""The guide in docs/authoring.md, followed to the letter on a copy of the story: every file it has the
author write, every edit it has them try, and every output it shows must be what the tools really do.

Blocks the test acts on are marked with an HTML comment just above them (invisible once rendered):

- ``<!-- guide: run -->``: a console block; each ``$ challenge ...`` line is run and what follows it,
  up to the next ``$``, is its output (a line ``...`` stands for any lines);
- ``<!-- guide: write PATH -->``, ``append PATH``, ``insert PATH after "TEXT"``: a file block;
- ``<!-- guide: try PATH "OLD" "NEW" -->``: make the edit, run the console block under it, undo it;
- ``<!-- guide: play CMD, CMD -->``: the text block is what the last command prints in ``--plain``.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.content.loader import load_story
from game.play.plain import PlainGame

ROOT = Path(__file__).parent.parent
GUIDE = ROOT / "docs" / "authoring.md"
MARK = re.compile(r"^<!-- guide: (.*?) -->\n```\w*\n(.*?)^```$", re.M | re.S)
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def steps() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in MARK.finditer(GUIDE.read_text("utf-8"))]


def normal(text: str) -> str:
    """Output with what may vary from run to run, or as the story grows, made the same."""
    text = re.sub(r"in \d+\.\d+ s\)", "in N s)", text)
    text = re.sub(r"\b\d+ files\b", "N files", text)
    text = re.sub(r"\b\d+ scenes, \d+ endings\b", "N scenes, N endings", text)
    return re.sub(r"ledger\.yaml:\d+:\d+:", "ledger.yaml:L:C:", text)


def matches(expected: str, actual: str) -> bool:
    pattern = "".join(r"(?:[^\n]*\n)*?" if line == "..." else re.escape(line) + r"\n"
                      for line in normal(expected).splitlines())
    return re.fullmatch(pattern, normal(actual)) is not None


def unquote(text: str) -> list[str]:
    return [bytes(q, "utf-8").decode("unicode_escape") for q in QUOTED.findall(text)]


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the story, where the author works: the commands run there, on its scenes."""
    for folder in ("scenes", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("game.paths.scenes_folder", lambda: str(tmp_path / "scenes"))
    return tmp_path


def run_console(block: str, capsys: pytest.CaptureFixture[str], where: str) -> None:
    chunks = re.split(r"^\$ ", block, flags=re.M)[1:]
    assert chunks, f"{where}: no command in the block"
    for chunk in chunks:
        command, _, expected = chunk.partition("\n")
        words = shlex.split(command)
        assert words[0] == "challenge", f"{where}: {command}"
        capsys.readouterr()
        with contextlib.suppress(SystemExit):  # argparse's way out, for --help and usage errors
            main(words[1:])
        out = capsys.readouterr()
        actual = out.out + out.err
        assert matches(expected, actual), \
            f"{where}: $ {command}\n--- the guide shows:\n{expected}--- it prints:\n{actual}"


def play(commands: list[str]) -> str:
    """What the last of *commands* prints in the line mode, on the story as it stands."""
    result = load_story([Path("scenes")])
    assert result.ok and result.story is not None, [d.format() for d in result.errors]
    out = io.StringIO()
    game = PlainGame(result.story, out)
    game.session.start()
    for command in commands:
        out.seek(0)
        out.truncate()
        game.turn(command)
    return out.getvalue()


def test_the_guide_does_what_it_says(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = []
    for header, block in steps():
        kind, _, rest = header.partition(" ")
        where = f"docs/authoring.md: guide: {header}"
        if kind == "run":
            run_console(block, capsys, where)
        elif kind in ("write", "append", "insert"):
            path = checkout / rest.split()[0]
            if kind == "write":
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(block, "utf-8")
            elif kind == "append":
                path.write_text(path.read_text("utf-8") + block, "utf-8")
            else:
                (after,) = unquote(rest)
                text = path.read_text("utf-8")
                assert after in text, where
                path.write_text(text.replace(after, after + block, 1), "utf-8")
        elif kind == "try":
            path = checkout / rest.split()[0]
            old, new = unquote(rest)
            text = path.read_text("utf-8")
            assert text.count(old) == 1, f"{where}: '{old}' should be in {path.name} once"
            path.write_text(text.replace(old, new), "utf-8")
            try:
                run_console(block, capsys, where)
            finally:
                path.write_text(text, "utf-8")
        elif kind == "play":
            commands = [c.strip() for c in rest.split(",")]
            actual = play(commands)
            assert block in actual, f"{where}\n--- the guide shows:\n{block}--- it prints:\n{actual}"
        else:
            raise AssertionError(f"{where}: unknown guide step '{kind}'")
        done.append(kind)
    # The guide is followed from the new scene to its walkthrough: make sure no step was lost.
    assert done.count("run") >= 5 and done.count("try") >= 5 and "append" in done and "play" in done
    assert (checkout / "scenes" / "prelaunch" / "training-hall.yaml").is_file()
