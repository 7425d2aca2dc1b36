"""``playbook serve``: decisions over HTTP from a playbook that reloads in place.

Safe by default: it binds 127.0.0.1, and a host that is not a loopback address is refused
unless ``--allow-remote`` is given (then a ``--token-file`` is strongly advised, and a
warning says so when it is missing). The playbook must load and pass its own tests before
the server starts; a port that is taken, a token file that cannot be read or a playbook
that does not load exit 2 with a located message, never a traceback.

``--port 0`` takes a free port; the line printed on start names the address actually bound,
so a script can read it.
"""

from __future__ import annotations

import errno
import ipaddress
import re
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import click

from playbook.errors import Diagnostic, LoadError, Span

from .exits import USAGE, handle_errors
from .options import playbook_option

_SIZE = re.compile(r"^\s*(\d+)\s*([kKmMgG]?)[iI]?[bB]?\s*$")
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int:
    """``4M``, ``512k``, ``1048576`` → bytes."""
    found = _SIZE.match(text)
    if found is None or int(found.group(1)) <= 0:
        raise click.BadParameter(f"{text!r} is not a size such as 4M, 512k or 1048576", param_hint="--max-body")
    return int(found.group(1)) * _UNITS[found.group(2).lower()]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_token(path: Path) -> str:
    """The bearer token: the file's first line, stripped. An empty or unreadable file is an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise LoadError(Diagnostic(code="token-file-unreadable", message=f"cannot read the token file: {reason}",
                                   span=Span(str(path), 1, 1))) from None
    lines = text.strip().splitlines()
    token = lines[0].strip() if lines else ""
    if not token:
        raise LoadError(Diagnostic(code="token-file-empty", message="the token file is empty",
                                   span=Span(str(path), 1, 1), hint="put the token on the file's first line"))
    return token


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or a usage error naming what went wrong."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP,
    # and without it every response waits ~40 ms for the client's delayed ACK (Nagle)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise click.UsageError(f"port {port} on {host} is already in use; choose another with --port "
                                   "(or --port 0 for any free port)") from None
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


@click.command("serve")
@playbook_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only loopback addresses unless --allow-remote is given.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on; 0 takes a free one (the address is printed on start).")
@click.option("--allow-remote", is_flag=True, help="Allow a --host that other machines can reach.")
@click.option("--token-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Require 'Authorization: Bearer <token>', the token being this file's first line.")
@click.option("--reload/--no-reload", "watch", default=True, show_default=True,
              help="Reload the playbook when its files change (POST /v1/reload works either way).")
@click.option("--tests/--no-tests", "run_tests", default=True, show_default=True,
              help="Refuse a version (at start and on reload) that fails the playbook's own tests.")
@click.option("--max-body", "max_body", default="4M", show_default=True, metavar="SIZE",
              help="Largest request body, e.g. 512k or 4M.")
@click.option("--max-batch", type=click.IntRange(1), default=1000, show_default=True,
              help="Most cases in one batch request.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=10.0, show_default=True,
              help="Seconds one request may take before it is answered 503.")
@click.option("--max-overlay", type=click.IntRange(1), default=64 * 1024, show_default=True,
              help="Largest overlay (bytes) the playground's try-an-overlay endpoint accepts.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True)
@handle_errors
def serve_command(playbook_path: str | None, host: str, port: int, allow_remote: bool, token_file: Path | None,
                  watch: bool, run_tests: bool, max_body: str, max_batch: int, timeout: float, max_overlay: int,
                  log_level: str) -> None:
    """Serve decisions over HTTP (API under /v1, playground at /, OpenAPI at /openapi.json).

    \b
    Examples:
      playbook serve --playbook rules/zh
      playbook serve -p my.yaml --port 0 --token-file token.txt --no-reload
    """
    try:
        import uvicorn

        from playbook.handle import PlaybookHandle
        from playbook.serve import ServeSettings, create_app
    except ImportError as exc:
        print(f"error: playbook serve needs the 'serve' extra ({exc.name} is missing)", file=sys.stderr)
        print("  hint: pip install 'complaint-playbook[serve]'", file=sys.stderr)
        raise SystemExit(USAGE) from None

    if not is_loopback(host) and not allow_remote:
        raise click.UsageError(f"{host} is not a loopback address: other machines could reach the server. "
                               "Pass --allow-remote to mean it (and --token-file to require a token)")
    token = read_token(token_file) if token_file is not None else None
    settings = ServeSettings(token=token, max_body_bytes=parse_size(max_body), max_batch_items=max_batch,
                             timeout_seconds=timeout, watch=watch, max_overlay_bytes=max_overlay)
    handle = PlaybookHandle.open(playbook_path or "standard:zh", run_tests=run_tests)
    sock = bind(host, port)
    app = create_app(handle, settings)
    config = uvicorn.Config(app, log_level=log_level, lifespan="on", access_log=log_level == "debug",
                            timeout_graceful_shutdown=max(5, int(timeout) + 1))
    server = uvicorn.Server(config)
    loaded = handle.current
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    err = sys.stderr
    print(f"serving {loaded.id} {loaded.version} ({loaded.content_hash[:12]}) on http://{shown}:{bound_port}",
          flush=True)
    _note(err, f"  playground http://{shown}:{bound_port}/  api /v1  openapi /openapi.json")
    _note(err, f"  reload on change: {'on' if watch else 'off'}; playbook tests: "
               f"{'on' if run_tests else 'off'} ({loaded.tests_passed} passed); token: {'on' if token else 'off'}")
    if not is_loopback(host) and token is None:
        _note(err, "  warning: reachable from other machines without a token; pass --token-file")
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()


def _stopped(signum: int, frame: object) -> None:
    """uvicorn shuts down gracefully on SIGTERM, then raises it again: that is a clean stop (exit 0)."""
    raise SystemExit(0)


def _note(stream: Any, text: str) -> None:
    print(text, file=stream, flush=True)
