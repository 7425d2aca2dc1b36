"""The public entry point: load a playbook once, evaluate many cases.

>>> from playbook import Playbook
>>> pb = Playbook.standard("zh")                     # or Playbook.load("my/playbook/")
>>> decision = pb.evaluate({"id": "c1", "transcript": [{"role": "agent", "text": "这是公司的规定"}]})
>>> [v.taboo for v in decision.violations]          # doctest: +SKIP

A :class:`Playbook` is immutable: it can be shared between threads, and two playbooks in
one process never see each other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from playbook.case import Case
from playbook.case.bounds import check_bounds
from playbook.case.io import case_error
from playbook.compile.compiled import CompiledPlaybook
from playbook.compile.pipeline import compile_source
from playbook.decision import Decision
from playbook.engine import evaluate as _evaluate
from playbook.engine.handlers import check_handlers
from playbook.engine.money import check_currency
from playbook.engine.recommended import CODE as RECOMMENDED_CODE
from playbook.engine.recommended import flagged_wording
from playbook.errors import Diagnostic, LoadError, SchemaError, Severity
from playbook.model.playbook import PlaybookSource
from playbook.source.limits import DEFAULT_LIMITS, Limits
from playbook.source.limits import from_env as limits_from_env
from playbook.source.loader import load_tree
from playbook.source.tree import SourceTree
from playbook.source.validate import validate
from playbook.standard import DEFAULT_LANGUAGE, resolve_reference, standard_path

if TYPE_CHECKING:
    from playbook.watch import Watch


class Playbook:
    """A compiled playbook, ready to evaluate cases."""

    __slots__ = ("_compiled", "_content_hash", "_diagnostics", "_limits", "_source", "_tree")

    def __init__(
        self,
        compiled: CompiledPlaybook,
        source: PlaybookSource,
        diagnostics: Iterable[Diagnostic] = (),
        tree: SourceTree | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ):
        self._compiled = compiled
        self._source = source
        self._diagnostics = tuple(diagnostics)
        self._tree = tree
        self._limits = limits
        self._content_hash: str | None = None

    # -- building -------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path, *, matcher_engine: str = "auto", limits: Limits = DEFAULT_LIMITS) -> Playbook:
        """Load, validate and compile a playbook file or folder.

        Raises :class:`~playbook.errors.LoadError`, :class:`~playbook.errors.SchemaError` or
        :class:`~playbook.errors.CompileError`, each with every located diagnostic found.
        ``limits`` bound reading the files and every case this playbook evaluates (left
        at the defaults, the ``PLAYBOOK_LIMITS`` environment setting applies).
        """
        if limits is DEFAULT_LIMITS:
            limits = limits_from_env()
        tree = read_source(path, limits)
        source = validate_source(tree)
        compiled, warnings = compile_source(source, tree.span_of, matcher_engine=matcher_engine)
        return cls(compiled, source, [*warnings, *_recommended_warnings(compiled, source, tree)], tree, limits)

    @classmethod
    def standard(cls, language: str = DEFAULT_LANGUAGE, **options: Any) -> Playbook:
        """The standard playbook shipped with the package ('zh' or 'en')."""
        return cls.load(standard_path(language), **options)

    @classmethod
    def from_source(cls, source: PlaybookSource | Mapping[str, Any], *, matcher_engine: str = "auto",
                    limits: Limits = DEFAULT_LIMITS) -> Playbook:
        """Compile a playbook built in Python (a model or a plain mapping)."""
        if not isinstance(source, PlaybookSource):
            tree = SourceTree(data=dict(source))
            source = validate_source(tree)
        compiled, warnings = compile_source(source, matcher_engine=matcher_engine)
        warnings = [*warnings, *_recommended_warnings(compiled, source, None)]
        return cls(compiled, source, warnings, limits=limits_from_env() if limits is DEFAULT_LIMITS else limits)

    # -- using ----------------------------------------------------------------------

    def evaluate(self, case: Case | Mapping[str, Any], *, trace: bool = False) -> Decision:
        """Apply the playbook to one case. ``trace=True`` records every rule looked at.

        A case larger than the playbook's :attr:`limits` allow (messages, characters) raises
        :class:`~playbook.errors.CaseError` before any text is scanned; a decision lists at
        most ``max_violations`` violations of ``max_evidence`` evidence each, and says in
        its warnings when it left some out.
        """
        if not isinstance(case, Case):
            try:
                case = Case.model_validate(case)
            except ValidationError as exc:
                raise case_error(exc) from None
        limits = self._limits
        check_bounds(case, limits)
        decision = _evaluate(self._compiled, case, trace=trace, max_violations=limits.max_violations,
                             max_evidence=limits.max_evidence)
        # the version that decided travels with the decision (a served playbook is reloaded in place)
        return decision.model_copy(update={"playbook_hash": self.content_hash})

    def check_case(self, case: Case) -> None:
        """Raise :class:`~playbook.errors.CaseError` (located at the field) for a case this
        playbook cannot decide although it reads: one in a currency it neither uses nor has a
        rate for, or naming in ``handled_by``/``offered_by`` a level or role it does not know. Readers of a batch call it to reject such a case at its line and go on."""
        check_currency(self._compiled, case)
        check_handlers(self._compiled, case)

    def evaluate_many(self, cases: Iterable[Case | Mapping[str, Any]], *, trace: bool = False) -> Iterator[Decision]:
        for case in cases:
            yield self.evaluate(case, trace=trace)

    def watch(self, **options: Any) -> Watch:
        """A new :class:`~playbook.watch.Watch` over this playbook's ``watch:`` patterns.

        Options go to the Watch (``backend``, ``clock``, ``state``). Each call gives an
        independent watch; close it (or use it as a context manager) when done.
        """
        from playbook.watch import Watch

        section = self._source.watch
        if section is None:
            raise SchemaError(Diagnostic(
                code="watch-missing", message=f"playbook '{self.id}' has no 'watch:' section",
                hint="add a 'watch:' section with patterns",
            ))
        return Watch(section, **options)

    @property
    def id(self) -> str:
        return self._compiled.id

    @property
    def version(self) -> str:
        return self._compiled.version

    @property
    def content_hash(self) -> str:
        """A digest of the validated playbook (after ``extends`` and merging), with the
        package version: two playbooks with the same hash give the same decisions.

        Computed on first use from the source model, so it does not depend on file names,
        comments or key order in the YAML.
        """
        if self._content_hash is None:
            from playbook import __version__

            digest = hashlib.sha256(__version__.encode())
            digest.update(b"\0")
            digest.update(self._source.model_dump_json(exclude_none=True).encode())
            self._content_hash = digest.hexdigest()
        return self._content_hash

    @property
    def limits(self) -> Limits:
        """The limits this playbook was read with, which also bound the cases it evaluates."""
        return self._limits

    @property
    def compiled(self) -> CompiledPlaybook:
        return self._compiled

    @property
    def source(self) -> PlaybookSource:
        """The validated source model (for tools; do not mutate)."""
        return self._source

    @property
    def tree(self) -> SourceTree | None:
        """The merged YAML with positions, when loaded from files."""
        return self._tree

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Warnings found while compiling (errors raise instead)."""
        return self._diagnostics

    def __repr__(self) -> str:
        return f"Playbook(id={self.id!r}, version={self.version!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the validated source model, not the compiled automata (which hold C
        objects): a process pool sends a playbook to its workers once, and each worker
        compiles it again. The content hash travels along and is checked on arrival, so a
        worker running another package version refuses instead of deciding differently.
        The source tree travels too, so a worker's decisions name the same file:line for
        each phrase hit and rule as the parent's.
        """
        return (_unpickle_playbook, (self._source, self.content_hash, self._limits, self._tree))


def _unpickle_playbook(source: PlaybookSource, content_hash: str, limits: Limits = DEFAULT_LIMITS,
                       tree: SourceTree | None = None) -> Playbook:
    """Rebuild a pickled :class:`Playbook`; refuse when it would not be the same playbook."""
    if tree is not None:
        compiled, warnings = compile_source(source, tree.span_of)
        playbook = Playbook(compiled, source, warnings, tree, limits)
    else:
        playbook = Playbook.from_source(source, limits=limits)
    if playbook.content_hash != content_hash:
        raise LoadError(Diagnostic(
            code="playbook-hash-mismatch",
            message=f"unpickled playbook '{playbook.id}' has content hash {playbook.content_hash[:12]}…, "
                    f"expected {content_hash[:12]}…",
            hint="pickle and unpickle with the same version of the package",
        ))
    return playbook


def read_source(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> SourceTree:
    """Stage 1: read the YAML file(s), following ``extends``. Raises LoadError."""
    return load_tree(Path(path), limits=limits, resolve_builtin=resolve_reference)


def validate_source(tree: SourceTree) -> PlaybookSource:
    """Stage 2: check the document against the model. Raises SchemaError."""
    model, diagnostics = validate(PlaybookSource, tree)
    if model is None:
        raise SchemaError(diagnostics)
    return model


def load(path: str | Path, **options: Any) -> Playbook:
    """Shorthand for :meth:`Playbook.load`."""
    return Playbook.load(path, **options)


def _recommended_warnings(compiled: CompiledPlaybook, source: PlaybookSource,
                          tree: SourceTree | None) -> list[Diagnostic]:
    """A warning at each recommended wording (``instead``, scripts, required phrases) the
    playbook itself would flag if an agent said it (lint reports it as PB309)."""
    return [
        Diagnostic(code=RECOMMENDED_CODE, message=found.message, severity=Severity.WARNING,
                   span=tree.span_of(found.recommended.path) if tree is not None else None,
                   path=found.recommended.path, hint=found.hint)
        for found in flagged_wording(compiled, source)
    ]
