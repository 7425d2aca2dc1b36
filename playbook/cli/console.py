"""The rich console reports are drawn on, with a broken pipe left to the command's handler.

Rich answers a closed pipe (``| head``) by exiting with 1, which a shell cannot tell from
"findings"; this console raises ``BrokenPipeError`` instead, so
:func:`playbook.cli.exits.handle_errors` ends the command with the SIGPIPE code (141).
"""

from __future__ import annotations

from rich.console import Console


class ReportConsole(Console):
    def on_broken_pipe(self) -> None:
        raise BrokenPipeError
