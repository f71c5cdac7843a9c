"""Missing fields (EMPTY): what a member, a household, a monitored or an eliminated household must have."""

from fangfanpin.core.enums import INCOME_ITEMS
from fangfanpin.quality.catalogue.fragments import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, blank, missing_fields
from fangfanpin.quality.models import Severity
from fangfanpin.quality.rules import Rule, Subject

MEMBER_FIELDS = (
    ("与户主关系", blank("m.relation")),
    ("民族", blank("m.ethnicity")),
    ("健康状况", blank("m.health")),
    ("劳动技能", blank("m.labour_skill")),
)
# Schooling is told by any one of the three (an adult has 文化程度, a child 在校生状况 or a reason).
NO_SCHOOLING = " AND ".join(blank(f"m.{c}") for c in ("education", "school_status", "out_of_school_reason"))

HOUSEHOLD_FIELDS = (
    ("户类型", blank("h.kind")),
    ("是否解决安全饮用水", "h.safe_water IS NULL"),
    ("是否危房户", "h.unsafe_housing IS NULL"),
    ("住房面积", "h.housing_area IS NULL"),
    ("入户路类型", blank("h.road_kind")),
    ("耕地面积（亩）", "h.arable_land IS NULL"),
)

# Every income item of the glossary, 理赔收入 and 合规自付支出 included: an empty cell is not a 0, and the
# 突发严重困难户 decision and RISK-04 read 合规自付支出.
MONITORED_FIELDS = (
    ("识别监测时间", "h.identified_month IS NULL"),
    ("致贫/返贫风险1", blank("h.risk1")),
    *((title, f"h.{column} IS NULL") for column, title in INCOME_ITEMS.items()),
)

ELIMINATED_FIELDS = (
    ("消除监测时间", "h.eliminated_month IS NULL"),
    ("风险消除方式", blank("h.elimination_way")),
    ("风险消除后人均纯收入", "h.el_per_capita IS NULL"),
    ("监测联系人", blank("h.contact_name")),
    ("监测联系人电话", blank("h.contact_phone")),
)


def _household_rule(code: str, title: str, fields: tuple[tuple[str, str], ...], where: str) -> Rule:
    """A household rule naming every field of `fields` that is empty, for the households `where` selects."""
    return Rule(
        code=code,
        title=title,
        severity=Severity.ERROR,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT x.subject, x.household_id, x.village_code, x.id_number, x.name, '未填写：' || x.lacking AS description
FROM (SELECT {HOUSEHOLD_COLUMNS}, {missing_fields(fields)} AS lacking FROM hh h WHERE {where}) x
WHERE x.lacking <> ''
""",
    )


def _risk_detail(risk: str, column: str, field_title: str) -> str:
    """A household that lists `risk` among its five risks but leaves `column` empty."""
    return f"""
SELECT h.subject || ':{risk}' AS subject, h.household_id, h.village_code,
       CAST(NULL AS VARCHAR) AS id_number, CAST(NULL AS VARCHAR) AS name,
       '致贫/返贫风险含“{risk}”，未填写{field_title}' AS description
FROM hh h
WHERE '{risk}' IN (h.risk1, h.risk2, h.risk3, h.risk4, h.risk5) AND {blank(column)}
"""


RULES = (
    Rule(
        code="EMPTY-01",
        title="成员必填项为空",
        severity=Severity.ERROR,
        subject=Subject.MEMBER,
        sql=f"""
SELECT x.subject, x.household_id, x.village_code, x.id_number, x.name,
       concat_ws('；', CASE WHEN x.lacking <> '' THEN '未填写：' || x.lacking END,
                 CASE WHEN x.no_schooling THEN '文化程度、在校生状况、义务教育阶段未上学原因均为空' END)
           AS description
FROM (SELECT {MEMBER_COLUMNS}, {missing_fields(MEMBER_FIELDS)} AS lacking, ({NO_SCHOOLING}) AS no_schooling
      FROM mem m
      WHERE m.registered AND ({" OR ".join(condition for _, condition in MEMBER_FIELDS)} OR ({NO_SCHOOLING}))) x
""",
    ),
    _household_rule("EMPTY-02", "户必填项为空", HOUSEHOLD_FIELDS, "TRUE"),
    _household_rule("EMPTY-03", "监测户识别信息或收入为空", MONITORED_FIELDS, "h.monitored"),
    _household_rule("EMPTY-04", "风险消除信息为空", ELIMINATED_FIELDS, "h.is_eliminated"),
    Rule(
        code="EMPTY-05",
        title="风险子项或备注为空",
        severity=Severity.DOUBT,
        subject=Subject.HOUSEHOLD,
        sql=_risk_detail("因自然灾害", "h.disaster_subtype", "因自然灾害子项")
        + "UNION ALL"
        + _risk_detail("其他", "h.other_remark", "其他备注"),
    ),
)
