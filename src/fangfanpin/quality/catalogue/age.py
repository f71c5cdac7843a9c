"""Age, schooling and labour (AGE): what a member's age says about their labour, school and education.

Ages are full years at the run's reference date (30 September), and at 1 September for the school rules
AGE-04 and AGE-05 (`school_age`). A member without a usable birth date is not judged by age.
"""

from fangfanpin.quality.catalogue.fragments import MEMBER_COLUMNS, blank, field_is, number
from fangfanpin.quality.models import Severity
from fangfanpin.quality.rules import Param, Rule, Subject

AGE = "'年龄' || CAST(m.age AS VARCHAR) || '岁'"
SCHOOL_AGE = "'年龄' || CAST(m.school_age AS VARCHAR) || '岁（按' || CAST(:school_date AS VARCHAR) || '计）'"
SKILL = field_is("劳动技能", "m.labour_skill")
SCHOOL = field_is("在校生状况", "m.school_status")

# AGE-05: each school level with the lowest and highest fitting age (NULL: no bound), as parameters.
PRESCHOOL = "m.school_status IN ('学龄前儿童', '学前教育')"
SCHOOL_LEVELS = (
    (PRESCHOOL, None, "preschool_max_age"),
    ("m.school_status = '小学'", "primary_min_age", "primary_max_age"),
    ("m.school_status IN ('七年级', '八年级', '九年级')", "middle_min_age", "middle_max_age"),
    ("(m.school_status LIKE '普通高中%' OR m.school_status LIKE '中职%')", "high_min_age", "high_max_age"),
    (
        "(m.school_status LIKE '高职高专%' OR m.school_status LIKE '技师学院%' OR m.school_status LIKE '本科%')",
        "college_min_age",
        None,
    ),
    ("m.school_status = '硕士研究生及以上'", "graduate_min_age", None),
)
SCHOOL_AGE_PARAMS = (
    Param("preschool_max_age", "学龄前儿童/学前教育最大年龄（岁）", 6),
    Param("primary_min_age", "小学最小年龄（岁）", 6),
    Param("primary_max_age", "小学最大年龄（岁）", 14),
    Param("middle_min_age", "七至九年级最小年龄（岁）", 11),
    Param("middle_max_age", "七至九年级最大年龄（岁）", 17),
    Param("high_min_age", "高中/中职最小年龄（岁）", 14),
    Param("high_max_age", "高中/中职最大年龄（岁）", 20),
    Param("college_min_age", "高职高专/技师学院/本科最小年龄（岁）", 16),
    Param("graduate_min_age", "硕士研究生及以上最小年龄（岁）", 20),
)


def _bound(index: int) -> str:
    """The CASE giving each member's lowest (index 1) or highest (index 2) fitting age for their level."""
    arms = " ".join(f"WHEN {level[0]} THEN :{level[index]}" for level in SCHOOL_LEVELS if level[index])
    return f"CASE {arms} END"


# 高中/中职 and below: the levels at which a student should not be working.
SCHOOL_UP_TO_HIGH = (
    "(m.school_status IN ('小学', '七年级', '八年级', '九年级') "
    "OR m.school_status LIKE '普通高中%' OR m.school_status LIKE '中职%')"
)

