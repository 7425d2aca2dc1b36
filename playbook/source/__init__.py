"""Reading playbook sources: YAML/JSON files, folders and ``extends`` chains, with positions.

The pipeline's first two steps live here. :func:`load_tree` (or :func:`read_yaml` for
text in memory) produces a :class:`SourceTree`, plain data plus the span of every node;
:func:`validate` checks it against a pydantic model and turns each error into a located,
plain-English :class:`~playbook.errors.Diagnostic`.
"""

from playbook.source.limits import DEFAULT_LIMITS, Limits
from playbook.source.loader import load_tree, read_document, read_file
from playbook.source.tree import DocPath, NodeSpan, SourceTree
from playbook.source.validate import validate
from playbook.source.yaml_reader import read_yaml

__all__ = [
    "DEFAULT_LIMITS",
    "DocPath",
    "Limits",
    "NodeSpan",
    "SourceTree",
    "load_tree",
    "read_document",
    "read_file",
    "read_yaml",
    "validate",
]
