"""Income and land (INC, LAND)."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
