"""Household structure (HH): the 户主, the 配偶, relations that contradict sex or age, and the head count."""

from fangfanpin.core.enums import FEMALE_ONLY_RELATIONS, MALE_ONLY_RELATIONS
from fangfanpin.quality.catalogue.fragments import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, sql_list
from fangfanpin.quality.models import Severity
from fangfanpin.quality.rules import Param, Rule, Subject


def _names_by_household(relation: str) -> str:
    """Per household: how many registered members have `relation`, and their names in a stable order."""
    return f"""
SELECT household_id, COUNT(*) AS n,
       array_to_string(list_sort(list(COALESCE(name, ''))), '、') AS names
FROM mem WHERE registered AND relation = '{relation}'
GROUP BY household_id
"""


# The one registered 户主 of a household (households with none or several are HH-01 and HH-02's).
SOLE_HEAD = """
SELECT household_id, MIN(COALESCE(name, '')) AS head_name, MIN(COALESCE(sex, '')) AS head_sex,
       MIN(birth) AS head_birth
FROM mem WHERE registered AND relation = '户主'
GROUP BY household_id HAVING COUNT(*) = 1
"""

# Full years from one birth date to another (the parent's age when the head was born).
_YEARS_BETWEEN = (
    "year(s.head_birth) - year(m.birth) - CASE WHEN month(m.birth) * 100 + day(m.birth) "
    "> month(s.head_birth) * 100 + day(s.head_birth) THEN 1 ELSE 0 END"
)

RULES = (
    Rule(
        code="HH-01",
        title="无户主",
        severity=Severity.ERROR,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       CASE WHEN h.n_members = 0 THEN '户内没有在册成员，也就没有户主'
            ELSE '在册成员' || CAST(h.n_members AS VARCHAR) || '人，其中没有户主' END AS description
FROM hh h
WHERE h.n_heads = 0
""",
    ),
    Rule(
        code="HH-02",
        title="户主多于一人",
        severity=Severity.ERROR,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       '在册户主有' || CAST(d.n AS VARCHAR) || '人：' || d.names AS description
FROM hh h JOIN ({_names_by_household("户主")}) d ON d.household_id = h.household_id
WHERE d.n > 1
""",
    ),
    Rule(
        code="HH-03",
        title="配偶多于一人",
        severity=Severity.DOUBT,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       '在册配偶有' || CAST(d.n AS VARCHAR) || '人：' || d.names AS description
FROM hh h JOIN ({_names_by_household("配偶")}) d ON d.household_id = h.household_id
WHERE d.n > 1
""",
    ),
    # Compared against the one head; with several heads HH-02 already asks for a fix first.
    Rule(
        code="HH-04",
        title="户主与配偶性别相同",
        severity=Severity.DOUBT,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       '户主' || s.head_name || '与配偶' || p.names || '性别同为“' || s.head_sex || '”' AS description
FROM hh h
JOIN ({SOLE_HEAD}) s ON s.household_id = h.household_id
JOIN (SELECT household_id, sex, array_to_string(list_sort(list(COALESCE(name, ''))), '、') AS names
      FROM mem WHERE registered AND relation = '配偶' GROUP BY household_id, sex) p
  ON p.household_id = h.household_id AND p.sex = s.head_sex
WHERE s.head_sex <> ''
""",
    ),
    Rule(
        code="HH-05",
        title="与户主关系与性别矛盾",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '与户主关系为“' || m.relation || '”，性别为“' || m.sex || '”' AS description
FROM mem m
WHERE m.registered
  AND ((m.relation IN {sql_list(FEMALE_ONLY_RELATIONS)} AND m.sex = '男')
       OR (m.relation IN {sql_list(MALE_ONLY_RELATIONS)} AND m.sex = '女'))
""",
    ),
    # Ages come from the birth dates (the ID's when valid); a member or head without one is not judged.
    Rule(
        code="HH-06",
        title="辈分与年龄矛盾",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=(Param("parent_min_gap", "父母至少比户主年长（岁）", 15),),
        sql=f"""
SELECT {MEMBER_COLUMNS},
       CASE WHEN m.relation IN ('之子', '之女')
                THEN m.relation || '出生于' || CAST(m.birth AS VARCHAR) || '，早于户主' || s.head_name
                     || '（出生于' || CAST(s.head_birth AS VARCHAR) || '）'
            WHEN m.birth >= s.head_birth
                THEN m.relation || '出生于' || CAST(m.birth AS VARCHAR) || '，不早于户主' || s.head_name
                     || '（出生于' || CAST(s.head_birth AS VARCHAR) || '）'
            ELSE m.relation || '出生于' || CAST(m.birth AS VARCHAR) || '，仅比户主' || s.head_name
                 || '（出生于' || CAST(s.head_birth AS VARCHAR) || '）大' || CAST({_YEARS_BETWEEN} AS VARCHAR)
                 || '岁，不足' || CAST(:parent_min_gap AS VARCHAR) || '岁'
       END AS description
FROM mem m JOIN ({SOLE_HEAD}) s ON s.household_id = m.household_id
WHERE m.registered AND m.birth IS NOT NULL AND s.head_birth IS NOT NULL
  AND ((m.relation IN ('之子', '之女') AND m.birth < s.head_birth)
       OR (m.relation IN ('之父', '之母') AND {_YEARS_BETWEEN} < :parent_min_gap))
""",
    ),
    Rule(
        code="HH-07",
        title="户主未成年",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=(Param("head_min_age", "户主最小年龄（岁）", 16),),
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '户主年龄' || CAST(m.age AS VARCHAR) || '岁（出生于' || CAST(m.birth AS VARCHAR) || '），未满'
           || CAST(:head_min_age AS VARCHAR) || '岁' AS description
FROM mem m
WHERE m.registered AND m.relation = '户主' AND m.age < :head_min_age
""",
    ),
    # 家庭人口数 left empty is reported here too: nothing else asks for it, and 人均纯收入 divides by it.
    Rule(
        code="HH-08",
        title="家庭人口数与在册人数不符",
        severity=Severity.DOUBT,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       CASE WHEN h.population_recorded IS NULL THEN '家庭人口数为空'
            ELSE '家庭人口数登记为' || CAST(h.population_recorded AS VARCHAR) || '人' END
           || '，在册成员' || CAST(h.n_members AS VARCHAR) || '人' AS description
FROM hh h
WHERE h.population_recorded IS NULL OR h.population_recorded <> h.n_members
""",
    ),
)
