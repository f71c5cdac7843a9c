"""Measures (MEAS) — 一户一策: each monitored household has measures, and they fit its risks and members."""

from fangfanpin.core.enums import DEVELOPMENT_MEASURES, EXPECTED_MEASURES, MEASURE_DONE, MEASURES, RISKS
from fangfanpin.quality.catalogue.household_fragments import (
    either,
    filled,
    has_risk,
    household_rule,
    lists,
    month_text,
    months_between,
)
from fangfanpin.quality.models import Severity
from fangfanpin.quality.prelude import MEASURE_COLUMNS
from fangfanpin.quality.rules import Param, Rule, Subject
from fangfanpin.registry.models import HouseholdYear

DIBAO, TEKUN, DISABILITY_ALLOWANCE = MEASURES["综合保障"][:3]
YULU = MEASURES["教育帮扶"][0]  # 雨露计划
NOT_STARTED = MEASURE_DONE[1]
SECURITY = MEASURE_COLUMNS["综合保障"]

# The 三保障 flags of EXPECTED_MEASURES (the keys that are not risks) and the household_year column of each.
FLAG_COLUMNS = {"义务教育阶段失学辍学": "out_of_school", "有成员未参加基本医疗保险": "uninsured_member"}
assert set(EXPECTED_MEASURES) - set(RISKS) == set(FLAG_COLUMNS)
FLAG_TITLES = {
    f.name: str(f.verbose_name)
    for f in HouseholdYear._meta.concrete_fields
    if f.name in FLAG_COLUMNS.values()
}


def _measure_missing(key: str, measures: tuple[str, ...]) -> str:
    """The monitored households with risk (or flag) `key` and none of its expected measures."""
    if key in RISKS:
        condition, fact = has_risk(key), f"致贫/返贫风险含{key}"
    else:
        column = FLAG_COLUMNS[key]
        condition, fact = f"h.{column}", f"{FLAG_TITLES[column]}为“是”"
    missing = " AND ".join(f"NOT {filled(MEASURE_COLUMNS[m])}" for m in measures)
    return f"""
SELECT h.subject || ':{key}' AS subject, h.household_id, h.village_code,
       CAST(NULL AS VARCHAR) AS id_number, CAST(NULL AS VARCHAR) AS name,
       '{fact}，未落实{either(measures)}' AS description
FROM hh h
WHERE h.monitored AND {condition} AND {missing}"""


# Generated from the expected-measure table (GLOSSARY, core/enums): one finding per risk or flag.
MEAS_02 = Rule(
    code="MEAS-02",
    title="风险未落实相应帮扶措施",
    severity=Severity.DOUBT,
    subject=Subject.HOUSEHOLD,
    sql="\nUNION ALL".join(_measure_missing(k, m) for k, m in EXPECTED_MEASURES.items()) + "\n",
)


def _assistance_vs_measure(item: str, count: str) -> str:
    """综合保障 lists `item` but no registered member enjoys it, or the reverse; one finding per item."""
    listed = lists(SECURITY, item)
    return f"""
SELECT h.subject || ':{item}' AS subject, h.household_id, h.village_code,
       CAST(NULL AS VARCHAR) AS id_number, CAST(NULL AS VARCHAR) AS name,
       CASE WHEN {listed} THEN '综合保障中有{item}，但在册成员均未享受{item}'
            ELSE CAST(h.{count} AS VARCHAR) || '名在册成员享受{item}，但综合保障中没有{item}' END AS description
FROM hh h
WHERE h.monitored AND (({listed} AND h.{count} = 0) OR (NOT {listed} AND h.{count} > 0))"""


# Monitored households only: a 低保 household that is not monitored carries no measures at all, so the
# reverse direction (enjoys it, measure missing) would report every one of them.
MEAS_04 = Rule(
    code="MEAS-04",
    title="综合保障与享受低保或特困供养不符",
    severity=Severity.DOUBT,
    subject=Subject.HOUSEHOLD,
    sql=_assistance_vs_measure(DIBAO, "n_dibao")
    + "\nUNION ALL"
    + _assistance_vs_measure(TEKUN, "n_tekun")
    + "\n",
)

EMPLOYMENT, PUBLIC_JOB = MEASURE_COLUMNS["就业帮扶"], MEASURE_COLUMNS["公益岗位帮扶"]

RULES = (
    household_rule(
        "MEAS-01",
        "监测对象未落实帮扶措施",
        Severity.ERROR,
        f"'识别监测时间' || {month_text('identified_month')} || '，未落实任何帮扶措施'",
        f"h.not_eliminated AND NOT h.has_measure AND {months_between('h.identified_month', ':ref_date')} >= :months",
        (Param("months", "识别后应落实措施的期限（月）", 1),),
    ),
    MEAS_02,
    household_rule(
        "MEAS-03",
        "有劳动力但未落实开发式帮扶措施",
        Severity.DOUBT,
        f"""'在册成员中有' || CAST(h.n_labour AS VARCHAR) || '名劳动力，' || concat_ws('，',
           CASE WHEN NOT h.has_development_measure
                THEN '未落实{either(DEVELOPMENT_MEASURES)}等开发式帮扶措施' END,
           CASE WHEN h.development_done = '{NOT_STARTED}' THEN '实施开发式帮扶措施情况为“{NOT_STARTED}”' END)""",
        f"h.not_eliminated AND h.n_labour > 0 AND (NOT h.has_development_measure OR h.development_done = '{NOT_STARTED}')",
    ),
    MEAS_04,
    household_rule(
        "MEAS-05",
        "有残疾人补贴但无残疾成员",
        Severity.DOUBT,
        f"'综合保障中有{DISABILITY_ALLOWANCE}，但在册成员的健康状况均不含残疾'",
        f"{lists(SECURITY, DISABILITY_ALLOWANCE)} AND h.n_disabled = 0",
    ),
    household_rule(
        "MEAS-06",
        "有就业或公益岗位帮扶但无成员务工",
        Severity.DOUBT,
        f"""'已落实' || concat_ws('、',
           CASE WHEN {filled(EMPLOYMENT)} THEN '就业帮扶（' || h.{EMPLOYMENT} || '）' END,
           CASE WHEN {filled(PUBLIC_JOB)} THEN '公益岗位帮扶（' || h.{PUBLIC_JOB} || '）' END)
           || '，但在册成员均无务工时间或公益性岗位'""",
        f"({filled(EMPLOYMENT)} OR {filled(PUBLIC_JOB)}) AND h.n_working = 0",
    ),
    household_rule(
        "MEAS-07",
        "有雨露计划但无中职或高职高专在校生",
        Severity.DOUBT,
        f"'教育帮扶中有{YULU}，但在册成员中没有中职或高职高专在校生'",
        f"{lists(MEASURE_COLUMNS['教育帮扶'], YULU)} AND h.n_vocational = 0",
    ),
)
