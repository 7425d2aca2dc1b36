"""``playbook lint PATH…``: what validates but is probably wrong.

Exit 0 when no finding reaches ``--fail-on`` (default: warning), 1 when one does, 2 when a
playbook could not be loaded or the command was misused.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import click

from playbook.errors import Severity
from playbook.lint import RULES, at_or_above, read_corpus, select_rules
from playbook.lint.report import REPORTERS
from playbook.lint.run import PlaybookLint, lint_paths

from .exits import FINDINGS, OK, USAGE, handle_errors
from .options import format_option, open_output, output_option, playbook_paths

_THRESHOLDS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


def exit_code(results: list[PlaybookLint], fail_on: str) -> int:
    if any(not result.loaded for result in results):
        return USAGE
    if fail_on == "never":
        return OK
    findings = [f for result in results for f in result.findings]
    return FINDINGS if at_or_above(findings, _THRESHOLDS[fail_on]) else OK


def _names(values: tuple[str, ...]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def _list_rules(stream: TextIO) -> None:
    stream.writelines(f"{rule.code}  {rule.name:<32} {rule.severity.value:<8} {rule.summary}\n" for rule in RULES)


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@format_option(*REPORTERS.formats, default=REPORTERS.default)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="warning",
              show_default=True, help="Exit 1 when a finding is at least this severe.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Run only these rules (codes, code prefixes such as PB2, or names; comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules.")
@output_option()
@click.option("--include-base", is_flag=True,
              help="Also report findings in the playbooks an overlay extends (by default only the files given).")
@click.option("--corpus", type=click.Path(path_type=str), default=None, metavar="FILE",
              help="Ordinary agent turns (JSON Lines or one per line): report forbidden phrases that fire "
                   "on more than --corpus-share of them (PB308).")
@click.option("--corpus-share", type=click.FloatRange(0.0, 1.0), default=0.01, show_default=True,
              help="The share of corpus turns above which a forbidden phrase is reported.")
@click.option("--corpus-examples", type=click.IntRange(0, 100), default=3, show_default=True,
              help="Turns shown for each phrase reported on the corpus.")
@click.option("--list-rules", is_flag=True, help="List the lint rules and exit.")
@handle_errors
def lint_command(paths: tuple[str, ...], output_format: str, fail_on: str, select: tuple[str, ...],
                 ignore: tuple[str, ...], output: Path | None, include_base: bool, corpus: str | None,
                 corpus_share: float, corpus_examples: int, list_rules: bool) -> None:
    """Lint playbook files or folders, or standard:zh / standard:en (a folder without playbook
    files is searched for playbooks)."""
    if list_rules:
        _list_rules(sys.stdout)
        raise SystemExit(OK)
    if not paths:
        raise click.UsageError("give at least one playbook file or folder")
    try:
        rules = select_rules(_names(select), _names(ignore))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--select/--ignore") from None
    turns = read_corpus(corpus) if corpus is not None else None
    results = lint_paths(playbook_paths(paths), rules, include_base=include_base, corpus=turns,
                         corpus_share=corpus_share, corpus_examples=corpus_examples)
    if not results:
        print(f"no playbook found in {', '.join(paths)}", file=sys.stderr)
        raise SystemExit(USAGE)
    with open_output(output, sys.stdout) as stream:
        REPORTERS.render(results, output_format, stream)
    for result in results:
        if not result.loaded:
            print(f"{result.path}: could not be loaded; fix these first (playbook validate {result.path})",
                  file=sys.stderr)
    raise SystemExit(exit_code(results, fail_on))
