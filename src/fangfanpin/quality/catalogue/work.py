"""Work (WORK)."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
