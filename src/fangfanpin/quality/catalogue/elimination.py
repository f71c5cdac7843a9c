"""Elimination (ELIM) — 应退尽退."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
