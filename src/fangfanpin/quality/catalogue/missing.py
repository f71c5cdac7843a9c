"""Missing fields (EMPTY)."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
