"""The corpus of broken scene files (tests/fixtures/broken-corpus): every problem is one exact
``file:line:col`` diagnostic from ``challenge check``, exit status 1, no traceback; the plain mode
refuses the story with the same errors. Bombs and floods are refused within a second and 100 MB.

Starting the command costs most of a second, and the corpus has dozens of cases: one
subprocess runs the command's own entry point (``game.cli.main``, what the console script
calls) for every case, and a few cases also run as ``python -m game`` of their own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).parent / "fixtures" / "broken-corpus"
STORED = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())

HEADER = (CORPUS / "bom-ok" / "story.yaml").read_text("utf-8")
PAD = (CORPUS / "wrong-type" / "pad.yaml").read_text("utf-8").replace("title: 5", "title: Pad")

# Cases too big to keep in the repository: made at test time, with what `check` must print.
GENERATED: dict[str, tuple[dict[str, bytes], list[str]]] = {
    "oversize": ({"big.yaml": b"# " + b"x" * 2_100_000 + b"\n"},
                 ["oversize/big.yaml:1:1: error: file is 2,100,003 bytes; scene files may be at most 2,000,000 "
                  "bytes (split it into several files)"]),
    "crowded": ({"flat.yaml": b"items: [" + b",".join([b"a"] * 990_000) + b"]\n"},
                ["crowded/flat.yaml:1:100003: error: the file holds more than 50,000 values; split it into "
                 "several files"]),
    "deep-flow-huge": ({"deep.yaml": b"items: " + b"[" * 200_000 + b"]" * 200_000 + b"\n"},
                       ["deep-flow-huge/deep.yaml:1:72: error: nesting is too deep (at most 64 levels)"]),
    "deep-indent-huge": ({"deep.yaml": "".join(" " * i + "k:\n" for i in range(1400)).encode()},
                         ["deep-indent-huge/deep.yaml:66:66: error: nesting is too deep (at most 64 levels)"]),
    "long-indent": ({"wide.yaml": b"items: []\n" + b" " * 1_900_000 + b"x\n"},
                    ["long-indent/wide.yaml:2:1900001: error: YAML syntax: did not find expected key (in a block "
                     "mapping that starts at line 1, column 1)"]),
    # Nesting the old bracket counter could not see: explicit keys, and brackets after a '#' that is
    # no comment (it follows no space) or inside what only looks like a quoted string.
    "deep-explicit-keys": ({"deep.yaml": b"items:\n  - " + b"? " * 24_000 + b"x\n"},
                           ["deep-explicit-keys/deep.yaml:2:131: error: nesting is too deep (at most 64 levels)"]),
    "deep-after-hash": ({"deep.yaml": b"items: [a#, " + b"[" * 30_000 + b"]" * 30_000 + b"]\n"},
                        ["deep-after-hash/deep.yaml:1:76: error: nesting is too deep (at most 64 levels)"]),
    "deep-after-apostrophe": ({"deep.yaml": b"items: [don't, " + b"[" * 30_000 + b"]" * 30_000 + b", x']\n"},
                              ["deep-after-apostrophe/deep.yaml:1:79: error: nesting is too deep (at most 64 "
                               "levels)"]),
    # One paragraph of almost 2 MB: refused by the fact checker from its length, before its offsets
    # are mapped (which once took 300 MB).
    "huge-paragraph": ({"pad.yaml": ("scenes:\n  - id: pad\n    title: Pad\n    prose: |\n"
                                     + ("      " + "Word. " * 12 + "\n") * 25_000
                                     + "    actions:\n      - verb: wait\n        do:\n          - end: liftoff\n"
                                     ).encode()},
                       ["huge-paragraph/pad.yaml:5:7: error: this paragraph is too long for the fact checker "
                        "(sentences of at most 2,000 characters, paragraphs of at most 20,000); split it"]),
    "link-outside": ({}, ["link-outside/linked.yaml:1:1: error: this file links outside the story folder; "
                          "copy the file in instead"]),
}

# Runs in one subprocess: `check` and the plain mode on every case, as the console script would.
BATCH = """\
import contextlib, io, json, sys
from game.cli import main
results = {}
for case in sys.argv[1:]:
    results[case] = {}
    for mode, argv in (("check", ["check", case]), ("plain", ["--plain", case])):
        out, err = io.StringIO(), io.StringIO()
        sys.stdin = io.StringIO("look\\nquit\\n")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exit:
                code = exit.code
        results[case][mode] = [code, out.getvalue(), err.getvalue()]
