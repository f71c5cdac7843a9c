"""Pieces of household-level rule SQL that the GAP, CAT/RISK, MEAS, ELIM and INC groups repeat (over `hh h`)."""

from __future__ import annotations

from collections.abc import Sequence

from fangfanpin.core.enums import REMOVED_CATEGORY
from fangfanpin.quality.catalogue.fragments import HOUSEHOLD_COLUMNS, money
from fangfanpin.quality.models import Severity
from fangfanpin.quality.rules import Param, Rule, Subject

# What a household that is not monitored is, in a description: never included, or removed (清退).
UNMONITORED = f"CASE WHEN h.category = '{REMOVED_CATEGORY}' THEN '已清退' ELSE '未纳入监测' END"


def household_rule(
    code: str, title: str, severity: Severity, description: str, where: str, params: tuple[Param, ...] = ()
) -> Rule:
    """A rule with one finding per household of `hh h` where `where` holds."""
    return Rule(
        code=code,
        title=title,
        severity=severity,
        subject=Subject.HOUSEHOLD,
        params=params,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       {description} AS description
FROM hh h
WHERE {where}
""",
    )


# Why a house is unsafe, as recorded: '是否危房户为“是”，危房等级为D' (either part alone when so).
UNSAFE_HOUSING = """concat_ws('，', CASE WHEN h.unsafe_housing THEN '是否危房户为“是”' END,
                    CASE WHEN COALESCE(h.housing_grade, '') <> '' THEN '危房等级为' || h.housing_grade END)"""
# The members behind the prelude's counts of out-of-school children and uninsured members, by name.
OUT_OF_SCHOOL = """CAST(h.n_out_of_school AS VARCHAR) || '名义务教育阶段适龄儿童少年失学辍学（'
                   || h.out_of_school_names || '）'"""
UNINSURED = "CAST(h.n_uninsured AS VARCHAR) || '名在册成员未参加基本医疗保险（' || h.uninsured_names || '）'"


def has_risk(risk: str) -> str:
    """True when one of the household's five risks is `risk` (h.risks joins them with 、)."""
    return f"('、' || h.risks || '、') LIKE '%、{risk}、%'"


def filled(column: str) -> str:
    """True when a measure (or other text) column of the household holds something."""
    return f"COALESCE(h.{column}, '') <> ''"


def lists(column: str, value: str) -> str:
    """True when a multi-value measure column (values joined by 、) names `value`."""
    return f"COALESCE(h.{column}, '') LIKE '%{value}%'"


def zero_or_empty(column: str) -> str:
    """True when an amount is 0 or was left empty (both mean nothing was recorded)."""
    return f"COALESCE(h.{column}, 0) = 0"


def amount(column: str) -> str:
    """An amount as it reads in a description: '5210.00元', or '空' when empty."""
    return f"COALESCE({money(f'h.{column}')} || '元', '空')"


def below_line(column: str, title: str) -> str:
    """'人均纯收入5210.00元，低于监测标准6000.00元' for the amount in `column`."""
    return f"'{title}' || {money(f'h.{column}')} || '元，低于监测标准' || {money('h.line')} || '元'"


def month_text(column: str) -> str:
    """A month (识别监测时间, 消除监测时间) as 2021-05."""
    return f"substr(CAST(h.{column} AS VARCHAR), 1, 7)"


def months_between(start: str, end: str) -> str:
    """Full months from `start` to `end` (portable: no date_diff)."""
    return (
        f"(year({end}) * 12 + month({end}) - year({start}) * 12 - month({start})"
        f" - CASE WHEN day({end}) < day({start}) THEN 1 ELSE 0 END)"
    )


def either(words: Sequence[str]) -> str:
    """'健康帮扶、社会帮扶或综合保障': a list of alternatives in Chinese."""
    return words[0] if len(words) == 1 else "、".join(words[:-1]) + "或" + words[-1]
