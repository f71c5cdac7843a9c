"""The tables every rule reads, derived once per run from the snapshot.

`mem` is a member with what rules ask about it: the ID's own checks and birth date, its number (`id_key`,
which department rows are matched on), the age at the run's reference dates, and the shared predicates
(has labour, uninsured, an out-of-school child, …) that several rules use, so that each is defined once.
`hh` is a household with its record for the check year, the previous year's per-capita income, its
village's line and counts over its registered members.
Written in the portable SQL subset (see rules.py), DuckDB dialect.
"""

from __future__ import annotations

from fangfanpin.core.enums import (
    COMPULSORY_AGE,
    DEVELOPMENT_MEASURES,
    MAX_RISKS,
    MEASURES,
    UNSAFE_HOUSING_GRADES,
)
from fangfanpin.quality.departments import id_key_sql
from fangfanpin.registry.models import HouseholdYear

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_YEAR_SKIP = frozenset({"id", "household", "year", "raw", "updated_at"})
LABOUR = "('普通劳动力', '技能劳动力', '弱劳动力或半劳动力')"
STRONG_LABOUR = "('普通劳动力', '技能劳动力')"


def _check_char(digits: str) -> str:
    """The check character of an ID whose first 17 digits are the number `digits` (GB 11643 weights).

    Taken digit by digit with integer division: half the time of 17 substrings cast to numbers.
    """
    terms = " + ".join(f"(({digits} // {10 ** (16 - i)}) % 10) * {w}" for i, w in enumerate(_WEIGHTS))
    return f"substr('10X98765432', ({terms}) % 11 + 1, 1)"


def _age_at(birth: str, date: str, month_day: str) -> str:
    """Full years between `birth` and the run's date (portable: no date_diff)."""
    return (
        f"year({date}) - year({birth}) - "
        f"CASE WHEN month({birth}) * 100 + day({birth}) > {month_day} THEN 1 ELSE 0 END"
    )


MEMBER_ID = """
SELECT m.*,
       upper(substr(COALESCE(m.id_number, ''), 1, 18)) AS id18,
       length(COALESCE(m.id_number, '')) AS id_len
FROM member m
"""

MEMBER_ID_CHECKS = f"""
SELECT i.*,
       CASE WHEN i.id_shape_ok THEN {_check_char("i.id_digits")} END AS id_check_char,
       CASE WHEN i.id_shape_ok
            THEN TRY_CAST(substr(i.id18, 7, 4) || '-' || substr(i.id18, 11, 2) || '-' || substr(i.id18, 13, 2)
                          AS DATE) END AS id_birth,
       CASE WHEN i.id_shape_ok
            THEN CASE WHEN i.id_digits % 2 = 1 THEN '男' ELSE '女' END
       END AS id_sex,
       CASE WHEN i.id_shape_ok THEN {id_key_sql("i.id18")} END AS id_key
FROM (SELECT b.*, regexp_matches(b.id18, '^[0-9]{{17}}[0-9X]$') AS id_shape_ok,
             TRY_CAST(substr(b.id18, 1, 17) AS BIGINT) AS id_digits
      FROM member_id b) i
"""

MEMBER_VALID = """
SELECT c.*,
       (c.id_shape_ok AND c.id_check_char = substr(c.id18, 18, 1)
        AND c.id_birth IS NOT NULL AND c.id_birth <= :ref_date) AS id_valid
FROM member_id_checks c
"""

