"""Lint checks, one module each. The registry in :mod:`playbook.lint.registry` lists them."""
