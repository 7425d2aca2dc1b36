"""A real uvicorn on an ephemeral 127.0.0.1 port, in a thread, for the serve tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn

from playbook.handle import PlaybookHandle
from playbook.serve import ServeSettings, create_app


@dataclass
class Live:
    url: str
    handle: PlaybookHandle
    server: uvicorn.Server


@contextmanager
def live_server(handle: PlaybookHandle, settings: ServeSettings | None = None) -> Iterator[Live]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP_NODELAY, as served
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(handle, settings)
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield Live(f"http://127.0.0.1:{port}", handle, server)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
