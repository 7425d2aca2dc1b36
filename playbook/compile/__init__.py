"""Compile stage: validated source models → immutable, evaluation-ready objects.

The compiler is an ordered list of small named stages (:mod:`.stages`), each returning its
diagnostics, so each can be tested alone and the whole run reports every problem at once.
"""
