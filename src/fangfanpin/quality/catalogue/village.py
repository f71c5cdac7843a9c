"""Village (VIL) — 账账相符."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
