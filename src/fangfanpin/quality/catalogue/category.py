"""Category and risks (CAT, RISK)."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