MEM = f"""
SELECT 'M' || CAST(v.id AS VARCHAR) AS subject,
       v.id AS member_id,
       h.village_id AS village_code,
       h.household_no,
       v.*,
       CASE WHEN v.id_valid THEN v.id_birth ELSE v.birth_date END AS birth,
       {_age_at("CASE WHEN v.id_valid THEN v.id_birth ELSE v.birth_date END", ":ref_date", ":ref_md")} AS age,
       {_age_at("CASE WHEN v.id_valid THEN v.id_birth ELSE v.birth_date END", ":school_date", ":school_md")}
           AS school_age,
       COALESCE(v.status, '') = '在册' AS registered,
       COALESCE(v.labour_skill, '') IN {LABOUR} AS has_labour,
       COALESCE(v.labour_skill, '') IN {STRONG_LABOUR} AS strong_labour,
       COALESCE(v.health, '') LIKE '%残疾%' AS disabled,
       (COALESCE(v.health, '') LIKE '%长期慢性病%' OR COALESCE(v.health, '') LIKE '%患有大病%') AS ill,
       COALESCE(trim(v.health), '') = '健康' AS healthy,
       COALESCE(v.dibao, '') NOT IN ('', '未享受') AS enjoys_dibao,
       COALESCE(v.tekun, '') NOT IN ('', '不享受') AS enjoys_tekun,
       NOT (COALESCE(v.resident_medical, FALSE) OR COALESCE(v.employee_medical, FALSE)) AS uninsured,
       COALESCE(v.school_status, '') NOT IN ('', '学龄前儿童', '学前教育') AS is_student,
       (COALESCE(v.work_months, 0) > 0 OR COALESCE(v.public_job, '') <> '') AS works
FROM member_valid v JOIN household h ON h.id = v.household_id
"""

# An out-of-school child (AGE-04) is used by AGE-04, GAP-04, RISK-07 and ELIM-03: defined here once.
MEM_FLAGS = """
SELECT m.*,
       (m.school_age BETWEEN :compulsory_min AND :compulsory_max
        AND COALESCE(m.school_status, '') IN ('', '学龄前儿童')
        AND COALESCE(m.out_of_school_reason, '') = '') AS out_of_school_child
FROM mem_base m
"""

# The names lists are sorted so that descriptions are the same on every engine; NULL when nobody.
HH_COUNTS = """
SELECT household_id,
       COUNT(*) AS n_members,
       SUM(CASE WHEN relation = '户主' THEN 1 ELSE 0 END) AS n_heads,
       SUM(CASE WHEN relation = '配偶' THEN 1 ELSE 0 END) AS n_spouses,
       SUM(CASE WHEN has_labour THEN 1 ELSE 0 END) AS n_labour,
       SUM(CASE WHEN strong_labour THEN 1 ELSE 0 END) AS n_strong_labour,
       SUM(CASE WHEN disabled THEN 1 ELSE 0 END) AS n_disabled,
       SUM(CASE WHEN ill THEN 1 ELSE 0 END) AS n_ill,
       SUM(CASE WHEN enjoys_dibao OR enjoys_tekun THEN 1 ELSE 0 END) AS n_dibao_tekun,
       SUM(CASE WHEN works THEN 1 ELSE 0 END) AS n_working,
       SUM(CASE WHEN COALESCE(school_status, '') LIKE '中职%' OR COALESCE(school_status, '') LIKE '高职高专%'
                THEN 1 ELSE 0 END) AS n_vocational,
       SUM(CASE WHEN uninsured THEN 1 ELSE 0 END) AS n_uninsured,
       SUM(CASE WHEN out_of_school_child THEN 1 ELSE 0 END) AS n_out_of_school,
       SUM(CASE WHEN enjoys_dibao THEN 1 ELSE 0 END) AS n_dibao,
       SUM(CASE WHEN enjoys_tekun THEN 1 ELSE 0 END) AS n_tekun,
       SUM(CASE WHEN is_student THEN 1 ELSE 0 END) AS n_students,
       NULLIF(array_to_string(list_sort(list(COALESCE(name, '')) FILTER (WHERE out_of_school_child)), '、'), '')
           AS out_of_school_names,
       NULLIF(array_to_string(list_sort(list(COALESCE(name, '')) FILTER (WHERE uninsured)), '、'), '')
           AS uninsured_names
FROM mem WHERE registered
GROUP BY household_id
"""


