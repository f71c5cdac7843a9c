"""Insurance and disability (INS, DIS)."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
