"""playbook: complaint-handling policy as declarative YAML, applied to customer cases."""

__version__ = "0.1.0"
