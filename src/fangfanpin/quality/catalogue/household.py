"""Household structure (HH)."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
