"""Elimination (ELIM) — 应退尽退, and stable: an eliminated household meets the conditions it was eliminated on."""

from fangfanpin.core.enums import MEASURES, EliminationWay
from fangfanpin.quality.catalogue.household_fragments import (
    OUT_OF_SCHOOL,
    UNINSURED,
    UNSAFE_HOUSING,
    amount,
    below_line,
    filled,
    household_rule,
    lists,
    month_text,
    months_between,
    zero_or_empty,
)
from fangfanpin.quality.models import Severity
from fangfanpin.quality.prelude import MEASURE_COLUMNS
from fangfanpin.quality.rules import Param

BY_ASSISTANCE, NATURAL = EliminationWay.BY_ASSISTANCE.value, EliminationWay.NATURAL.value
ELIMINATED_BY_ASSISTANCE = f"h.is_eliminated AND h.elimination_way = '{BY_ASSISTANCE}'"
MONTHS = months_between("h.identified_month", "h.eliminated_month")


def _named(words: dict[str, str]) -> str:
    """The words whose condition holds, joined by 、 (which of several measures a household has)."""
    return "concat_ws('、', " + ", ".join(f"CASE WHEN {c} THEN '{w}' END" for w, c in words.items()) + ")"


def _income_without(measures: dict[str, str], income: str, title: str) -> tuple[str, str]:
    """(condition, text): some of `measures` recorded, yet the after-elimination `income` is 0 or empty."""
    condition = f"({' OR '.join(measures.values())}) AND {zero_or_empty(income)}"
    return condition, f"'有' || {_named(measures)} || '，但{title}为' || {amount(income)}"


SECURITY = MEASURE_COLUMNS["综合保障"]
# ELIM-04's three pairs: measures whose effect shows in one after-elimination income.
INCOME_CHECKS = (
    _income_without(
        {m: filled(MEASURE_COLUMNS[m]) for m in ("就业帮扶", "公益岗位帮扶")},
        "el_wage_income",
        "风险消除后工资性收入",
    ),
    _income_without(
        {v: lists(SECURITY, v) for v in MEASURES["综合保障"][:3]},
        "el_transfer_income",
        "风险消除后转移性收入",
    ),
    _income_without(
        {"产业帮扶": filled(MEASURE_COLUMNS["产业帮扶"])}, "el_business_income", "风险消除后生产经营性收入"
    ),
)

STILL_LACKING = {
    f"'住房不安全（' || {UNSAFE_HOUSING} || '）'": "h.housing_unsafe",
    "'是否解决安全饮用水为“否”'": "h.water_unsafe",
    OUT_OF_SCHOOL: "h.n_out_of_school > 0",
    UNINSURED: "h.n_uninsured > 0",
}

RULES = (
    household_rule(
        "ELIM-01",
        "帮扶消除但风险消除后人均纯收入低于监测标准",
        Severity.ERROR,
        f"'风险消除方式为{BY_ASSISTANCE}，' || {below_line('el_per_capita', '风险消除后人均纯收入')}",
        f"{ELIMINATED_BY_ASSISTANCE} AND h.el_per_capita < h.line",
    ),
    household_rule(
        "ELIM-02",
        "识别后短期内即消除风险",
        Severity.DOUBT,
        f"""CASE WHEN {MONTHS} < 0
                THEN '消除监测时间' || {month_text("eliminated_month")} || '早于识别监测时间'
                     || {month_text("identified_month")}
                ELSE '识别监测时间' || {month_text("identified_month")} || '，消除监测时间'
                     || {month_text("eliminated_month")} || '，相隔' || CAST({MONTHS} AS VARCHAR)
                     || '个月，不足' || CAST(:months AS VARCHAR) || '个月' END""",
        f"h.is_eliminated AND {MONTHS} < :months",
        (Param("months", "识别至消除的最短间隔（月）", 6),),
    ),
    # The member-level problems are the prelude's (AGE-04's out-of-school child, INS-01's uninsured
    # member), as GAP-04/05 read them; housing as GAP-02 (是否危房户 是 or 危房等级 C/D).
    household_rule(
        "ELIM-03",
        "已消除风险但“两不愁三保障”及饮水安全未保障",
        Severity.ERROR,
        "'已标注风险消除，但' || concat_ws('；', "
        + ", ".join(f"CASE WHEN {c} THEN {text} END" for text, c in STILL_LACKING.items())
        + ")",
        f"h.is_eliminated AND ({' OR '.join(STILL_LACKING.values())})",
    ),
    household_rule(
        "ELIM-04",
        "已消除风险但帮扶措施对应的收入为0",
        Severity.DOUBT,
        "concat_ws('；', " + ", ".join(f"CASE WHEN {c} THEN {text} END" for c, text in INCOME_CHECKS) + ")",
        f"h.is_eliminated AND ({' OR '.join(f'({c})' for c, _ in INCOME_CHECKS)})",
    ),
    household_rule(
        "ELIM-05",
        "帮扶消除但从未落实帮扶措施",
        Severity.ERROR,
        f"'风险消除方式为{BY_ASSISTANCE}，但未填写任何帮扶措施'",
        f"{ELIMINATED_BY_ASSISTANCE} AND NOT h.has_measure",
    ),
    # Ours: RULES.md's ELIM-01 speaks of 帮扶消除; a 自然消除 below the line is as doubtful (the risk is
    # said to have vanished by itself, yet the income after it is below the line), but less certain.
    household_rule(
        "ELIM-06",
        "自然消除但风险消除后人均纯收入低于监测标准",
        Severity.DOUBT,
        f"'风险消除方式为{NATURAL}，' || {below_line('el_per_capita', '风险消除后人均纯收入')}",
        f"h.is_eliminated AND h.elimination_way = '{NATURAL}' AND h.el_per_capita < h.line",
    ),
)
