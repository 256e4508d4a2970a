"""The cycle collector held off while work makes many objects and no reference cycles.

Loading a story, unpickling a cached one and exploring the state space each create
objects by the hundred thousand and keep most of them; the collector's passes over
them find nothing (reference counting frees what is dropped) and cost a good share
of the time. (A plain class, not contextlib: the cache is read on the warm start.)
"""

from __future__ import annotations

import gc


class paused:
    """``with paused(): ...``: the collector rests inside, and is left as it was found (maybe off)."""

    __slots__ = ("_was_enabled",)

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was_enabled:
            gc.enable()
