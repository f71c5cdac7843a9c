"""Should be monitored (GAP) — 应纳尽纳."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