RULES = (
    Rule(
        code="AGE-01",
        title="未成年人有劳动能力",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=(Param("min_labour_age", "劳动年龄下限（岁）", 16),),
        sql=f"""
SELECT {MEMBER_COLUMNS},
       {AGE} || '，' || {SKILL} || '（未满' || CAST(:min_labour_age AS VARCHAR) || '岁应为无劳动力）' AS description
FROM mem m
WHERE m.registered AND m.age < :min_labour_age
  AND NOT {blank("m.labour_skill")} AND m.labour_skill <> '无劳动力'
""",
    ),
    Rule(
        code="AGE-02",
        title="高龄人员为普通或技能劳动力",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=(Param("old_age", "高龄起始年龄（岁）", 65),),
        sql=f"""
SELECT {MEMBER_COLUMNS}, {AGE} || '，' || {SKILL} AS description
FROM mem m
WHERE m.registered AND m.age >= :old_age AND m.strong_labour
""",
    ),
    Rule(
        code="AGE-03",
        title="劳动年龄内健康人员无劳动能力",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=(
            Param("labour_min_age", "劳动年龄下限（岁）", 16),
            Param("labour_max_age", "劳动年龄上限（岁）", 59),
        ),
        sql=f"""
SELECT {MEMBER_COLUMNS}, {AGE} || '，健康，不在校，' || {SKILL} AS description
FROM mem m
WHERE m.registered AND m.age BETWEEN :labour_min_age AND :labour_max_age AND m.healthy AND NOT m.is_student
  AND m.labour_skill IN ('无劳动力', '丧失劳动力', '弱劳动力或半劳动力')
""",
    ),
    # The compulsory ages are the prelude's (out_of_school_child), shared with GAP-04, RISK-07 and ELIM-03.
    Rule(
        code="AGE-04",
        title="义务教育阶段适龄儿童失学辍学",
        severity=Severity.ERROR,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       {SCHOOL_AGE} || '，' || {SCHOOL} || '，未填写义务教育阶段未上学原因' AS description
FROM mem m
WHERE m.registered AND m.out_of_school_child
""",
    ),
    Rule(
        code="AGE-05",
        title="在校生状况与年龄不符",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=SCHOOL_AGE_PARAMS,
        sql=f"""
SELECT x.subject, x.household_id, x.village_code, x.id_number, x.name,
       x.said || '（应' || CASE WHEN x.lo IS NULL THEN '不超过' || CAST(x.hi AS VARCHAR) || '岁'
                                WHEN x.hi IS NULL THEN '满' || CAST(x.lo AS VARCHAR) || '岁'
                                ELSE '为' || CAST(x.lo AS VARCHAR) || '–' || CAST(x.hi AS VARCHAR) || '岁' END
           || '）' AS description
FROM (SELECT {MEMBER_COLUMNS}, m.school_age, {SCHOOL_AGE} || '，' || {SCHOOL} AS said,
             {_bound(1)} AS lo, {_bound(2)} AS hi
      FROM mem m WHERE m.registered) x
WHERE x.school_age < x.lo OR x.school_age > x.hi
""",
    ),
    Rule(
        code="AGE-06",
        title="青少年健康但文化程度过低",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=(
            Param("young_min_age", "青少年年龄下限（岁）", 16),
            Param("young_max_age", "青少年年龄上限（岁）", 22),
        ),
        sql=f"""
SELECT {MEMBER_COLUMNS}, {AGE} || '，健康，' || {field_is("文化程度", "m.education")} AS description
FROM mem m
WHERE m.registered AND m.age BETWEEN :young_min_age AND :young_max_age AND m.healthy
  AND m.education IN ('文盲或半文盲', '小学')
""",
    ),
    Rule(
        code="AGE-07",
        title="在校生有劳动能力",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS}, {SCHOOL} || '，' || {SKILL} || '（在校生应为无劳动力）' AS description
FROM mem m
WHERE m.registered AND m.is_student AND NOT {blank("m.labour_skill")} AND m.labour_skill <> '无劳动力'
""",
    ),
    Rule(
        code="AGE-08",
        title="高中及以下在校生有务工时间",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS}, {SCHOOL} || '，务工时间' || {number("m.work_months")} || '个月' AS description
FROM mem m
WHERE m.registered AND {SCHOOL_UP_TO_HIGH} AND m.work_months > 0
""",
    ),
    Rule(
        code="AGE-09",
        title="因病因残未上学但健康",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       {field_is("义务教育阶段未上学原因", "m.out_of_school_reason")} || '，健康状况为“健康”' AS description
FROM mem m
WHERE m.registered AND m.out_of_school_reason IN ('因病', '因残') AND m.healthy
""",
    ),
)
