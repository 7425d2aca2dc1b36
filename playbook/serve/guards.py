"""Guards in front of the routes: a bearer token and a cap on the request body.

Both are plain ASGI middleware, so they act before any route reads a byte: a body over the
limit is refused from its ``Content-Length`` when it gives one, else as soon as the bytes
read pass the limit — it is never buffered whole. A route then reads the body that the
guard has already collected.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Collection
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body

OPEN_PATHS = frozenset({"/", "/health", "/openapi.json"})
OPEN_PREFIXES = ("/static/",)


async def send_json(send: Send, status: int, body: dict[str, Any], headers: Collection[tuple[bytes, bytes]] = ()) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode()
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                    *headers],
    })
    await send({"type": "http.response.body", "body": payload})


class BearerAuth:
    """Requires ``Authorization: Bearer <token>`` on every path but the open ones
    (the playground's files, ``/health`` and ``/openapi.json``). The comparison takes the
    same time whatever the token sent."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _is_open(scope["path"]):
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"authorization", b"")
        if hmac.compare_digest(given, self.expected):
            await self.app(scope, receive, send)
            return
        code, message = ("token-invalid", "the bearer token is not valid") if given else (
            "token-missing", "this server requires a bearer token")
        await send_json(send, 401, error_body(code, message, hint="send 'Authorization: Bearer <token>'"),
                        [(b"www-authenticate", b'Bearer realm="playbook"')])


class BodyLimit:
    """Refuses a request body larger than ``limit`` bytes with 413, and hands the routes the
    body it collected."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await send_json(send, 400, error_body("bad-content-length", "Content-Length is not a number"))
                return
            if size > self.limit:
                await self._too_large(send)
                return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.limit:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        await send_json(send, 413, error_body(
            "body-too-large", f"the request body is larger than {self.limit} bytes",
            hint="send fewer cases per batch, or start the server with a larger --max-body"),
            [(b"connection", b"close")])


def _is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)
