"""Every benchmark, once, at a tiny size: so none of them rots. The timings mean nothing here
(the real run is ``python -m benchmarks``); what is checked is that each one runs and reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import Row, Stats, table
from benchmarks.synthetic import write_rooms, write_story

ROOT = Path(__file__).parent.parent


def test_every_benchmark_runs_at_a_small_size(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--smoke", "--json", str(out),
                           "--workdir", str(tmp_path / "work")], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "CHALLENGE_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(out.read_text())
    rows = {r["id"]: r for r in data["rows"]}
    expected = {"textual-start", "cli-version", "cli-check", "cli-check-cold", "step-shipped", "step-yardstick",
                "plain-process", "plain-per-command", "load-cold", "load-cold-facts", "load-cached", "check-20",
                "check-200", "explorer-rate", "plain-memory", "tui-enter"}
    assert expected <= set(rows)
    for row in rows.values():
        # A row may be skipped only for a missing tool, and then it says how to get it.
        assert not row["skipped"].startswith("failed"), row
        if row["skipped"]:
            assert row["id"] in ("step-yardstick", "plain-per-command"), row
            assert "install" in row["skipped"] or "missing" in row["skipped"]
        elif row["id"] == "plain-per-command":  # a difference of two noisy timings: only its sign is sure
            assert row["stats"]["median"] >= 0, row
        else:
            assert row["stats"]["median"] > 0, row
    assert "| what | median | min | max |" in done.stdout
    assert data["machine"]["python"] == sys.version.split()[0]


def test_a_synthetic_story_is_valid_with_every_kind_of_content(tmp_path: Path) -> None:
    write_story(tmp_path / "story", 25, per_file=10)
    write_rooms(tmp_path / "rooms", 5)
    for folder in ("story", "rooms"):
        done = subprocess.run([sys.executable, "-m", "game", "check", folder], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60)
        assert (done.returncode, done.stdout.splitlines()[-1]) == (0, "0 errors, 0 warnings in "
                                                                      f"{4 if folder == 'story' else 1} "
                                                                      f"file{'s' if folder == 'story' else ''}")
    text = (tmp_path / "story" / "part-0000" / "modules-0000000.yaml").read_text()
    for part in ("exits:", "when: {flags:", "objects:", "portable: true", "actions:", "facts: [", "Site 31"):
        assert part in text


def test_the_table_shows_ratios_targets_and_skips() -> None:
    rows = [Row("a", "thing", "ms", Stats.of([0.002, 0.003, 0.004]), "peer", Stats.of([0.002]), "<= 2x", 2.0),
            Row("b", "other", "us", skipped="needs dfrotz (Debian: apt-get install frotz)")]
    text = table(rows)
    assert "| thing | 3.00 ms | 2.00 | 4.00 | peer (2.00 ms) | 1.50x | <= 2x | yes |" in text
    assert "| other | skipped |" in text and "- other: needs dfrotz (Debian: apt-get install frotz)" in text
