"""Procedure and location (PROC, LOC)."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
