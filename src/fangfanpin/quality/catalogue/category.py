"""Category and risks (CAT, RISK): the 监测对象类别 fits the household, and its risks fit its members.

The risk rules (except RISK-07, about a 三保障 flag every household carries) read monitored households
only, eliminated ones included: the risks recorded at identification stay on the record.
"""

from fangfanpin.core.enums import HouseholdKind, MonitoringCategory
from fangfanpin.quality.catalogue.fragments import money
from fangfanpin.quality.catalogue.household_fragments import (
    UNSAFE_HOUSING,
    amount,
    has_risk,
    household_rule,
    zero_or_empty,
)
from fangfanpin.quality.models import Severity
from fangfanpin.quality.rules import Param, Rule, Subject

UNSTABLE, MARGINAL, SUDDEN = (c.value for c in MonitoringCategory)
LIFTED, ORDINARY = HouseholdKind.LIFTED.value, HouseholdKind.ORDINARY.value
RISKS_TEXT = "CASE WHEN h.risks = '' THEN '无' ELSE h.risks END"


def _risk_rule(
    code: str, title: str, risk: str, but: str, where: str, params: tuple[Param, ...] = ()
) -> Rule:
    """A doubt about a monitored household whose risk `risk` its members do not bear out."""
    return household_rule(
        code,
        title,
        Severity.DOUBT,
        f"'致贫/返贫风险含{risk}，但' || {but}",
        f"h.monitored AND {has_risk(risk)} AND {where}",
        params,
    )


def _identification_income(comparison: str) -> str:
    return f"'识别时人均纯收入' || {money('h.id_per_capita')} || '元，{comparison}监测标准' || {money('h.line')} || '元'"


# The line compared with 识别时人均纯收入 is the check year's (the snapshot holds that year's lines only);
# lines change rarely (6000 in 2020 and 2021), so a household identified last year is judged alike.
CATEGORY_RULES = (
    household_rule(
        "CAT-01",
        "监测对象类别与户类型不符",
        Severity.ERROR,
        f"""'户类型为' || h.kind || '，监测对象类别为' || h.category
           || CASE WHEN h.kind = '{ORDINARY}' THEN '（{UNSTABLE}须为{LIFTED}）'
                   ELSE '（{MARGINAL}须为{ORDINARY}）' END""",
        f"(h.category = '{UNSTABLE}' AND h.kind = '{ORDINARY}') OR (h.category = '{MARGINAL}' AND h.kind = '{LIFTED}')",
    ),
    household_rule(
        "CAT-02",
        "识别时收入高于监测标准却纳入脱贫不稳定户或边缘易致贫户",
        Severity.DOUBT,
        f"'监测对象类别为' || h.category || '，' || {_identification_income('高于')} || '（应为{SUDDEN}）'",
        f"h.category IN ('{UNSTABLE}', '{MARGINAL}') AND h.id_per_capita > h.line",
    ),
    household_rule(
        "CAT-03",
        "识别时收入低于监测标准却纳入突发严重困难户",
        Severity.DOUBT,
        f"""'监测对象类别为{SUDDEN}，' || {_identification_income("低于")} || '（应为'
           || CASE WHEN h.kind = '{LIFTED}' THEN '{UNSTABLE}' WHEN h.kind = '{ORDINARY}' THEN '{MARGINAL}'
                   ELSE '{UNSTABLE}或{MARGINAL}' END || '）'""",
        f"h.category = '{SUDDEN}' AND h.id_per_capita < h.line",
    ),
)

NONE_LABOUR = "'在册成员均无劳动能力'"

RISK_RULES = (
    household_rule(
        "RISK-01",
        "监测对象未填写致贫返贫风险",
        Severity.ERROR,
        "'监测对象类别为' || h.category || '，致贫/返贫风险1至5均为空'",
        "h.monitored AND h.risks = ''",
    ),
    _risk_rule(
        "RISK-02", "因残风险但无残疾成员", "因残", "'在册成员的健康状况均不含残疾'", "h.n_disabled = 0"
    ),
    _risk_rule("RISK-03", "因病风险但无患病成员", "因病", "'在册成员均无长期慢性病或大病'", "h.n_ill = 0"),
    _risk_rule(
        "RISK-04",
        "因病风险但合规自付支出为0",
        "因病",
        f"'合规自付支出为' || {amount('medical_expense')}",
        zero_or_empty("medical_expense"),
    ),
    _risk_rule(
        "RISK-05",
        "缺劳动力风险但劳动力过半",
        "缺劳动力",
        """'在册成员' || CAST(h.n_members AS VARCHAR) || '人中有' || CAST(h.n_strong_labour AS VARCHAR)
           || '人为普通劳动力或技能劳动力'""",
        "h.n_strong_labour * 100 > h.n_members * :labour_percent",
        (Param("labour_percent", "劳动力占在册成员比例上限（%）", 50),),
    ),
    _risk_rule("RISK-06", "务工就业不稳风险但无劳动力", "因务工就业不稳", NONE_LABOUR, "h.n_labour = 0"),
    household_rule(
        "RISK-07",
        "失学辍学标识与成员不符",
        Severity.DOUBT,
        "'是否义务教育阶段适龄儿童少年失学辍学为“是”，但在册成员中没有失学辍学的义务教育阶段适龄儿童少年'",
        "h.out_of_school AND h.n_out_of_school = 0",
    ),
)


def _missing_risk(risk: str, condition: str, fact: str) -> str:
    return f"""
SELECT h.subject || ':{risk}' AS subject, h.household_id, h.village_code,
       CAST(NULL AS VARCHAR) AS id_number, CAST(NULL AS VARCHAR) AS name,
       {fact} || '，但致贫/返贫风险中没有{risk}（已填风险：' || {RISKS_TEXT} || '）' AS description
FROM hh h
WHERE h.not_eliminated AND {condition} AND NOT {has_risk(risk)}"""


# One finding per missing risk, so that adding one risk closes its own finding. Unsafe housing is the
# shared predicate (是否危房户 是 or 危房等级 C/D), as in GAP-02 and ELIM-03: a C/D house is unsafe too.
RISK_08 = Rule(
    code="RISK-08",
    title="饮水或住房不安全但未标注相应风险",
    severity=Severity.DOUBT,
    subject=Subject.HOUSEHOLD,
    sql=_missing_risk("因安全饮水", "h.water_unsafe", "'是否解决安全饮用水为“否”'")
    + "\nUNION ALL"
    + _missing_risk(
        "因安全住房",
        "h.housing_unsafe",
        UNSAFE_HOUSING,
    )
    + "\n",
)

# Ours: as RISK-02/03 for 因学 — a household at risk because of schooling costs has someone at school.
RISK_09 = _risk_rule("RISK-09", "因学风险但无在校生", "因学", "'在册成员中没有在校生'", "h.n_students = 0")

RULES = (*CATEGORY_RULES, *RISK_RULES, RISK_08, RISK_09)
