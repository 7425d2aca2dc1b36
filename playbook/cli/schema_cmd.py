"""``playbook schema``: the JSON Schema of playbook YAML, generated from the models."""

from __future__ import annotations

import json
import sys

import click

from playbook.schema import case_schema, playbook_schema

from .exits import handle_errors


@click.command("schema")
@click.option("--for", "target", type=click.Choice(["playbook", "case"]), default="playbook", show_default=True,
              help="Which document the schema describes.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to a file.")
@handle_errors
def schema_command(target: str, output: str | None) -> None:
    """Print the JSON Schema editors use to complete and check playbook (or case) files."""
    schema = playbook_schema() if target == "playbook" else case_schema()
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
