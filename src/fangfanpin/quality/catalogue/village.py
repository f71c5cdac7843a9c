"""Village (VIL) — 账账相符: the village export's own figures, and its counts against the registry's."""

from fangfanpin.quality.models import Severity
from fangfanpin.quality.rules import Rule, Subject

VILLAGE_COLUMNS = (
    "'V' || v.village_id AS subject, CAST(NULL AS BIGINT) AS household_id, v.village_id AS village_code, "
    "CAST(NULL AS VARCHAR) AS id_number, CAST(NULL AS VARCHAR) AS name"
)


def _count(column: str) -> str:
    """A count of the village export as text, '空' when the cell is empty."""
    return f"COALESCE(CAST({column} AS VARCHAR), '空')"


# The registry's own counts for the check year, over households with a record of the year (`hh`) and
# their registered members (在册):
#   脱贫户数   = households whose 户类型 is 脱贫户 and that have at least one registered member;
#   脱贫人口数 = the registered members of those households;
#   监测户数   = monitored households (监测对象类别 not empty and not 清退, whether or not the risk is
#                eliminated) with at least one registered member;
#   监测人口数 = the registered members of those households.
# A 脱贫不稳定户 counts both as 脱贫 and as 监测, as in the national statistics.
REGISTRY_COUNTS = """
SELECT village_code,
       SUM(CASE WHEN kind = '脱贫户' AND n_members > 0 THEN 1 ELSE 0 END) AS lifted_households,
       SUM(CASE WHEN kind = '脱贫户' THEN n_members ELSE 0 END) AS lifted_population,
       SUM(CASE WHEN monitored AND n_members > 0 THEN 1 ELSE 0 END) AS monitored_households,
       SUM(CASE WHEN monitored THEN n_members ELSE 0 END) AS monitored_population
FROM hh
GROUP BY village_code
"""

_COMPARED = (
    ("lifted_households", "脱贫户数"),
    ("lifted_population", "脱贫人口数"),
    ("monitored_households", "监测户数"),
    ("monitored_population", "监测人口数"),
)


def _difference(column: str, title: str) -> str:
    """One part of VIL-03's description, NULL when the two counts agree (an empty cell counts as 0)."""
    return (
        f"CASE WHEN COALESCE(v.{column}, 0) <> COALESCE(r.{column}, 0) "
        f"THEN '{title}：村表' || {_count('v.' + column)} || '，农户信息' || CAST(COALESCE(r.{column}, 0) AS VARCHAR) END"
    )


RULES = (
    Rule(
        code="VIL-01",
        title="村总户数或总人口数为空或为0",
        severity=Severity.ERROR,
        subject=Subject.VILLAGE,
        sql=f"""
SELECT {VILLAGE_COLUMNS},
       '总户数为' || {_count("v.households")} || '，总人口数为' || {_count("v.population")} AS description
FROM village_year v
WHERE v.year = :year AND (COALESCE(v.households, 0) = 0 OR COALESCE(v.population, 0) = 0)
""",
    ),
    Rule(
        code="VIL-02",
        title="未实现饮水安全户数与危房户数之和超过总户数",
        severity=Severity.ERROR,
        subject=Subject.VILLAGE,
        sql=f"""
SELECT {VILLAGE_COLUMNS},
       '未实现饮水安全户数' || CAST(COALESCE(v.unsafe_water_households, 0) AS VARCHAR)
           || ' + 危房户数' || CAST(COALESCE(v.unsafe_housing_households, 0) AS VARCHAR)
           || ' = ' || CAST(COALESCE(v.unsafe_water_households, 0) + COALESCE(v.unsafe_housing_households, 0)
                            AS VARCHAR)
           || '，超过总户数' || CAST(v.households AS VARCHAR) AS description
FROM village_year v
WHERE v.year = :year AND v.households IS NOT NULL
  AND COALESCE(v.unsafe_water_households, 0) + COALESCE(v.unsafe_housing_households, 0) > v.households
""",
    ),
    Rule(
        code="VIL-03",
        title="村脱贫、监测户数人数与农户信息不符",
        severity=Severity.DOUBT,
        subject=Subject.VILLAGE,
        sql=f"""
SELECT {VILLAGE_COLUMNS},
       concat_ws('；', {", ".join(_difference(c, t) for c, t in _COMPARED)}) AS description
FROM village_year v
LEFT JOIN ({REGISTRY_COUNTS}) r ON r.village_code = v.village_id
WHERE v.year = :year
  AND ({" OR ".join(f"COALESCE(v.{c}, 0) <> COALESCE(r.{c}, 0)" for c, _ in _COMPARED)})
""",
    ),
)
