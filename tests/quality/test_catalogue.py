"""The catalogue holds every rule of RULES.md with its code and severity, and each rule is well formed."""

import re

import pytest

from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.runner import run_constants

# RULES.md, copied: code and severity of every required rule.
REQUIRED = (
    ("ID-01", "错误"),
    ("ID-02", "错误"),
    ("ID-03", "错误"),
    ("ID-04", "错误"),
    ("ID-05", "疑点"),
    ("ID-06", "疑点"),
    ("HH-01", "错误"),
    ("HH-02", "错误"),
    ("HH-03", "疑点"),
    ("HH-04", "疑点"),
    ("HH-05", "疑点"),
    ("HH-06", "疑点"),
    ("HH-07", "疑点"),
    ("HH-08", "疑点"),
    ("EMPTY-01", "错误"),
    ("EMPTY-02", "错误"),
    ("EMPTY-03", "错误"),
    ("EMPTY-04", "错误"),
    ("EMPTY-05", "疑点"),
    ("AGE-01", "疑点"),
    ("AGE-02", "疑点"),
    ("AGE-03", "疑点"),
    ("AGE-04", "错误"),
    ("AGE-05", "疑点"),
    ("AGE-06", "疑点"),
    ("AGE-07", "疑点"),
    ("AGE-08", "疑点"),
    ("AGE-09", "疑点"),
    ("INS-01", "错误"),
    ("INS-02", "疑点"),
    ("INS-03", "疑点"),
    ("DIS-01", "疑点"),
    ("DIS-02", "疑点"),
    ("WORK-01", "疑点"),
    ("WORK-02", "错误"),
    ("WORK-03", "疑点"),
    ("WORK-04", "疑点"),
    ("WORK-05", "疑点"),
    ("WORK-06", "疑点"),
    ("WORK-07", "疑点"),
    ("WORK-08", "错误"),
    ("WORK-09", "疑点"),
    ("GAP-01", "错误"),
    ("GAP-02", "错误"),
    ("GAP-03", "错误"),
    ("GAP-04", "错误"),
    ("GAP-05", "错误"),
    ("GAP-06", "疑点"),
    ("GAP-07", "错误"),
    ("GAP-08", "疑点"),
    ("CAT-01", "错误"),
    ("CAT-02", "疑点"),
    ("CAT-03", "疑点"),
    ("RISK-01", "错误"),
    ("RISK-02", "疑点"),
    ("RISK-03", "疑点"),
    ("RISK-04", "疑点"),
    ("RISK-05", "疑点"),
    ("RISK-06", "疑点"),
    ("RISK-07", "疑点"),
    ("RISK-08", "疑点"),
    ("MEAS-01", "错误"),
    ("MEAS-02", "疑点"),
    ("MEAS-03", "疑点"),
    ("MEAS-04", "疑点"),
    ("MEAS-05", "疑点"),
    ("MEAS-06", "疑点"),
    ("MEAS-07", "疑点"),
    ("ELIM-01", "错误"),
    ("ELIM-02", "疑点"),
    ("ELIM-03", "错误"),
    ("ELIM-04", "疑点"),
    ("ELIM-05", "错误"),
    ("INC-01", "错误"),
    ("INC-02", "疑点"),
    ("INC-03", "疑点"),
    ("INC-04", "疑点"),
    ("INC-05", "疑点"),
    ("LAND-01", "疑点"),
    ("LAND-02", "疑点"),
    ("VIL-01", "错误"),
    ("VIL-02", "错误"),
    ("VIL-03", "疑点"),
    ("PROC-01", "错误"),
    ("PROC-02", "错误"),
    ("PROC-03", "错误"),
    ("PROC-04", "错误"),
    ("PROC-05", "疑点"),
    ("LOC-01", "疑点"),
    ("LOC-02", "疑点"),
    ("DEPT-01", "错误"),
    ("DEPT-02", "疑点"),
    ("DEPT-03", "疑点"),
    ("DEPT-04", "疑点"),
    ("DEPT-05", "错误"),
    ("DEPT-06", "疑点"),
    ("DEPT-07", "疑点"),
    ("DEPT-08", "疑点"),
    ("DEPT-09", "疑点"),
    ("DEPT-10", "疑点"),
    ("DEPT-11", "疑点"),
    ("DEPT-12", "疑点"),
    ("DEPT-13", "疑点"),
    ("DEPT-14", "提示"),
    ("DEPT-15", "疑点"),
    ("DEPT-16", "疑点"),
    ("DEPT-17", "疑点"),
)


def test_every_required_rule_is_there_with_its_severity():
    assert [(code, CATALOGUE.rules[code].severity) for code, _ in REQUIRED] == list(REQUIRED)


def test_rules_beyond_rules_md_continue_their_group_numbering():
    extra = sorted(set(CATALOGUE.rules) - {code for code, _ in REQUIRED})
    assert extra == ["DEPT-18", "DEPT-19", "DEPT-20", "DIS-03", "ELIM-06", "GAP-09", "RISK-09", "WORK-10"]


@pytest.mark.parametrize("code", list(CATALOGUE.rules))
def test_each_rule_has_a_chinese_title_and_uses_exactly_the_parameters_it_declares(code):
    rule = CATALOGUE.rules[code]
    assert "\u4e00" <= rule.title[0] <= "\u9fff"
    assert all(p.title for p in rule.params)
    used = set(re.findall(r"(?<![:\w]):([a-z_][a-z0-9_]*)\b", rule.sql))
    assert {p.name for p in rule.params} <= used
    rule.query(run_constants(2021), {})  # raises KeyError on a parameter it does not declare
