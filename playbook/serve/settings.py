"""The limits and switches of one served app, all with safe defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """What a served app allows.

    ``token`` None means no authentication (the default bind is loopback only). The limits
    bound what one request may cost: its body, the cases in one batch, its wall time, and
    the overlay the playground may try on the served playbook.
    """

    token: str | None = None
    max_body_bytes: int = 4 * 1024 * 1024
    max_batch_items: int = 1000
    timeout_seconds: float = 10.0
    watch: bool = True
    watch_debounce_ms: int = 300
    allow_trace: bool = True
    max_overlay_bytes: int = 64 * 1024

    def __post_init__(self) -> None:
        if self.max_body_bytes <= 0 or self.max_batch_items <= 0 or self.timeout_seconds <= 0 \
                or self.max_overlay_bytes <= 0:
            raise ValueError("serve limits must be positive")
        if self.token is not None and not self.token.strip():
            raise ValueError("the token is empty")
