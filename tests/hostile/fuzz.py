"""Coverage-guided fuzzing of the YAML loader, the case parser and evaluate with atheris.

    python -m tests.hostile.fuzz loader -max_total_time=600
    python -m tests.hostile.fuzz cases -max_total_time=600
    python -m tests.hostile.fuzz evaluate -max_total_time=600 -rss_limit_mb=4096

(from the project root; the options after the target are libFuzzer's, e.g. a corpus folder
to keep what it finds). A non-library exception stops the run with its traceback and the
input that raised it. atheris needs Python 3.11 or earlier here (``pip install atheris``);
the same targets run under hypothesis in every test run (``test_fuzz.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

TARGETS = ("loader", "cases", "evaluate")


def _target(name: str) -> Callable[[bytes], None]:
    from . import fuzz_targets

    def loader(data: bytes) -> None:
        fuzz_targets.yaml_loader(data, fuzz_targets.YAML_NAMES[len(data) % 2])

    def cases(data: bytes) -> None:
        fuzz_targets.case_parser(data, fuzz_targets.CASE_NAMES[len(data) % len(fuzz_targets.CASE_NAMES)])

    return {"loader": loader, "cases": cases, "evaluate": fuzz_targets.parse_and_evaluate}[name]


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] not in TARGETS:
        print(f"usage: python -m tests.hostile.fuzz {{{'|'.join(TARGETS)}}} [libFuzzer options]", file=sys.stderr)
        return 2
    try:
        import atheris
    except ImportError:
        print("atheris is not installed (pip install atheris; Python 3.11 or earlier)", file=sys.stderr)
        return 2
    with atheris.instrument_imports():
        target = _target(argv[1])
        if argv[1] == "evaluate":
            from .fuzz_targets import standard

            standard("zh"), standard("en")  # compiled before fuzzing starts
    atheris.Setup([argv[0], *argv[2:]], target)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
