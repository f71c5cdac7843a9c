"""Insurance and disability (INS, DIS): basic medical insurance, and the disability a member is recorded with."""

from fangfanpin.core.enums import (
    DISABILITY_CERT,
    DISABILITY_GRADES,
    DISABILITY_KINDS,
    SEVERE_DISABILITY_GRADES,
)
from fangfanpin.quality.catalogue.fragments import MEMBER_COLUMNS, blank, field_is, flag, sql_list
from fangfanpin.quality.models import Severity
from fangfanpin.quality.rules import Rule, Subject

INSURANCE = (
    "'是否参加城乡居民基本医疗保险为“' || "
    + flag("m.resident_medical")
    + " || '”，是否参加城镇职工基本医疗保险为“' || "
    + flag("m.employee_medical")
    + " || '”'"
)


def _from_certificate(position: int, values: tuple[str, ...]) -> str:
    """The value a 残疾人证号's digit at `position` stands for (1 = the first of `values`), else NULL."""
    arms = " ".join(f"WHEN '{i}' THEN '{v}'" for i, v in enumerate(values, start=1))
    return f"CASE substr(m.id_number, {position}, 1) {arms} END"


CERTIFICATE = f"""
SELECT m.*, {_from_certificate(19, DISABILITY_KINDS)} AS cert_kind, {_from_certificate(20, DISABILITY_GRADES)} AS cert_grade
FROM mem m WHERE m.registered AND m.id_len IN (20, 22)
"""

RULES = (
    Rule(
        code="INS-01",
        title="未参加基本医疗保险",
        severity=Severity.ERROR,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS}, {INSURANCE} AS description
FROM mem m
WHERE m.registered AND m.uninsured
""",
    ),
    Rule(
        code="INS-02",
        title="重复参加基本医疗保险",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS}, '同时参加城乡居民基本医疗保险和城镇职工基本医疗保险' AS description
FROM mem m
WHERE m.registered AND m.resident_medical AND m.employee_medical
""",
    ),
    Rule(
        code="INS-03",
        title="未参保却接受医疗救助",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS}, {INSURANCE} || '，是否接受医疗救助为“是”' AS description
FROM mem m
WHERE m.registered AND m.uninsured AND m.medical_aid
""",
    ),
    Rule(
        code="DIS-01",
        title="残疾人无残疾证件和类别",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       {field_is("健康状况", "m.health")} || '，' || {field_is("证件类型", "m.id_kind")} || '，残疾类别为空'
           AS description
FROM mem m
WHERE m.registered AND m.disabled AND COALESCE(m.id_kind, '') <> '{DISABILITY_CERT}' AND {blank("m.disability_kind")}
""",
    ),
    Rule(
        code="DIS-02",
        title="重度肢体残疾为普通或技能劳动力",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '肢体' || m.disability_grade || '残疾，' || {field_is("劳动技能", "m.labour_skill")} AS description
FROM mem m
WHERE m.registered AND m.disability_kind = '肢体' AND m.disability_grade IN {sql_list(SEVERE_DISABILITY_GRADES)}
  AND m.strong_labour
""",
    ),
    # Ours: the 残疾人证号 itself tells the category (19th digit) and grade (20th); a number that ID-03
    # already refuses (a digit out of range) is left to it.
    Rule(
        code="DIS-03",
        title="残疾类别或等级与残疾人证号不符",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '残疾人证号表示' || m.cert_kind || m.cert_grade || '残疾，' || {field_is("残疾类别", "m.disability_kind")}
           || '，' || {field_is("残疾等级", "m.disability_grade")} AS description
FROM ({CERTIFICATE}) m
WHERE m.cert_kind IS NOT NULL AND m.cert_grade IS NOT NULL
  AND (COALESCE(m.disability_kind, '') <> m.cert_kind OR COALESCE(m.disability_grade, '') <> m.cert_grade)
""",
    ),
)
