"""Which files a story folder holds (game/content/result.py ``scene_files``), listed with ``os``.

The listing was written with pathlib (``sorted(folder.rglob("*"))``); it is ``os.scandir`` now, so
that a warm start need not import pathlib. The pathlib version is kept here as the specification:
same files, same order, same diagnostics, for any tree of names.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.content import result
from game.content.result import SCENE_SUFFIXES, find_files, scene_files
from game.files import pathlib_spelling, display_path


def by_pathlib(folder: Path) -> tuple[list[str], list[str]]:
    """The files read and the names reported, as the pathlib listing chose them (links aside)."""
    found, warned = [], []
    for p in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in p.relative_to(folder).parts)
        if p.suffix not in SCENE_SUFFIXES:
            if p.suffix.lower() in SCENE_SUFFIXES and not hidden and not p.is_dir():
                warned.append(str(p))
            continue
        if not hidden and p.is_file():
            found.append(str(p))
    return found, warned


NAMES = st.sampled_from(["a", "b", "B", "a-b", "a.b", ".a", "x.yaml", "x.yml", "X.YAML", "y.Yml", ".yaml",
                         "x.", "x.yaml.bak", "x.yaml~", ".x.yaml", "z.txt", "a b.yaml", "é.yaml"])
TREES = st.recursive(st.just("file"), lambda inner: st.dictionaries(NAMES, inner, max_size=4), max_leaves=14)


def build(folder: Path, tree: dict) -> None:
    for name, sub in tree.items():
        if sub == "file":
            (folder / name).write_text("a: 1\n", encoding="utf-8")
        else:
            (folder / name).mkdir()
            build(folder / name, sub)


@settings(max_examples=150, deadline=None)
@given(tree=st.dictionaries(NAMES, TREES, max_size=5))
def test_the_listing_is_pathlibs(tree: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "story"
        folder.mkdir()
        build(folder, tree)
        found, problems = scene_files([str(folder)])
        expected, warned = by_pathlib(folder)
        assert found == expected
        assert [d.file for d in problems] == [display_path(p) for p in warned]
        assert all(d.code == "W010" for d in problems)
        as_paths, _ = find_files([folder])
        assert as_paths == [Path(p) for p in expected]


def test_a_folder_that_cannot_be_read_is_reported_and_the_rest_is_listed(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "t" / "locked").mkdir(parents=True)
    (tmp_path / "t" / "locked" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "t" / "open.yaml").write_text("a: 1\n", encoding="utf-8")
    real = os.scandir

    def scandir(path: str):  # a folder without read permission (chmod does not stop root, who runs CI)
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(result.os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)
    found, problems = scene_files(["t"])
    assert found == ["t/open.yaml"]
    assert [d.format() for d in problems] == ["t/locked:1:1: warning: this folder is not read: Permission denied"]


def test_hidden_folders_are_not_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    searched = []
    real = os.scandir

    def scandir(path: str):
        searched.append(os.path.relpath(path, tmp_path))
        return real(path)

    monkeypatch.setattr(result.os, "scandir", scandir)
    assert scene_files([tmp_path]) == ([str(tmp_path / "a.yaml")], [])
    assert searched == ["."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="/.ab", max_size=12))
def test_paths_outside_are_spelledpathlib_spelling_them(path: str) -> None:
    assert pathlib_spelling(path) == str(PurePath(path))


def test_display_path_inside_and_outside_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "in")
    assert display_path(tmp_path / "in" / "deep" / "x.yaml") == "deep/x.yaml"
    assert display_path("./deep//x.yaml") == "deep/x.yaml"
    assert display_path(str(tmp_path / "in")) == "."
    assert display_path(str(tmp_path / "in-other" / "x.yaml")) == str(tmp_path / "in-other" / "x.yaml")
    assert display_path("../in-other//./x.yaml") == "../in-other/x.yaml"
    shutil.rmtree(tmp_path / "in")  # the working folder gone: names are shown as given
    assert display_path("deep//x.yaml") == "deep/x.yaml"


def test_names_are_taken_as_pathlib_took_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "one.yaml").write_text("a: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert scene_files(["one.yaml/"]) == (["one.yaml"], [])  # a slash after a file's name: the file
    assert scene_files(["./one.yaml"]) == (["one.yaml"], [])
    assert scene_files([""]) == (["one.yaml"], [])  # '' is the working folder, as Path('') was
