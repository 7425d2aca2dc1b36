"""Auditing an archive of cases: readers, column mapping, grouping, checkpointed output."""
