"""``playbook schema``: the JSON Schemas of playbooks, overlays, test files and cases,
generated from the models."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from playbook.schema import NAMES, schema_for

from .exits import handle_errors
from .options import open_output, output_option


@click.command("schema")
@click.option("--for", "target", type=click.Choice(NAMES), default="playbook", show_default=True,
              help="Which document the schema describes: a playbook (overlays included), an overlay file "
                   "without its own 'extends', a *.test.yaml file, or a case.")
@output_option("Write the schema to this file instead of standard output.")
@handle_errors
def schema_command(target: str, output: Path | None) -> None:
    """Print the JSON Schema editors use to complete and check playbook, test or case files."""
    text = json.dumps(schema_for(target), ensure_ascii=False, indent=2) + "\n"
    with open_output(output, sys.stdout) as stream:
        stream.write(text)
