"""The output directory of an audit, written so that a ``kill -9`` at any moment loses
nothing and duplicates nothing.

Outcomes are written in *parts*: ``parts/NNNNNN.{decisions,violations,rejects}.jsonl``,
each written to a temporary name and renamed into place. After a part's files are in
place, ``checkpoint.json`` is replaced (again by rename) with the number of parts, the
number of input units they cover and the running totals. The checkpoint is the only
truth: a part with a number at or above the checkpoint's count is an unfinished write and
is removed on resume, and the input units the checkpoint covers are skipped. The final
files (``decisions.jsonl``, ``violations.jsonl``, ``rejects.jsonl``, ``summary.json``,
``report.html``) are assembled from the parts, so assembling again after a kill gives the
same bytes.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from playbook.errors import Diagnostic, LoadError, Span

from .records import Outcome
from .summary import Totals

KINDS = ("decisions", "violations", "rejects")
CHECKPOINT = "checkpoint.json"
FORMAT_VERSION = 1


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the whole new one."""
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class AuditStore:
    """Parts, checkpoint and final files under one ``--out`` directory."""

    def __init__(self, out: Path, fingerprint: dict[str, Any]) -> None:
        self.out = out
        self.parts_dir = out / "parts"
        self.fingerprint = fingerprint
        self.parts = 0
        self.units_done = 0
        self.complete = False
        self.totals = Totals()

    def open(self, restart: bool = False) -> bool:
        """Create or resume the directory; True when resuming an earlier run."""
        self.out.mkdir(parents=True, exist_ok=True)
        checkpoint = self.out / CHECKPOINT
        if restart and self.parts_dir.exists():
            shutil.rmtree(self.parts_dir)
            checkpoint.unlink(missing_ok=True)
        self.parts_dir.mkdir(exist_ok=True)
        resumed = False
        if checkpoint.exists():
            state = json.loads(checkpoint.read_bytes())
            if state.get("fingerprint") != self.fingerprint:
                raise LoadError(Diagnostic(
                    code="out-holds-other-audit",
                    message=f"'{self.out}' holds an audit of other input, playbook or options",
                    span=Span(str(checkpoint), 1, 1),
                    hint="use a new --out directory, or --restart to discard the earlier audit"))
            self.parts = state["parts"]
            self.units_done = state["units_done"]
            self.complete = bool(state.get("complete"))
            self.totals = Totals.from_json(state["totals"])
            resumed = True
        for stray in self.parts_dir.iterdir():  # unfinished writes of a killed run
            number = stray.name.split(".")[0].lstrip(".")
            if stray.name.startswith(".") or not number.isdigit() or int(number) >= self.parts:
                stray.unlink()
        return resumed

    def write_part(self, outcomes: Iterable[Outcome], units: int) -> None:
        """Append one part covering ``units`` more input units, then move the checkpoint."""
        lines: dict[str, list[str]] = {kind: [] for kind in KINDS}
        for outcome in outcomes:
            self.totals.add(outcome)
            if outcome.reject is not None:
                lines["rejects"].append(json.dumps(outcome.reject, ensure_ascii=False))
                continue
            assert outcome.decision is not None
            lines["decisions"].append(outcome.decision)
            lines["violations"].extend(json.dumps(row, ensure_ascii=False) for row in outcome.violations)
        for kind in KINDS:
            body = "".join(line + "\n" for line in lines[kind]).encode("utf-8")
            write_atomic(self.parts_dir / f"{self.parts:06d}.{kind}.jsonl", body)
        self.parts += 1
        self.units_done += units
        self.save_checkpoint()

    def save_checkpoint(self, complete: bool = False) -> None:
        state = {"version": FORMAT_VERSION, "fingerprint": self.fingerprint, "parts": self.parts,
                 "units_done": self.units_done, "complete": complete, "totals": self.totals.to_json()}
        write_atomic(self.out / CHECKPOINT, json.dumps(state, ensure_ascii=False).encode("utf-8"))

    def assemble(self, decisions_format: str = "jsonl") -> dict[str, Path]:
        """The final files from the parts (idempotent: the same parts give the same bytes)."""
        written: dict[str, Path] = {}
        for kind in KINDS:
            target = self.out / f"{kind}.jsonl"
            temporary = target.with_name(f".{target.name}.tmp")
            with open(temporary, "wb") as sink:
                for number in range(self.parts):
                    with open(self.parts_dir / f"{number:06d}.{kind}.jsonl", "rb") as part:
                        shutil.copyfileobj(part, sink)
            os.replace(temporary, target)
            written[kind] = target
        if decisions_format == "parquet":
            from .parquet_out import decisions_to_parquet

            written["decisions"] = decisions_to_parquet(self.out / "decisions.jsonl", self.out / "decisions.parquet")
            (self.out / "decisions.jsonl").unlink()
        return written
