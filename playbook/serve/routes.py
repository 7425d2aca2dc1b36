"""The endpoints. Each takes the served version once, so a response comes from one version.

Work that costs CPU (parsing, evaluating, validating) runs in a worker thread under the
request's time limit; the event loop only moves bytes. Bad input comes back as the JSON
errors of :mod:`playbook.serve.errors`, with the diagnostics the CLI would print.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from playbook.case.io import case_error, json_syntax_reason, parse_case
from playbook.decision import Decision
from playbook.errors import Diagnostic, LoadError, PlaybookError, Span
from playbook.handle import Loaded, PlaybookHandle, ReloadResult

from .batch import BatchTooLarge, read_batch
from .errors import error_response, playbook_error_json, playbook_error_response
from .metrics import ServeMetrics
from .overlay_eval import OverlayCache, OverlayRequest, evaluate_with_overlay
from .reply import ReplyRequest, check_reply
from .settings import ServeSettings
from .validate_text import validate_text

REQUEST = "<request>"
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Served:
    """What the routes of one app share: kept on ``app.state``, never in module state."""

    handle: PlaybookHandle
    settings: ServeSettings
    metrics: ServeMetrics
    openapi: dict[str, Any]
    static: str
    overlays: OverlayCache


def served(request: Request) -> Served:
    found: Served = request.app.state.served
    return found


class TimeLimit(Exception):
    """The request took longer than the server allows."""


async def run_limited(settings: ServeSettings, func: Callable[[], T], grace: float = 0.0) -> T:
    """``func()`` in a worker thread; TimeLimit when it is not done in time (the thread is
    left to finish on its own, its result dropped)."""
    try:
        with anyio.fail_after(settings.timeout_seconds + grace):
            return await anyio.to_thread.run_sync(func, abandon_on_cancel=True)
    except TimeoutError:
        raise TimeLimit from None


def time_limit_response(settings: ServeSettings) -> JSONResponse:
    return error_response(503, "time-limit", f"the request took longer than {settings.timeout_seconds:g} s",
                          hint="send a smaller case or batch", headers={"retry-after": "1"})


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "yes", "on")


def _json(text: str, status: int = 200) -> Response:
    return Response(text, status_code=status, media_type="application/json")


def parse_model(model: type[M], body: bytes) -> M:
    """A request body as ``model``; LoadError for JSON that does not parse, CaseError else."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        reason = json_syntax_reason(exc)
        if reason is not None:
            raise LoadError(Diagnostic(code="json-syntax", message=f"the body is not valid JSON: {reason}",
                                       span=Span(REQUEST, 1, 1))) from None
        raise case_error(exc, REQUEST) from None


# -- deciding -------------------------------------------------------------------------


async def evaluate(request: Request) -> Response:
    """One case (JSON or YAML) → its decision. ``?trace=true`` adds every rule looked at."""
    ctx = served(request)
    body = await request.body()
    trace = ctx.settings.allow_trace and _flag(request, "trace")
    loaded = ctx.handle.current

    def work() -> Decision:
        return loaded.playbook.evaluate(parse_case(body, REQUEST), trace=trace)

    try:
        decision = await run_limited(ctx.settings, work)
    except PlaybookError as error:
        ctx.metrics.rejected.inc()
        return playbook_error_response(error)
    except TimeLimit:
        return time_limit_response(ctx.settings)
    ctx.metrics.decided([decision])
    return _json(decision.model_dump_json())


async def evaluate_batch(request: Request) -> Response:
    """Many cases: a JSON array or JSON Lines. Every item is decided or rejected, in order."""
    ctx = served(request)
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    lines = True if ("ndjson" in content_type or "jsonl" in content_type) else None
    trace = ctx.settings.allow_trace and _flag(request, "trace")
    loaded = ctx.handle.current
    settings = ctx.settings

    def work() -> tuple[str, list[Decision], int]:
        items = read_batch(body, lines=lines, limit=settings.max_batch_items)
        deadline = time.monotonic() + settings.timeout_seconds
        parts: list[str] = []
        decisions: list[Decision] = []
        rejected = 0
        for item in items:
            head = f'{{"index":{item.index},"line":{"null" if item.line is None else item.line},'
            error = item.error
            if error is None and item.case is not None:
                if time.monotonic() > deadline:
                    error = PlaybookError(Diagnostic(code="time-limit", message="not evaluated: the request ran "
                                                     f"out of its {settings.timeout_seconds:g} s"))
                else:
                    try:
                        decision = loaded.playbook.evaluate(item.case, trace=trace)
                    except PlaybookError as failed:
                        error = failed
                    else:
                        decisions.append(decision)
                        parts.append(head + '"ok":true,"decision":' + decision.model_dump_json() + "}")
                        continue
            assert error is not None
            rejected += 1
            parts.append(head + '"ok":false,"error":' + _dumps(playbook_error_json(error)) + "}")
        summary = (f'{{"playbook":{_dumps(loaded.describe())},"count":{len(items)},'
                   f'"decided":{len(decisions)},"rejected":{rejected},"results":[')
        return summary + ",".join(parts) + "]}", decisions, rejected

    try:
        text, decisions, rejected = await run_limited(ctx.settings, work, grace=ctx.settings.timeout_seconds)
    except BatchTooLarge as too_many:
        return error_response(413, "batch-too-large", f"the batch holds {too_many.count} cases, "
                              f"at most {too_many.limit} are allowed", hint="split it into smaller batches")
    except PlaybookError as error:
        return playbook_error_response(error)
    except TimeLimit:
        return time_limit_response(ctx.settings)
    ctx.metrics.decided(decisions)
    ctx.metrics.rejected.inc(rejected)
    return _json(text)


