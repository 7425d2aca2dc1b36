"""Reloading when the playbook's files change (watchfiles), for as long as the app runs."""

from __future__ import annotations

import logging
from pathlib import Path

import anyio
import anyio.to_thread
from watchfiles import Change, awatch

from playbook.handle import PlaybookHandle, ReloadResult

from .metrics import ServeMetrics

log = logging.getLogger("playbook.serve")
PLAYBOOK_SUFFIXES = (".yaml", ".yml", ".json")


async def watch_and_reload(handle: PlaybookHandle, metrics: ServeMetrics, stop: anyio.Event,
                           debounce_ms: int) -> None:
    """Reload after each burst of changes to a file the playbook is made of (or tested by).

    The set of folders watched is taken again after a reload that changes it (a new
    ``extends`` base, say)."""
    from .routes import record_reload

    while not stop.is_set():
        folders = handle.watched_folders()
        files = handle.watched_files()
        root = handle.path.resolve()

        def relevant(change: Change, path: str, files: set[Path] = files, root: Path = root) -> bool:
            resolved = Path(path).resolve()
            if resolved in files:
                return True
            return root.is_dir() and resolved.is_relative_to(root) and resolved.name.endswith(PLAYBOOK_SUFFIXES)

        async for _changes in awatch(*sorted(folders), watch_filter=relevant, debounce=debounce_ms, step=20,
                                     stop_event=stop, recursive=root.is_dir()):
            result = await anyio.to_thread.run_sync(handle.reload)
            record_reload(metrics, result)
            log_reload(result)
            if handle.watched_folders() != folders or handle.watched_files() != files:
                break


def log_reload(result: ReloadResult) -> None:
    loaded = result.current
    if result.accepted:
        log.info("playbook %s %s (%s…): %s in %.2f s", loaded.id, loaded.version, loaded.content_hash[:12],
                 result.reason, result.seconds)
        return
    log.warning("playbook change refused (%s); still serving %s %s (%s…)\n%s", result.reason, loaded.id,
                loaded.version, loaded.content_hash[:12], "\n".join(d.format() for d in result.diagnostics))
