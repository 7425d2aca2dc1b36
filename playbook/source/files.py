"""What a path on disk is, in words a user understands, before anything is opened.

Opening a FIFO blocks forever and reading ``/dev/urandom`` never ends, so every file a
playbook names is looked at with ``lstat``/``stat`` first: only regular files (and, where
a playbook folder is allowed, folders) are read; anything else is refused by what it is.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

NAME_MAX = 255
"""Longest file-name component (bytes) most file systems accept."""
PATH_MAX = 4096
"""Longest path (bytes) Linux accepts."""


def path_problem(path: Path) -> str | None:
    """Why ``path`` cannot name a file at all (too long), or None."""
    text = os.fsencode(str(path))
    if len(text) > PATH_MAX:
        return f"the path is {len(text):,} bytes long (the limit is {PATH_MAX:,})"
    longest = max((len(part) for part in text.split(b"/")), default=0)
    if longest > NAME_MAX:
        return f"one of its names is {longest:,} bytes long (the limit is {NAME_MAX})"
    return None


def kind_of(path: Path) -> str:
    """``"file"``, ``"folder"``, ``"missing"`` or the words for a special file."""
    try:
        status = path.stat()
    except FileNotFoundError:
        try:
            path.lstat()
        except OSError:
            return "missing"
        return "a dangling symbolic link"
    except NotADirectoryError:
        return "missing"
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return "a path that is too long"
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        return f"unreadable ({exc.strerror or exc})"
    return describe_mode(status.st_mode)


_KINDS = (
    (stat.S_ISREG, "file"),
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
"""What each kind of file is called in messages, by the ``stat`` test that recognises it."""


def describe_mode(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words ("file", "folder", "a socket", …)."""
    return next((name for is_kind, name in _KINDS if is_kind(mode)), "not a regular file")


def is_inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (symbolic links followed) lies in ``root``."""
    real = os.path.realpath(path)
    base = os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


ROOT_MARKERS = (".git", "pyproject.toml", ".playbook-root")
"""Files or folders whose presence makes a folder a project root."""


def project_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` holding one of :data:`ROOT_MARKERS`."""
    start = Path(os.path.realpath(path))
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return candidate
    return None
