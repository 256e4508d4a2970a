"""The base of the game's small data classes: equality, repr and pickling from ``__slots__``.

They would be dataclasses, but importing ``dataclasses`` pulls in ``inspect`` (and with it
``ast``, ``dis`` and ``tokenize``): about 10 ms, a third of what the plain mode's warm start
costs in all, spent before the first command. For the same reason the modules a warm start
imports do without ``typing`` at run time (``TYPE_CHECKING = False``, then ``if TYPE_CHECKING:``
imports what only annotations need), and tests/play/test_warm_start.py keeps them so.

Each class spells out its ``__slots__`` and its ``__init__``, whose parameters come in the order
of the slots (:meth:`Value.__reduce__` relies on it, and tests/test_value.py holds every class to
it); this base does the rest.
"""

from __future__ import annotations


class Value:
    """Equal when of the same class with equal fields; shown as ``Name(field=value, ...)``.

    Not hashable, as a mutable dataclass is not: :class:`FrozenValue` is, for those used as keys.
    """

    __slots__ = ()

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        for name in self.__slots__:  # field by field: two exits of a scene differ in their first
            if getattr(self, name) != getattr(other, name):
                return False
        return True

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__name__}({shown})"

    def __reduce__(self) -> tuple:
        # Pickled as a call with the fields in order: smaller and quicker to load than slot by slot
        # (the cache keeps compiled stories pickled).
        return self.__class__, self._fields()


class FrozenValue(Value):
    """A :class:`Value` that is hashable; its fields are not to be changed once it is made."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash((self.__class__, self._fields()))
