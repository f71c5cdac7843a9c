"""Department comparison (DEPT) — 账实相符, and department warnings."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
