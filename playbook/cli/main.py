"""Entry point of the ``playbook`` command."""

def main() -> None:  # placeholder until the CLI lands
    raise SystemExit(0)
