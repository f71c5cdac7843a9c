"""Age, schooling and labour (AGE)."""

from fangfanpin.quality.rules import Rule

RULES: tuple[Rule, ...] = ()
