"""Work (WORK): work months, 公益性岗位, the work-monitoring data (务工监测, table `work`) and phone numbers.

Rows of the work-monitoring data are tied to registered members by the first 18 characters of the ID;
a rule about them reports the member once, whatever the number of their rows.
"""

from decimal import Decimal

from fangfanpin.quality.catalogue.fragments import (
    HOUSEHOLD_COLUMNS,
    MEMBER_COLUMNS,
    blank,
    field_is,
    money,
    number,
)
from fangfanpin.quality.models import Severity
from fangfanpin.quality.rules import Param, Rule, Subject

WORK_ID = "upper(substr(COALESCE(w.id_number, ''), 1, 18))"
OUT_OF_COUNTY = "(m.work_place LIKE '县外省内%' OR m.work_place LIKE '省外%')"
MONTHS = "'务工时间' || " + number("m.work_months") + " || '个月'"


def _months_out_of_range(column: str) -> str:
    return f"({column} < 0 OR {column} > :max_months)"


def _months_text(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN '空' ELSE {number(column)} END"


RULES = (
    Rule(
        code="WORK-01",
        title="无劳动能力却在务工",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       concat_ws('，', CASE WHEN m.work_months > 0 THEN {MONTHS} END,
                 CASE WHEN w.id18 IS NOT NULL THEN '务工监测为已务工' END,
                 {field_is("劳动技能", "m.labour_skill")}) AS description
FROM mem m
LEFT JOIN (SELECT DISTINCT {WORK_ID} AS id18 FROM work w WHERE w.working) w
  ON w.id18 = m.id18 AND m.id18 <> ''
WHERE m.registered AND m.labour_skill IN ('无劳动力', '丧失劳动力')
  AND (m.work_months > 0 OR w.id18 IS NOT NULL)
""",
    ),
    Rule(
        code="WORK-02",
        title="务工或公益性岗位月数超出范围",
        severity=Severity.ERROR,
        subject=Subject.MEMBER,
        params=(Param("max_months", "每年最多月数", 12),),
        sql=f"""
SELECT {MEMBER_COLUMNS},
       concat_ws('，',
                 CASE WHEN {_months_out_of_range("m.work_months")}
                      THEN '务工时间（月）为' || {number("m.work_months")} END,
                 CASE WHEN {_months_out_of_range("m.public_job_months")}
                      THEN '公益性岗位(月数)为' || {number("m.public_job_months")} END)
           || '（应在0–' || CAST(:max_months AS VARCHAR) || '之间）' AS description
FROM mem m
WHERE m.registered
  AND ({_months_out_of_range("m.work_months")} OR {_months_out_of_range("m.public_job_months")})
""",
    ),
    Rule(
        code="WORK-03",
        title="公益性岗位人员年龄不符",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=(
            Param("public_job_min_age", "公益性岗位最小年龄（岁）", 16),
            Param("public_job_max_age", "公益性岗位年龄上限（岁，达到即提示）", 70),
        ),
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '年龄' || CAST(m.age AS VARCHAR) || '岁（'
           || CASE WHEN m.age < :public_job_min_age THEN '未满' || CAST(:public_job_min_age AS VARCHAR)
                   ELSE '已满' || CAST(:public_job_max_age AS VARCHAR) END
           || '岁），' || {field_is("公益性岗位", "m.public_job")} AS description
FROM mem m
WHERE m.registered AND NOT {blank("m.public_job")}
  AND (m.age < :public_job_min_age OR m.age >= :public_job_max_age)
""",
    ),
    Rule(
        code="WORK-04",
        title="公益性岗位与月数不一致",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       {field_is("公益性岗位", "m.public_job")} || '，公益性岗位(月数)为' || {_months_text("m.public_job_months")}
           AS description
FROM mem m
WHERE m.registered
  AND ((NOT {blank("m.public_job")} AND COALESCE(m.public_job_months, 0) = 0)
       OR ({blank("m.public_job")} AND COALESCE(m.public_job_months, 0) <> 0))
""",
    ),
    Rule(
        code="WORK-05",
        title="特困供养人员县外务工",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       {field_is("享受特困供养政策情况", "m.tekun")} || '，' || {field_is("务工所在地", "m.work_place")} AS description
FROM mem m
WHERE m.registered AND m.enjoys_tekun AND {OUT_OF_COUNTY}
""",
    ),
    # A low income is asked of rows marked 已务工 only: a row of someone not (yet) working has no wage.
    Rule(
        code="WORK-06",
        title="务工月收入异常",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=(
            Param("max_monthly_income", "务工月收入上限（元）", Decimal("30000.00")),
            Param("min_monthly_income", "务工月收入下限（元）", Decimal("100.00")),
        ),
        sql=f"""
SELECT {MEMBER_COLUMNS},
       concat_ws('；',
                 CASE WHEN w.too_high IS NOT NULL THEN '务工监测中务工月收入' || {money("w.too_high")}
                      || '元，高于' || {money(":max_monthly_income")} || '元' END,
                 CASE WHEN w.too_low IS NOT NULL THEN '务工监测中务工月收入' || {money("w.too_low")}
                      || '元，低于' || {money(":min_monthly_income")} || '元' END) AS description
FROM mem m
JOIN (SELECT {WORK_ID} AS id18,
             MAX(CASE WHEN w.monthly_income > :max_monthly_income THEN w.monthly_income END) AS too_high,
             MIN(CASE WHEN w.working AND w.monthly_income < :min_monthly_income THEN w.monthly_income END)
                 AS too_low
      FROM work w GROUP BY {WORK_ID}) w
  ON w.id18 = m.id18 AND m.id18 <> ''
WHERE m.registered AND (w.too_high IS NOT NULL OR w.too_low IS NOT NULL)
""",
    ),
    Rule(
        code="WORK-07",
        title="已务工但务工所在县为空",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '务工监测中有' || CAST(w.n AS VARCHAR) || '条已务工记录未填写务工所在县' AS description
FROM mem m
JOIN (SELECT {WORK_ID} AS id18, COUNT(*) AS n
      FROM work w WHERE w.working AND {blank("w.work_county")} GROUP BY {WORK_ID}) w
  ON w.id18 = m.id18 AND m.id18 <> ''
WHERE m.registered
""",
    ),
    Rule(
        code="WORK-08",
        title="户联系电话为空或不是手机号码",
        severity=Severity.ERROR,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       CASE WHEN {blank("h.phone")} THEN '户联系电话为空'
            ELSE '户联系电话“' || h.phone || '”不是11位手机号码' END AS description
FROM hh h
WHERE {blank("h.phone")} OR NOT regexp_matches(h.phone, '^1[3-9][0-9]{{9}}$')
""",
    ),
    Rule(
        code="WORK-09",
        title="户联系电话与其他户重复",
        severity=Severity.DOUBT,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       '户联系电话' || d.phone || '在' || CAST(d.n AS VARCHAR) || '户中重复（户编号：' || d.households || '）'
           AS description
FROM hh h
JOIN (SELECT trim(phone) AS phone, COUNT(*) AS n,
             array_to_string(list_sort(list(household_no)), '、') AS households
      FROM hh WHERE NOT {blank("phone")} GROUP BY trim(phone) HAVING COUNT(*) > 1) d
  ON d.phone = trim(h.phone)
""",
    ),
    # Ours: the counterpart of WORK-04 for work: months without a place, or a place without months.
    Rule(
        code="WORK-10",
        title="务工时间与务工所在地不一致",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '务工时间（月）为' || {_months_text("m.work_months")} || '，' || {field_is("务工所在地", "m.work_place")}
           AS description
FROM mem m
WHERE m.registered
  AND ((m.work_months > 0 AND {blank("m.work_place")})
       OR (NOT {blank("m.work_place")} AND COALESCE(m.work_months, 0) = 0))
""",
    ),
)
