"""The command-line parser of every ``challenge`` command: argparse's, except that a message it
cannot write is an error. argparse ignores an ``OSError`` while it prints its help, its version or
a usage error; unbuffered (``python -u``, PYTHONUNBUFFERED) ``challenge --help >/dev/full`` then ended
with status 0 and nothing said, where every other output error is one line and status 74 (game/cli.py)."""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    from typing import IO


class ArgumentParser(argparse.ArgumentParser):
    def _print_message(self, message: str, file: IO[str] | None = None) -> None:
        file = file or sys.stderr
        if message and file is not None:  # (None: started with that stream closed; nothing can be said)
            file.write(message)
