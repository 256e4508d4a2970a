"""The architecture's boundaries, checked mechanically: the engine is pure Python with no UI and no I/O
libraries, so it can be replayed, explored and tested without a terminal."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).parent.parent / "game" / "engine"
FORBIDDEN_IN_ENGINE = {"textual", "rich", "yaml", "jsonschema", "os", "io", "pathlib", "socket", "subprocess",
                       "random", "time"}


def test_engine_imports_only_pure_modules() -> None:
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN_IN_ENGINE, f"{path.name} imports {name}"


def test_playing_a_turn_loads_no_ui_library() -> None:
    code = (
        "import sys\n"
        "from game.engine.session import Session\n"
        "from game.content.loader import load_story\n"
        "from game.paths import scenes_dir\n"
        "s = Session(load_story([scenes_dir()]).story); s.start(); s.submit('look')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
