"""A cache on disk for what loading builds again and again: character tables, matcher databases.

Why: the first playbook of a process spends most of its load time computing the same
per-character fold table (a pass over every assigned code point with OpenCC) and compiling
the same hyperscan databases, while the inputs of both rarely change. Here each product is
stored in the user's cache folder under a key that is a hash of everything it was built
from; a later process reads it back in milliseconds.

Rules that make it safe:

- **Safe to delete**: the folder holds nothing that is not rebuilt on demand.
- **Never trusted across versions**: the folder is per package version and every file
  repeats that version in its header; other versions' files are never read.
- **Corruption is a miss**: every file carries the SHA-256 of its payload; a file that is
  short, has another header or checksum, or that the reader refuses is removed and the
  product rebuilt. Writes go to a temporary file renamed into place, so a reader never sees
  half a file and two processes writing the same key do no harm.
- **Never an error**: a read-only or full disk only costs the time of rebuilding.

Where: ``$PLAYBOOK_CACHE_DIR`` if set (``off`` turns the cache off), else the platform's
user cache folder (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on
macOS, ``%LOCALAPPDATA%`` on Windows), in ``complaint-playbook/<version>``.

Payloads are bytes the caller encodes (``marshal`` for tables of strings, hyperscan's own
serialisation for databases), never pickles: a file in the cache cannot run code.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from playbook import __version__

T = TypeVar("T")

_MAGIC = b"playbook-cache\n"
_DIGEST = 32


def cache_root() -> Path | None:
    """The folder for this package version, or ``None`` when caching is turned off."""
    configured = os.environ.get("PLAYBOOK_CACHE_DIR")
    if configured is not None:
        if configured.strip().lower() in ("", "0", "off", "no", "false"):
            return None
        base = Path(configured)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "complaint-playbook"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "complaint-playbook"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "complaint-playbook"
    return base / __version__


def key_of(*parts: str | bytes) -> str:
    """A file-name-safe key: the SHA-256 of every part (lengths included, so parts never run together)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _path(kind: str, key: str) -> Path | None:
    root = cache_root()
    return None if root is None else root / kind / f"{key}.bin"


def _header() -> bytes:
    return _MAGIC + __version__.encode("ascii") + b"\n"


def read(kind: str, key: str) -> bytes | None:
    """The payload stored under ``kind``/``key``, or ``None`` (absent, other version, corrupt)."""
    path = _path(kind, key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = _header()
    body = data[len(header) + _DIGEST:]
    if not data.startswith(header) or hashlib.sha256(body).digest() != data[len(header):len(header) + _DIGEST]:
        discard(kind, key)
        return None
    return body


def write(kind: str, key: str, payload: bytes) -> None:
    """Store ``payload`` under ``kind``/``key``; any failure is ignored (the cache is optional)."""
    path = _path(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".bin")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_header() + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return


def discard(kind: str, key: str) -> None:
    """Remove one entry (a file its reader refused)."""
    path = _path(kind, key)
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            return


def cached(kind: str, key: str, build: Callable[[], T], encode: Callable[[T], bytes],
           decode: Callable[[bytes], T]) -> T:
    """``decode`` of the stored payload, else ``build()`` (stored for next time).

    A payload ``decode`` refuses (any exception) counts as corrupt: it is discarded and
    the product rebuilt.
    """
    payload = read(kind, key)
    if payload is not None:
        try:
            return decode(payload)
        except Exception:
            discard(kind, key)
    product = build()
    try:
        data = encode(product)
    except Exception:
        return product
    write(kind, key, data)
    return product
