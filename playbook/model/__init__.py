"""Source models: pydantic mirrors of the playbook YAML (``extra="forbid"``).

They are what the JSON Schema is generated from and what validation reports against.
Compiled, evaluation-ready objects live in :mod:`playbook.compile`.
"""
