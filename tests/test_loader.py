"""Loading scene files: every kind of problem is reported once, at its file:line:col."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game.content.loader import load_story

HEADER = """\
story:
  title: Test
  start: pad
  clock: 2021-10-05T06:00Z
  endings:
    - id: liftoff
      title: Liftoff
      text: Up.
"""

PAD = """\
scenes:
  - id: pad
    title: Pad
    prose: The pad.
    actions:
      - verb: wait
        do:
          - end: liftoff
"""


def check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str | bytes]) -> list[str]:
    """Write *files* (with the header and start scene unless given) and return the formatted diagnostics."""
    monkeypatch.chdir(tmp_path)
    files = {"story.yaml": HEADER, "pad.yaml": PAD, **files}
    for name, content in files.items():
        path = tmp_path / "s" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    result = load_story([Path("s")])
    return [d.format() for d in result.diagnostics]


def test_a_clean_story_has_no_diagnostics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(tmp_path, monkeypatch, {}) == []


CASES = {
    "yaml-syntax": (
        {"pad.yaml": "scenes:\n  - id: pad\n    title: 'Pad\n"},
        ["s/pad.yaml:4:1: error: YAML syntax: found unexpected end of stream "
         "(while scanning a quoted scalar that starts at line 3, column 12); a quote or bracket is not closed"]),
    "duplicate-key": (
        {"pad.yaml": PAD.replace("    prose: The pad.\n", "    prose: The pad.\n    prose: Again.\n")},
        ["s/pad.yaml:5:5: error: duplicate key 'prose' (first defined at line 4, column 5); remove one of them"]),
    "unknown-scene": (
        {"pad.yaml": PAD + "    exits:\n      - dir: up\n        to: cabn\n",
         "cabin.yaml": "scenes:\n  - id: cabin\n    title: Cabin\n    prose: Seats.\n"
                       "    exits: [{dir: down, to: pad}]\n"},
        # one problem: 'cabin' is not also reported unreachable, the typo is why
        ["s/pad.yaml:11:13: error: exit 'cabn' points to an unknown scene (did you mean 'cabin'?)"]),
    "unreachable": (
        {"cabin.yaml": "scenes:\n  - id: cabin\n    title: Cabin\n    prose: Seats.\n"
                       "    exits: [{dir: down, to: pad}]\n"},
        ["s/cabin.yaml:2:9: error: scene 'cabin' is unreachable from the start scene 'pad' "
         "(no exit or 'move' leads here)"]),
    "duplicate-id-across-files": (
        {"more.yaml": "items:\n  - id: pad\n    name: notepad\n    description: Paper.\n"},
        ["s/pad.yaml:2:9: error: duplicate id 'pad': already used for an item at s/more.yaml:2:9",
         "s/more.yaml:2:9: warning: item 'pad' can never be obtained: no effect gives it"]),
    "wrong-type": (
        {"pad.yaml": PAD.replace("title: Pad", "title: [Pad]")},
        ["s/pad.yaml:3:12: error: 'title' should be a string, not a list"]),
    "unknown-key": (
        {"pad.yaml": PAD.replace("    prose: The pad.\n", "    prose: The pad.\n    chapterr: One\n")},
        ["s/pad.yaml:5:5: error: unknown key 'chapterr' in scene (did you mean 'chapter'?)"]),
    "missing-key": (
        {"pad.yaml": PAD.replace("    prose: The pad.\n", "")},
        ["s/pad.yaml:2:5: error: scene is missing required key 'prose'"]),
    "unknown-tag": (
        {"pad.yaml": PAD.replace("prose: The pad.", "prose: !!python/name:os.system ''")},
        ["s/pad.yaml:4:12: error: tag '!!python/name:os.system' is not allowed in scene files "
         "(only plain strings, numbers, booleans, lists and mappings)"]),
    "tab-indent": (
        {"pad.yaml": PAD.replace("    prose:", "\tprose:")},
        ["s/pad.yaml:4:1: error: tab character in indentation (YAML indents with spaces only)"]),
    "nul-byte": (
        {"pad.yaml": PAD.replace("The pad.", "The\0pad.").encode()},
        ["s/pad.yaml:4:15: error: NUL character in file (is this a text file?)"]),
    "not-utf8": (
        {"pad.yaml": PAD.replace("The pad.", "Th\xe9 pad.").encode("latin-1")},
        ["s/pad.yaml:4:14: error: byte 0xe9 is not valid UTF-8 (save the file as UTF-8)"]),
    "flag-never-set": (
        {"pad.yaml": PAD.replace("      - verb: wait\n", "      - verb: wait\n        when: {flags: [go-ahead]}\n")},
        ["s/pad.yaml:7:24: error: flag 'go-ahead' is read here but never set (no effect says 'set: go-ahead')"]),
    "item-never-obtainable": (
        {"pad.yaml": PAD.replace("      - verb: wait\n", "      - verb: wait\n        when: {has: [badge]}\n"),
         "items.yaml": "items:\n  - id: badge\n    name: badge\n    description: A badge.\n"},
        ["s/items.yaml:2:9: warning: item 'badge' can never be obtained: no effect gives it",
         "s/pad.yaml:7:22: error: item 'badge' can never be obtained: it starts in no scene and no effect gives it"]),
    "not-portable": (
        {"pad.yaml": PAD.replace("    actions:", "    objects:\n      - {id: rocket, name: rocket, description: Tall.}\n"
                                               "    actions:").replace("- end: liftoff", "- give: rocket")},
        ["s/pad.yaml:10:19: error: 'rocket' is not portable, so the player can never hold it "
         "(add 'portable: true' to it)",
         "s/pad.yaml:2:9: error: scene 'pad' is a dead end: it has no exits, and no action moves the player "
         "on or ends the story"]),
    "dead-end": (
        {"pad.yaml": PAD + "    exits: [{dir: up, to: top}]\n",
         "top.yaml": "scenes:\n  - id: top\n    title: Top\n    prose: Nowhere to go.\n"},
        ["s/top.yaml:2:9: error: scene 'top' is a dead end: it has no exits, and no action moves the player "
         "on or ends the story"]),
    "no-story": (
        {"story.yaml": "items:\n  - {id: pen, name: pen, description: A pen.}\n"},
        ["s/pad.yaml:1:1: error: no file has a 'story:' section (title, start, clock, endings); add one",
         "s/story.yaml:2:10: warning: item 'pen' can never be obtained: no effect gives it"]),
    "two-stories": (
        {"other.yaml": HEADER},
        ["s/story.yaml:1:1: error: a second 'story:' section; the story is already defined at s/other.yaml:2:3"]),
    "duplicate-exit": (
        {"pad.yaml": PAD + "    exits: [{dir: up, to: pad}, {dir: up, to: pad}]\n"},
        ["s/pad.yaml:9:39: error: scene 'pad' already has an exit up (exit 1); give one of them a 'when' "
         "or another direction"]),
    "merge-key": (
        {"pad.yaml": PAD.replace("    prose: The pad.\n", "    prose: The pad.\n    <<: {chapter: One}\n")},
        ["s/pad.yaml:5:5: error: merge keys (<<) are not supported in scene files; write the keys out"]),
    "verb-typo-warning": (
        {"pad.yaml": PAD.replace("verb: wait", "verb: examin")},
        ["s/pad.yaml:6:15: warning: 'examin' is a new verb; did you mean the built-in 'examine'?"]),
    "bad-clock": (
        {"story.yaml": HEADER.replace("2021-10-05T06:00Z", "5 October 2021")},
        ["s/story.yaml:4:10: error: '5 October 2021' is not a mission-clock time: write YYYY-MM-DDTHH:MMZ in GMT "
         "(e.g. 2021-10-05T08:55Z)"]),
    "unknown-cast": (
        {"pad.yaml": PAD.replace("    prose: The pad.\n", "    prose: The pad.\n    cast: [anton]\n")},
        ["s/pad.yaml:5:12: error: 'cast' names an unknown person 'anton'; define people who appear in several "
         "scenes under a top-level 'people:'"]),
    "list-for-mapping": (
        {"pad.yaml": "- id: pad\n"},
        ["s/pad.yaml:1:1: error: the file should be a mapping, not a list"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_is_one_diagnostic_at_its_place(case: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    files, expected = CASES[case]
    assert sorted(check(tmp_path, monkeypatch, files)) == sorted(expected)


def test_a_utf8_bom_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(tmp_path, monkeypatch, {"pad.yaml": b"\xef\xbb\xbf" + PAD.encode()}) == []


def test_an_alias_bomb_is_stopped_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    began = time.perf_counter()
    out = check(tmp_path, monkeypatch, {"bomb.yaml": "\n".join(lines) + "\n"})
    assert time.perf_counter() - began < 5  # generous: a bomb that is expanded takes minutes
    assert out == ["s/bomb.yaml:1:5: error: document expands to more than 50,000 values (too many aliases?)"]


def test_deep_nesting_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = check(tmp_path, monkeypatch, {"deep.yaml": "a: " + "[" * 100 + "]" * 100 + "\n"})
    assert out == ["s/deep.yaml:1:68: error: nesting is too deep (at most 64 levels)"]


def test_all_problems_in_all_files_are_reported_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = check(tmp_path, monkeypatch, {
        "a.yaml": CASES["wrong-type"][0]["pad.yaml"],
        "b.yaml": "scenes:\n  - id: b\n    title: B\n    prose: x\n    tittle: y\n",
        "c.yaml": "scenes: [\n",
    })
    assert len(out) == 4  # the three problems, and pad defined twice (a.yaml copies pad.yaml)


@pytest.mark.parametrize("text, where", [
    ("a: " + "[" * 200_000 + "]" * 200_000 + "\n", "1:68"),  # libyaml alone segfaults here
    ("- " * 100_000 + "x\n", "1:131"),
    ("\n".join(" " * i + "k:" for i in range(1400)) + " 1\n", "66:66"),  # libyaml alone: seconds
    ("a: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", "1:260"),
])
def test_pathological_nesting_is_refused_before_the_parser_sees_it(
        text: str, where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    began = time.perf_counter()
    out = check(tmp_path, monkeypatch, {"deep.yaml": text})
    assert time.perf_counter() - began < 5
    assert out == [f"s/deep.yaml:{where}: error: nesting is too deep (at most 64 levels)"]


def test_an_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = check(tmp_path, monkeypatch, {"big.yaml": "# " + "x" * 2_100_000 + "\n"})
    assert out == ["s/big.yaml:1:1: error: file is 2,100,003 bytes; scene files may be at most 2,000,000 bytes "
                   "(split it into several files)"]


def test_a_link_out_of_the_story_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("items:\n  - {id: secret, name: secret, description: x}\n")
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "linked.yaml").symlink_to(outside)
    out = check(tmp_path, monkeypatch, {})
    assert out == ["s/linked.yaml:1:1: error: this file links outside the story folder; copy the file in instead"]


def test_a_comment_ruler_of_dashes_is_not_nesting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ruler = "# " + "-" * 100 + "\n# " + "- " * 70 + "\n"
    assert check(tmp_path, monkeypatch, {"pad.yaml": ruler + PAD}) == []


@pytest.mark.parametrize("codec, name", [("utf-16", "UTF-16"), ("utf-32", "UTF-32")])
def test_a_file_in_another_unicode_encoding_is_named_as_such(codec: str, name: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = check(tmp_path, monkeypatch, {"wide.yaml": "scenes: []\n".encode(codec)})  # with its byte order mark
    assert out == [f"s/wide.yaml:1:1: error: the file is {name}; save it as UTF-8"]


def test_a_key_without_its_colon_or_too_long_says_what_a_key_needs(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    hint = "; a key needs a ':' after it on the same line, within 1,024 characters"
    out = check(tmp_path, monkeypatch, {"x.yaml": "scenes:\n  - id: a\n    " + "k" * 1100 + ": 1\n"})
    assert out == ["s/x.yaml:3:1105: error: YAML syntax: could not find expected ':' (while scanning a simple key "
                   "that starts at line 3, column 5)" + hint]
