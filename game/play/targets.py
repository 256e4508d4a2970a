"""Files the player names for the game to write: a recording (``record FILE``, ``--record FILE``) and a
transcript (``challenge run --transcript FILE``).

The game writes such a file whole, through a temporary file renamed over the old one, so a reader
never sees half of it. A rename replaces whatever the name held, so :func:`check` first makes sure
that writing loses nothing and lands where the player meant:

- no NUL character in the name (no system accepts one);
- the file's folder exists: a mistyped folder name is reported, not created;
- a link is followed: the file it points to is checked, and written, and the link stays a link
  (a link to nothing, or a loop of links, is refused);
- what is there is a regular file: never a folder, device, FIFO or socket, which the rename would
  replace with a plain file (``/dev/null`` or the terminal turned into a file);
- it is not inside a story's folder, where the game reads every ``.yaml`` file as part of the story;
- a file that is there already is empty or one the game wrote (recognised by its first line): a
  scene file, notes or anything else is left as it is.

A name that cannot be written (a NUL in it, no such folder) is an ``OSError`` as the system would
raise, with a clearer ``strerror``; a file that could be written but must not be is a :class:`Refused`,
an ``OSError`` too. So each caller's ``except OSError`` reports both in its own words ("cannot record to
FILE: WHY"), and may tell a refusal ("will not write") from a failure ("could not write").
"""

from __future__ import annotations

import errno
import os
import stat
from ..files import file_kind

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Callable, Iterable

HEAD = 256  # bytes of an existing file read to recognise it


class Refused(OSError):
    """A file the game will not write; ``strerror`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.strerror = reason


def shown(path: str | Path) -> str:
    """*path* as a message shows it: control characters (a NUL above all) written as escapes."""
    text = str(path)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def has_content(path: Path) -> bool:
    """Whether a file with something in it is at *path* (through links): one that writing replaces.
    False for nothing, an empty file, and a name no system accepts."""
    try:
        return os.stat(path).st_size > 0
    except (OSError, ValueError):
        return False


def check(path: Path, is_ours: Callable[[bytes], bool], ours: str, story_folders: Iterable[Path] = ()) -> Path:
    """The file to write for *path*, once writing it is known to lose nothing; raises :class:`Refused`,
    or another ``OSError`` when it cannot be written or the file system cannot be asked.

    *is_ours* tells from an existing file's first bytes whether the game wrote it; *ours* names such
    files for the message. *story_folders*: folders (or single scene files) never to write into."""
    from pathlib import Path  # (here: a warm start of the plain mode does without it, game/content/result.py)

    if "\0" in str(path):
        raise OSError(errno.EINVAL, "a file name cannot contain a NUL character")
    folder = path.parent
    try:
        folder_mode = os.stat(folder).st_mode
    except FileNotFoundError:
        raise OSError(errno.ENOENT, f"the folder {shown(folder)} does not exist") from None
    except NotADirectoryError:
        folder_mode = 0
    if not stat.S_ISDIR(folder_mode):
        raise OSError(errno.ENOTDIR, f"{shown(folder)} is not a folder")
    try:
        os.lstat(path)
    except FileNotFoundError:
        real, mode, size = Path(os.path.realpath(folder)) / path.name, None, 0
    else:
        try:
            real = Path(os.path.realpath(path, strict=True))
        except FileNotFoundError:
            raise Refused("it is a link to a file that does not exist") from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise Refused("it is a loop of links that leads to no file") from None
            raise
        st = os.stat(real)
        mode, size = st.st_mode, st.st_size
        if not stat.S_ISREG(mode):
            raise Refused(f"it is {file_kind(mode)}, not a regular file")
    for root in story_folders:
        inside = _inside(real, root)
        if inside:
            raise Refused(inside)
    if mode is not None and size:
        with open(real, "rb") as f:
            head = f.read(HEAD)
        if not is_ours(head):
            raise Refused(f"it is not {ours}, so it is not replaced; choose another name")
    return real


def _inside(real: Path, root: Path) -> str | None:
    """Why *real* must not be written when *root* is a story's folder or file (None: it may be)."""
    from pathlib import Path

    try:
        base = Path(os.path.realpath(root))
    except (OSError, ValueError):
        return None
    if real == base:
        return "it is one of the story's own files"
    if base.is_dir() and real.is_relative_to(base):
        return (f"it is inside the story's folder {shown(root)}, where every .yaml file is read as part of "
                "the story; choose a file outside it")
    return None