print(json.dumps(results))
"""


def _generate(folder: Path) -> None:
    for name, (files, _) in GENERATED.items():
        case = folder / name
        case.mkdir()
        (case / "story.yaml").write_text(HEADER, "utf-8")
        (case / "pad.yaml").write_text(PAD, "utf-8")
        for file, data in files.items():
            (case / file).write_bytes(data)
    outside = folder / "outside.yaml"
    outside.write_text("items:\n  - {id: secret, name: secret, description: From elsewhere.}\n", "utf-8")
    (folder / "link-outside" / "linked.yaml").symlink_to(outside)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stored corpus and the generated cases, side by side in one folder."""
    folder = tmp_path_factory.mktemp("corpus") / "broken-corpus"
    shutil.copytree(CORPUS, folder)
    _generate(folder)
    return folder


@pytest.fixture(scope="module")
def results(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    env = {**os.environ, "CHALLENGE_CACHE_DIR": str(tmp_path_factory.mktemp("cache")),
           "CHALLENGE_DATA_DIR": str(tmp_path_factory.mktemp("data"))}
    proc = subprocess.run([sys.executable, "-c", BATCH, *STORED, *GENERATED], capture_output=True, text=True,
                          cwd=corpus, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def expected(corpus: Path, case: str) -> str:
    if case in GENERATED:
        lines = GENERATED[case][1]
        files = len([p for p in (corpus / case).iterdir() if p.suffix == ".yaml" and not p.is_symlink()])
        return "\n".join(lines) + f"\n{len(lines)} error{'s' * (len(lines) != 1)}, 0 warnings in {files} files\n"
    return (corpus / case / "expected.txt").read_text("utf-8")


@pytest.mark.parametrize("case", STORED + sorted(GENERATED))
def test_each_broken_story_gets_its_exact_diagnostics(case: str, corpus: Path, results: dict[str, Any]) -> None:
    want = expected(corpus, case)
    code, out, err = results[case]["check"]
    assert (out, err) == (want, "")
    assert code == (0 if want.splitlines()[-1].startswith("0 errors") else 1)
    # The plain mode refuses the same story with the same errors (warnings are for 'check'), or plays it.
    code, out, err = results[case]["plain"]
    errors = [line for line in want.splitlines() if ": error: " in line]
    if errors:
        assert (code, out) == (1, "")
        assert err.splitlines() == errors + [
            f"challenge: the story has {len(errors)} error(s); run 'challenge check' for details"]
    else:
        assert (code, err) == (0, "")
        assert out.splitlines()[-2:] == [">", "Goodbye."]


def test_the_corpus_covers_what_the_issue_lists() -> None:
    wanted = {"tag-python-object", "tag-local", "alias-bomb-lists", "merge-bomb", "not-utf8", "nul-byte",
              "tab-indent", "deep-flow", "list-for-mapping", "bom-ok", "id-path-traversal", "exit-path-traversal"}
    assert wanted <= set(STORED)
    assert {"oversize", "crowded", "deep-flow-huge", "link-outside"} <= set(GENERATED)


# -- as commands of their own ------------------------------------------------------------------------

@pytest.mark.parametrize("case", ["tag-python-object", "alias-bomb-lists"])
def test_the_real_command_refuses_and_never_runs_the_tag(case: str, corpus: Path, tmp_path: Path) -> None:
    env = {**os.environ, "CHALLENGE_CACHE_DIR": str(tmp_path / "cache")}
    check = subprocess.run([sys.executable, "-m", "game", "check", case], capture_output=True, text=True,
                           cwd=corpus, env=env, timeout=60)
    assert (check.returncode, check.stdout, check.stderr) == (1, expected(corpus, case), "")
    plain = subprocess.run([sys.executable, "-m", "game", "--plain", case], input="look\n", capture_output=True,
                           text=True, cwd=corpus, env=env, timeout=60)
    assert plain.returncode == 1 and plain.stdout == "" and "Traceback" not in plain.stderr
    assert "pwned" not in check.stdout + plain.stdout  # os.system was never called


# -- bombs and floods: within a second and 100 MB --------------------------------------------------

# In a subprocess of its own, so its memory is its own: the time to refuse the file, the loader's
# peak allocation (tracemalloc), and the whole process's peak (getrusage), then `check` itself.
MEASURE = """\
import contextlib, io, json, resource, sys, time, tracemalloc
from pathlib import Path
from game.content.yaml_source import load_file
from game.cli import main
folder = Path(sys.argv[1])
target = next(p for p in sorted(folder.iterdir()) if p.name not in ("story.yaml", "pad.yaml", "expected.txt"))
began = time.perf_counter()
src = load_file(target)
seconds = time.perf_counter() - began
tracemalloc.start()
load_file(target)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
out = io.StringIO()
began = time.perf_counter()
with contextlib.redirect_stdout(out):
    code = main(["check", str(folder)])
check_seconds = time.perf_counter() - began
try:  # this process's own peak: Linux's ru_maxrss would count the test process it was forked from
    rss = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except OSError:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
print(json.dumps({"seconds": seconds, "check_seconds": check_seconds, "peak": peak, "rss": rss, "code": code,
                  "refused": [d.format() for d in src.diagnostics]}))
"""


@pytest.mark.parametrize("case", ["alias-bomb-lists", "alias-bomb-mappings", "merge-bomb", "alias-loop", "deep-explicit-keys",
                                  "deep-after-hash", "deep-after-apostrophe",
                                  "crowded", "oversize", "deep-flow-huge", "deep-indent-huge", "long-indent"])
def test_bombs_are_refused_within_a_second_and_100_mb(case: str, corpus: Path, tmp_path: Path) -> None:
    env = {**os.environ, "CHALLENGE_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", MEASURE, case], capture_output=True, text=True, cwd=corpus,
                          env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    m = json.loads(proc.stdout)
    assert m["code"] == 1 and m["refused"]
    assert m["seconds"] < 1.0, m
    assert m["check_seconds"] < 5.0, m  # the whole check, the other files and the fact checks included
    assert m["peak"] < 100_000_000, m
    assert m["rss"] < 100_000_000, m


def test_a_huge_paragraph_is_refused_without_mapping_its_offsets(corpus: Path, tmp_path: Path) -> None:
    """The fact checker refuses a paragraph of megabytes from its length (F407); building the map from
    its characters back to the file first took 300 MB, three times the budget of a bomb."""
    code = ("import sys, json\nfrom game.cli import main\nstatus = main(['check', sys.argv[1]])\n"
            "hwm = next(int(l.split()[1]) * 1024 for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
            "print(json.dumps([status, hwm]), file=sys.stderr)\n")
    env = {**os.environ, "CHALLENGE_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", code, "huge-paragraph"], capture_output=True, text=True,
                          cwd=corpus, env=env, timeout=60)
    status, peak = json.loads(proc.stderr.strip().splitlines()[-1])
    assert status == 1 and proc.stdout.splitlines()[0] == GENERATED["huge-paragraph"][1][0]
    assert peak < 150_000_000, peak  # the interpreter, yaml and the ledger: about 80 MB
