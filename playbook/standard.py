"""Where the standard playbooks live: inside the installed package, or in the source tree."""

from __future__ import annotations

from pathlib import Path

from playbook.errors import Diagnostic, LoadError

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def rules_root() -> Path:
    """The folder holding the standard playbooks.

    A wheel carries them as ``playbook/_rules``; an editable install or a source checkout
    reads the repository's ``rules/`` folder directly.
    """
    packaged = Path(__file__).resolve().parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def standard_path(language: str = DEFAULT_LANGUAGE) -> Path:
    """Path of the standard playbook for ``language`` ('zh' or 'en')."""
    if language not in LANGUAGES:
        raise LoadError(
            Diagnostic(
                code="unknown-standard",
                message=f"there is no standard playbook '{language}'",
                hint="use one of: " + ", ".join(f"standard:{lang}" for lang in LANGUAGES),
            )
        )
    path = rules_root() / language
    if not path.is_dir():
        raise LoadError(
            Diagnostic(code="standard-missing", message=f"the standard playbook is not installed at {path}",
                       hint="reinstall the package: pip install --force-reinstall complaint-playbook")
        )
    return path


def resolve_reference(reference: str) -> Path:
    """``standard:zh`` → the path of that playbook (used by ``extends``)."""
    prefix = "standard:"
    if reference.startswith(prefix):
        return standard_path(reference[len(prefix):])
    raise LoadError(Diagnostic(code="unknown-standard", message=f"'{reference}' is not a standard playbook"))
