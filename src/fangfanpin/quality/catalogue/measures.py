"""Measures (MEAS) — 一户一策."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
