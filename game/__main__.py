"""``python -m game`` is the ``challenge`` command."""

from .cli import main

raise SystemExit(main())