# Measure type (GLOSSARY) → its column in household_year; the columns carry the type as verbose name.
MEASURE_COLUMNS: dict[str, str] = {
    str(f.verbose_name): f.attname for f in HouseholdYear._meta.concrete_fields if f.verbose_name in MEASURES
}


def _any_filled(columns: list[str]) -> str:
    return " OR ".join(f"COALESCE(y.{c}, '') <> ''" for c in columns)


# Household predicates shared by the GAP, RISK, MEAS and ELIM rules: the risks as one text ('因病、因残'),
# unsafe housing (是否危房户 是 or 危房等级 C/D), unsafe water (是否解决安全饮用水 否), any measure at all,
# any 开发式 measure.
_HH_SHARED = f"""concat_ws('、', {", ".join(f"NULLIF(y.risk{i}, '')" for i in range(1, MAX_RISKS + 1))}) AS risks,
       (COALESCE(y.unsafe_housing, FALSE)
        OR COALESCE(y.housing_grade, '') IN ({", ".join(f"'{g}'" for g in sorted(UNSAFE_HOUSING_GRADES))}))
           AS housing_unsafe,
       NOT COALESCE(y.safe_water, TRUE) AS water_unsafe,
       ({_any_filled(list(MEASURE_COLUMNS.values()))}) AS has_measure,
       ({_any_filled([MEASURE_COLUMNS[m] for m in DEVELOPMENT_MEASURES])}) AS has_development_measure"""


def _hh() -> str:
    year_columns = ",\n       ".join(
        f"y.{f.attname}" for f in HouseholdYear._meta.concrete_fields if f.name not in _YEAR_SKIP
    )
    counts = ", ".join(
        f"COALESCE(c.{n}, 0) AS {n}"
        for n in [
            "n_members",
            "n_heads",
            "n_spouses",
            "n_labour",
            "n_strong_labour",
            "n_disabled",
            "n_ill",
            "n_dibao_tekun",
            "n_working",
            "n_vocational",
            "n_uninsured",
            "n_out_of_school",
            "n_dibao",
            "n_tekun",
            "n_students",
        ]
    )
    return f"""
SELECT 'H' || CAST(h.id AS VARCHAR) AS subject,
       h.id AS household_id,
       h.household_no,
       h.village_id AS village_code,
       h.group_id AS group_code,
       h.kind, h.phone, h.address, h.lon, h.lat, h.head_name, h.military_family, h.relocated,
       {year_columns},
       l.line,
       p.per_capita AS prev_per_capita,
       (COALESCE(y.category, '') NOT IN ('', '清退')) AS monitored,
       (COALESCE(y.category, '') NOT IN ('', '清退') AND COALESCE(y.eliminated, FALSE)) AS is_eliminated,
       (COALESCE(y.category, '') NOT IN ('', '清退') AND NOT COALESCE(y.eliminated, FALSE)) AS not_eliminated,
       {_HH_SHARED},
       {counts},
       c.out_of_school_names, c.uninsured_names
FROM household h
JOIN household_year y ON y.household_id = h.id AND y.year = :year
LEFT JOIN household_prev p ON p.household_id = h.id AND p.year = :prev_year
LEFT JOIN village_line l ON l.village_code = h.village_id
LEFT JOIN hh_counts c ON c.household_id = h.id
"""


def prelude() -> list[tuple[str, str, bool]]:
    """(name, query, materialise) in dependency order; materialised tables are read by many rules."""
    return [
        ("member_id", MEMBER_ID, False),
        ("member_id_checks", MEMBER_ID_CHECKS, False),
        ("member_valid", MEMBER_VALID, False),
        ("mem_base", MEM, False),
        ("mem", MEM_FLAGS, True),
        ("hh_counts", HH_COUNTS, False),
        ("hh", _hh(), True),
    ]


PRELUDE_CONSTANTS = {"compulsory_min": COMPULSORY_AGE[0], "compulsory_max": COMPULSORY_AGE[1]}
