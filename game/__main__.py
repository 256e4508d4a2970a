"""``python -m game`` is the ``challenge`` command."""

from .cli import run

run()