async def evaluate_overlay(request: Request) -> Response:
    """A case decided by the served version with an overlay applied in memory (the playground's
    "what if"). Files are neither read nor written; the served version is untouched."""
    ctx = served(request)
    body = await request.body()
    loaded = ctx.handle.current
    settings = ctx.settings

    def work() -> str | int:
        parsed = parse_model(OverlayRequest, body)
        size = len(parsed.overlay.encode("utf-8"))
        if size > settings.max_overlay_bytes:
            return size
        trace = parsed.trace and settings.allow_trace
        if trace != parsed.trace:
            parsed = parsed.model_copy(update={"trace": trace})
        return evaluate_with_overlay(loaded.playbook, parsed, ctx.overlays).model_dump_json()

    try:
        result = await run_limited(ctx.settings, work)
    except PlaybookError as error:
        return playbook_error_response(error)
    except TimeLimit:
        return time_limit_response(ctx.settings)
    if isinstance(result, int):
        return error_response(413, "overlay-too-large", f"the overlay is {result} bytes, at most "
                              f"{settings.max_overlay_bytes} are allowed", hint="try a smaller change")
    return _json(result)


async def check_reply_route(request: Request) -> Response:
    """A draft reply plus the case so far → the violations it would add, with 'instead'."""
    ctx = served(request)
    body = await request.body()
    loaded = ctx.handle.current

    def work() -> str:
        return check_reply(loaded.playbook, parse_model(ReplyRequest, body)).model_dump_json()

    try:
        return _json(await run_limited(ctx.settings, work))
    except PlaybookError as error:
        return playbook_error_response(error)
    except TimeLimit:
        return time_limit_response(ctx.settings)


async def validate(request: Request) -> Response:
    """A playbook as YAML/JSON text → valid or not, with located diagnostics. Reads no file."""
    ctx = served(request)
    body = await request.body()
    try:
        result = await run_limited(ctx.settings, functools.partial(validate_text, body))
    except TimeLimit:
        return time_limit_response(ctx.settings)
    return JSONResponse(result)


# -- the served version ---------------------------------------------------------------


def playbook_info(ctx: Served, loaded: Loaded) -> dict[str, Any]:
    source = loaded.playbook.source
    stats = ctx.handle.stats
    refusal = stats.last_refusal
    return {
        **loaded.describe(),
        "language": source.playbook.language,
        "taboos": [{"id": t.id, "label": t.label, "number": t.number} for t in source.taboos],
        "phrase_sets": [{"id": s.id, "kind": str(s.kind), "taboo": s.taboo,
                         "phrases": [_phrase(p) for p in s.phrases]} for s in source.phrase_sets],
        "reloads": {"accepted": stats.accepted, "unchanged": stats.unchanged, "refused": stats.refused,
                    "refused_by_reason": dict(stats.refused_by_reason)},
        "last_refusal": None if refusal is None else {
            "at": stats.last_refused_at.isoformat() if stats.last_refused_at else None,
            **refusal.to_dict(),
        },
        "watching": ctx.settings.watch,
    }


async def playbook(request: Request) -> Response:
    ctx = served(request)
    return JSONResponse(playbook_info(ctx, ctx.handle.current))


def record_reload(metrics: ServeMetrics, result: ReloadResult) -> None:
    metrics.reloads.labels(result.reason).inc()  # loaded | unchanged | load-failed | tests-failed
    metrics.generation.set(result.current.generation)


async def reload(request: Request) -> Response:
    """Load the playbook's files again; swap only when they load and pass their tests."""
    ctx = served(request)
    result = await anyio.to_thread.run_sync(ctx.handle.reload)
    record_reload(ctx.metrics, result)
    return JSONResponse(result.to_dict(), status_code=200 if result.accepted else 422)


async def health(request: Request) -> Response:
    loaded = served(request).handle.current
    return JSONResponse({"status": "ok", "playbook": {
        "id": loaded.id, "version": loaded.version, "content_hash": loaded.content_hash,
        "generation": loaded.generation}})


async def metrics(request: Request) -> Response:
    ctx = served(request)
    ctx.metrics.generation.set(ctx.handle.current.generation)
    return Response(ctx.metrics.render(), media_type=ctx.metrics.content_type)


async def openapi(request: Request) -> Response:
    return JSONResponse(served(request).openapi)


async def playground(request: Request) -> Response:
    return FileResponse(served(request).static + "/index.html", media_type="text/html; charset=utf-8")


def _phrase(phrase: Any) -> dict[str, Any]:
    """A phrase as the playground needs it; a phrase written as bare text has no id."""
    if isinstance(phrase, str):
        return {"id": None, "text": phrase}
    return {"id": phrase.id, "text": phrase.written}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
