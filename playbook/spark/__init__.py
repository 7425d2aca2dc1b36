"""The audit on a Spark DataFrame, for archives bigger than one machine.

>>> from playbook import Playbook
>>> from playbook.spark import audit_dataframe
>>> result = audit_dataframe(spark.read.json("s3://archive/cases/"), Playbook.standard("zh"))  # doctest: +SKIP
>>> result.decisions.write.parquet("s3://audit/decisions/")                                    # doctest: +SKIP

The playbook travels to the executors pickled (by its validated source and content hash)
inside the task closure and is compiled once per Python worker (cached by content hash), not
once per row. Partitions go through ``mapInArrow``: Arrow batches in and out, no pandas.
Each row yields the same decision, violation rows and rejects as ``playbook audit`` on the same
input (the tests compare the two), because both call :func:`playbook.audit.records.decide_unit`.

Inputs:

- a DataFrame with one case per row, either one JSON string column (``case_column``) or
  flat columns named like case fields / mapped by a :class:`~playbook.audit.mapping.ColumnMapping`;
- a DataFrame of messages with a mapping that has a ``session`` column: rows are grouped
  by session (``groupBy`` + ``collect_list``) wherever they are in the DataFrame, and made a
  case by :func:`playbook.audit.sessions.session_case` (messages ordered by the mapping's
  ``order`` column, then by input position), as the local audit does.

Needs the ``spark`` extra (``pip install 'complaint-playbook[spark]'``).
"""

from __future__ import annotations

from .audit import SparkAudit, audit_dataframe

__all__ = ["SparkAudit", "audit_dataframe"]
