"""Apply a playbook to many cases over several processes, keeping the input order.

Why processes: evaluation is pure Python and CPU-bound, so threads share one core. Why
this module rather than a bare ``ProcessPoolExecutor.map``: ``map`` submits the whole input
at once (an archive of millions of cases would sit in memory), sends the playbook with
every task, and needs the results collected before they can be written in order. Here:

- the playbook is pickled **once per worker** (by its validated source and checked by its
  content hash, see :meth:`playbook.Playbook.__reduce__`) and compiled there once;
- items travel in **chunks** (fewer, larger messages between processes);
- at most ``max_in_flight`` chunks are submitted and not yet consumed, so memory is
  bounded whatever the size of the input, and a slow consumer slows the producer down;
- results come back **in input order**, so output files are identical for any ``jobs``.

``jobs=1`` runs in the calling process with no pool at all: the same results, the same
order, no pickling, which is what tests and small inputs want.

>>> from playbook import Playbook
>>> from playbook.parallel import evaluate_ordered
>>> pb = Playbook.standard("en")
>>> cases = [{"id": f"c{i}", "transcript": [{"role": "agent", "text": "Not my problem."}]} for i in range(3)]
>>> [d.case_id for d in evaluate_ordered(pb, cases, jobs=2)]   # doctest: +SKIP
['c0', 'c1', 'c2']

The function given to :func:`ordered_map` is called as ``func(playbook, item)`` inside a
worker; it must be picklable (a module-level function), and so must the items and the
results. An exception it raises is re-raised in the caller at that item's position; a
caller that must not stop on a bad item (``playbook audit``) catches inside ``func`` and
returns the error as a value.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

from playbook.api import Playbook
from playbook.case import Case
from playbook.decision import Decision

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

DEFAULT_CHUNK_SIZE = 64
"""Cases per message between processes: large enough to amortise pickling, small enough to
keep every worker busy near the end of the input."""

DEFAULT_INLINE_UP_TO = 1024
"""When the number of workers was not chosen, inputs this small run inline: starting a
worker (imports, compiling the playbook again) costs about as much as a thousand cases."""


def available_cores() -> int:
    """The cores this process may run on (the affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def resolve_jobs(jobs: int | None) -> int:
    """``None`` or ``0`` → every available core; a negative number → that many fewer."""
    if jobs is None or jobs == 0:
        return available_cores()
    if jobs < 0:
        return max(1, available_cores() + jobs)
    return jobs


class _WorkerState:
    """What one worker process holds: the playbook it unpickled at start.

    One instance per worker process, set by the pool's initializer. It is per-process
    state by construction (each worker has its own copy of this module), never shared
    between two playbooks in one process: a worker serves exactly one pool.
    """

    playbook: Any = None


def _init_worker(playbook: Any) -> None:
    # The playbook arrives pickled once, through the initializer's arguments.
    _WorkerState.playbook = playbook


def _run_chunk(func: Callable[[Any, Any], Any], chunk: list[Any]) -> list[Any]:
    playbook = _WorkerState.playbook
    if playbook is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker started without a playbook")
    return [func(playbook, item) for item in chunk]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ordered_map(
    func: Callable[[S, T], R],
    items: Iterable[T],
    *,
    playbook: S,
    jobs: int | None = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int | None = None,
    mp_context: BaseContext | None = None,
    inline_up_to: int = 0,
) -> Iterator[R]:
    """``func(playbook, item)`` for every item, over ``jobs`` processes, in input order.

    - ``jobs``: worker processes; ``None``/``0`` every core (see :func:`resolve_jobs`);
      ``1`` runs inline in this process.
    - ``chunk_size``: items per task sent to a worker.
    - ``max_in_flight``: chunks submitted but not yet yielded (default ``2 × jobs``); the
      input is read lazily, so at most ``max_in_flight × chunk_size`` items and results
      are held at once.
    - ``mp_context``: how workers start (default ``spawn``: no inherited threads or locks,
      the same on every OS).
    - ``inline_up_to``: an input of at most this many items runs inline whatever ``jobs``
      says (the first items are read ahead to know); for commands whose ``--jobs`` was
      left at its default, see :data:`DEFAULT_INLINE_UP_TO`.

    ``playbook`` is what each worker receives once and passes to ``func``: a
    :class:`~playbook.Playbook`, or any picklable value (two playbooks for ``diff``, a
    test runner for ``test``).

    The generator owns the pool: exhausting it, closing it (``.close()``, or leaving a
    ``for`` loop early) or an exception shuts the workers down.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    workers = resolve_jobs(jobs)
    iterator = iter(items)
    if workers > 1 and inline_up_to > 0:
        head = list(islice(iterator, inline_up_to + 1))
        if len(head) <= inline_up_to:
            workers = 1
        iterator = chain(head, iterator)
    if workers == 1:
        for item in iterator:
            yield func(playbook, item)
        return
    limit = max_in_flight if max_in_flight is not None else 2 * workers
    if limit < 1:
        raise ValueError("max_in_flight must be at least 1")
    context = mp_context or multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_init_worker, initargs=(playbook,))
    pending: deque[Future[list[R]]] = deque()
    try:
        for chunk in _chunks(iterator, chunk_size):
            pending.append(pool.submit(_run_chunk, func, chunk))
            if len(pending) >= limit:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _evaluate_one(playbook: Playbook, case: Case | Mapping[str, Any]) -> Decision:
    return playbook.evaluate(case)


def evaluate_ordered(
    playbook: Playbook,
    cases: Iterable[Case | Mapping[str, Any]],
    *,
    jobs: int | None = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int | None = None,
    inline_up_to: int = 0,
) -> Iterator[Decision]:
    """The decision of every case, in input order, over ``jobs`` processes.

    What ``eval``, ``diff`` and ``test`` use for ``--jobs N``. A case that does not
    validate raises :class:`~playbook.errors.CaseError` at its position, as
    :meth:`Playbook.evaluate` does.
    """
    return ordered_map(_evaluate_one, cases, playbook=playbook, jobs=jobs,
                       chunk_size=chunk_size, max_in_flight=max_in_flight, inline_up_to=inline_up_to)
