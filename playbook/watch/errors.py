"""Errors the watch raises. All are :class:`playbook.errors.PlaybookError`, so the CLI
maps them to exit codes in one place and prints their diagnostics."""

from __future__ import annotations

from playbook.errors import Diagnostic, EvaluationError, PlaybookError


class WatchError(PlaybookError):
    """Something the caller of a watch can fix: an event, a state file, a backend choice."""

    phase = "watch"

    @classmethod
    def of(cls, code: str, message: str, hint: str | None = None) -> WatchError:
        return cls(Diagnostic(code=code, message=message, hint=hint))


class EventError(WatchError):
    """An event is malformed (missing id, unreadable time, bad deadline field)."""


class LateEventError(WatchError):
    """An event is older than the watch accepts (newest time seen minus ``lateness``).

    Its windows are already gone, so counting it could not be exact; and its id may
    already have been forgotten, so accepting it could count a replayed event twice.

    ``replayed`` is True when the event is older than the horizon of the state the
    watch resumed from: an event an earlier run already had (a log replayed from its
    start), not one that arrived too late.
    """

    replayed: bool = False


class FutureEventError(EventError):
    """An event (or a tick) lies further ahead of the clock than the watch's ``horizon``.

    Accepting it would move the watch's time there, and every real event after it
    would then be late: one mistyped year would silence the watch.
    """


class BackendUnavailableError(WatchError):
    """The requested backend cannot run in this interpreter."""


class WatchStateError(WatchError):
    """A saved state is unreadable or was written by an incompatible format."""


class WatchClosedError(WatchError):
    """The watch was closed; build a new one (``Watch.reload``) to continue."""


class EngineError(EvaluationError):
    """The rule engine answered in a way the watch's design rules out.

    Raised instead of being swallowed: it means a bug, and the state of that watch can
    no longer be trusted.
    """
