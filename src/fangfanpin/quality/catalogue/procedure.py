"""Procedure and location (PROC, LOC): the records of due procedure, and where a household is.

The procedure records (`procedure_record`: household_id, kind, on_date, days) come with a later capability;
until then the table is empty and PROC-01..04 report every household they apply to, as the issue asks.
"""

from decimal import Decimal

from fangfanpin.quality.catalogue.fragments import HOUSEHOLD_COLUMNS
from fangfanpin.quality.models import Severity
from fangfanpin.quality.rules import Param, Rule, Subject

CATEGORY = "'监测对象类别为' || h.category || '，'"


def _missing_record(kind: str) -> str:
    return f"NOT EXISTS (SELECT 1 FROM procedure_record p WHERE p.household_id = h.household_id AND p.kind = '{kind}')"


def _text(column: str, empty: str = "空") -> str:
    return f"COALESCE(CAST({column} AS VARCHAR), '{empty}')"


def _great_circle_km(lon1: str, lat1: str, lon2: str, lat2: str) -> str:
    """Haversine distance in km, with functions DuckDB and Spark share (mean Earth radius 6371 km)."""
    lon1, lat1, lon2, lat2 = (f"radians(CAST({c} AS DOUBLE))" for c in (lon1, lat1, lon2, lat2))
    return (
        f"2 * 6371.0 * asin(sqrt(power(sin(({lat1} - {lat2}) / 2), 2)"
        f" + cos({lat1}) * cos({lat2}) * power(sin(({lon1} - {lon2}) / 2), 2)))"
    )


NOTICE_DAYS = Param("notice_days", "公示最少工作日数", 5)
REVIEW_MONTHS = Param("review_months", "家庭资产信息复核有效月数", 12)
MAX_KM = Param("max_km", "距村中心最远距离（公里）", Decimal(15))

RULES = (
    Rule(
        code="PROC-01",
        title="监测对象没有签署承诺授权书的申请",
        severity=Severity.ERROR,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS}, {CATEGORY} || '没有农户申请及签署的承诺授权书记录' AS description
FROM hh h
WHERE h.monitored AND {_missing_record("application_signed")}
""",
    ),
    Rule(
        code="PROC-02",
        title="监测对象没有民主评议记录",
        severity=Severity.ERROR,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS}, {CATEGORY} || '没有民主评议记录' AS description
FROM hh h
WHERE h.monitored AND {_missing_record("democratic_evaluation")}
""",
    ),
    Rule(
        code="PROC-03",
        title="监测对象没有完成公示",
        severity=Severity.ERROR,
        subject=Subject.HOUSEHOLD,
        params=(NOTICE_DAYS,),
        # A notice whose working days are not recorded is still running: not completed.
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       {CATEGORY} || CASE
           WHEN p.household_id IS NULL THEN '没有公示记录'
           WHEN p.days IS NULL THEN '公示尚未完成'
           ELSE '公示' || CAST(p.days AS VARCHAR) || '个工作日，少于' || CAST(:notice_days AS VARCHAR) || '个工作日'
       END AS description
FROM hh h
LEFT JOIN (SELECT household_id, MAX(days) AS days FROM procedure_record
           WHERE kind = 'public_notice' GROUP BY household_id) p ON p.household_id = h.household_id
WHERE h.monitored AND (p.household_id IS NULL OR p.days IS NULL OR p.days < :notice_days)
""",
    ),
    Rule(
        code="PROC-04",
        title="风险消除没有农户知情同意",
        severity=Severity.ERROR,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       '风险已消除（消除监测时间' || {_text("h.eliminated_month")} || '），没有农户知情同意记录' AS description
FROM hh h
WHERE h.is_eliminated AND {_missing_record("informed_consent")}
""",
    ),
    Rule(
        code="PROC-05",
        title="监测对象近期没有家庭资产信息复核",
        severity=Severity.DOUBT,
        subject=Subject.HOUSEHOLD,
        params=(REVIEW_MONTHS,),
        # "The last 12 months" count back from the run's reference date, so that a rerun on the same
        # snapshot finds the same; a review after the reference date counts as well.
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       {CATEGORY} || CASE
           WHEN r.last_on IS NULL THEN '没有家庭资产信息复核记录'
           ELSE '最近一次家庭资产信息复核为' || CAST(r.last_on AS VARCHAR) || '，已超过'
                || CAST(:review_months AS VARCHAR) || '个月'
       END AS description
FROM hh h
LEFT JOIN (SELECT household_id, MAX(on_date) AS last_on FROM asset_review GROUP BY household_id) r
  ON r.household_id = h.household_id
WHERE h.monitored AND (r.last_on IS NULL OR r.last_on <= :ref_date - INTERVAL :review_months MONTH)
""",
    ),
    Rule(
        code="LOC-01",
        title="监测户没有位置",
        severity=Severity.DOUBT,
        subject=Subject.HOUSEHOLD,
        # 0, 0 is what a form leaves when nobody located the household: as good as empty.
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       {CATEGORY} || CASE WHEN h.lon IS NULL OR h.lat IS NULL THEN '经纬度为空' ELSE '经纬度为0' END
           AS description
FROM hh h
WHERE h.monitored AND (h.lon IS NULL OR h.lat IS NULL OR (h.lon = 0 AND h.lat = 0))
""",
    ),
    Rule(
        code="LOC-02",
        title="农户位置离村过远",
        severity=Severity.DOUBT,
        subject=Subject.HOUSEHOLD,
        params=(MAX_KM,),
        # Village boundaries (area.boundary, GeoJSON) are not evaluated: point-in-polygon has no portable
        # SQL, so every household is measured against its village's centre; villages without a centre
        # are skipped, and so are households without a location (LOC-01 reports monitored ones).
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       '位置（经度' || CAST(d.lon AS VARCHAR) || '，纬度' || CAST(d.lat AS VARCHAR) || '）距' || d.village_name
           || '中心' || CAST(CAST(d.km AS DECIMAL(14, 2)) AS VARCHAR) || '公里，超过'
           || CAST(:max_km AS VARCHAR) || '公里' AS description
FROM (SELECT h.household_id, h.lon, h.lat, a.name AS village_name,
             {_great_circle_km("h.lon", "h.lat", "a.centre_lon", "a.centre_lat")} AS km
      FROM hh h JOIN area a ON a.code = h.village_code
      WHERE h.lon IS NOT NULL AND h.lat IS NOT NULL
        AND a.centre_lon IS NOT NULL AND a.centre_lat IS NOT NULL) d
JOIN hh h ON h.household_id = d.household_id
WHERE d.km > :max_km
""",
    ),
)
