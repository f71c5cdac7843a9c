"""Department comparison (DEPT) — 账实相符, and department warnings.

Department rows (`dept_<code>`, one table per department, FORMATS §4) are matched to registered members
by the normalised 18-character ID, as its number (`d.id_key = m.id_key`, see `id_key_sql`). A finding's subject never names a batch or a
row: it is the member (or household) plus the department's own key for the thing found (a plate, a
property, an enterprise), so that the same finding is recognised after the department sends a new file.
Free-text keys (坐落, 主体名称, 预警原因) enter the subject as a short MD5 prefix to keep it short.

Rules that also report the reverse — the registry claims something the department does not hold (DEPT-09,
DEPT-10) — do so only when the department's table has rows at all: an unloaded department proves nothing.
"""

from fangfanpin.core.enums import UNSAFE_HOUSING_GRADES
from fangfanpin.quality.catalogue.fragments import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, flag, money, sql_list
from fangfanpin.quality.departments import DEPARTMENTS
from fangfanpin.quality.models import FindingKind, Severity
from fangfanpin.quality.rules import Param, Rule, Subject

MEMBER = "m.household_id, m.village_code, m.id_number, m.name"
# "…, 所在户为监测对象（边缘易致贫户）": the household state that makes a department fact a finding.
MONITORED_HOUSEHOLD = "'，所在户为监测对象（' || h.category || '）'"
UNSAFE_GRADES = sql_list(UNSAFE_HOUSING_GRADES)


def _text(expr: str, empty: str = "空") -> str:
    """A nullable value as text, `empty` when it is NULL or ''."""
    return f"COALESCE(NULLIF(CAST({expr} AS VARCHAR), ''), '{empty}')"


def _listed(expr: str) -> str:
    """The distinct values of `expr` in a group, sorted, joined by 、 (portable: no ordered aggregate)."""
    return f"array_to_string(list_sort(list(DISTINCT {expr})), '、')"


def _key(expr: str) -> str:
    """A short stable key for free text in a subject."""
    return f"substr(md5(COALESCE({expr}, '')), 1, 12)"


def _loaded(table: str) -> str:
    """A one-row table telling whether the department's table has any row (for the reverse checks)."""
    return f"CROSS JOIN (SELECT COUNT(*) > 0 AS loaded FROM {table}) t"


def _same_name(expr: str) -> str:
    """A name without the spaces and middle dots that files write differently (扎西·次仁 = 扎西次仁)."""
    for mark in (" ", "\u3000", "·", "•", "・", "."):
        expr = f"replace({expr}, '{mark}', '')"
    return expr


def _department_title(column: str) -> str:
    whens = " ".join(f"WHEN '{code}' THEN '{fmt.title}'" for code, fmt in DEPARTMENTS.items())
    return f"CASE {column} {whens} ELSE {column} END"


def _department_names() -> str:
    """Every department row's (department, ID, name), warning lists included."""
    parts = [f"SELECT '{code}' AS department, id_key, name FROM dept_{code}" for code in DEPARTMENTS]
    parts.append("SELECT department, id_key, name FROM dept_warning")
    return "\nUNION ALL\n".join(parts)


def _school_fits(stage: str, status: str) -> str:
    """Whether 在校生状况 `status` fits the education department's 学段 `stage`."""
    return f"""CASE {stage}
        WHEN '学前' THEN {status} IN ('学前教育', '学龄前儿童')
        WHEN '小学' THEN {status} = '小学'
        WHEN '初中' THEN {status} IN ('七年级', '八年级', '九年级')
        WHEN '高中' THEN {status} LIKE '普通高中%'
        WHEN '中职' THEN {status} LIKE '中职%' OR {status} LIKE '技师学院%'
        WHEN '高职' THEN {status} LIKE '高职高专%' OR {status} LIKE '技师学院%'
        WHEN '本科' THEN {status} LIKE '本科%'
        WHEN '研究生' THEN {status} = '硕士研究生及以上'
        ELSE TRUE END"""


VEHICLE_TYPES = Param("vehicle_types", "车辆类型", ("小型汽车", "中型以上客车", "货车"))
VEHICLE_NORMAL = Param("vehicle_normal", "视为正常的车辆状态", ("正常", "A"))
MIN_CAPITAL = Param("min_capital", "个体工商户注册资本（万元）不低于", 10)
MAX_MEDICAL_COST = Param("max_medical_cost", "个人负担医疗费用（元）超过", 20000)
PAYING_STATUSES = Param(
    "paying_statuses", "城镇职工养老保险缴费中的参保状态", ("参保", "参保缴费", "正常参保", "正常缴费")
)
MAX_DISASTER_LOSS = Param("max_disaster_loss", "受灾损失金额（元）超过", 10000)
EMPLOYMENT_MONTHS = Param("employment_months", "就业登记日期在基准日前的月数以内", 12)
DISASTER_MONTHS = Param("disaster_months", "受灾日期在基准日前的月数以内", 12)


RULES_HUKOU = (
    Rule(
        code="DEPT-01",
        title="在册人员公安户籍已死亡注销",
        severity=Severity.ERROR,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '公安户籍状态为死亡注销（变动日期' || {_text("MAX(d.changed_on)")} || '），人员状态仍为在册' AS description
FROM dept_gongan_huji d JOIN mem m ON m.id_key = d.id_key
WHERE m.registered AND d.hukou_status = '死亡注销'
GROUP BY {MEMBER_COLUMNS}
""",
    ),
    Rule(
        code="DEPT-02",
        title="在册人员公安户籍已迁出注销或服刑",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '公安户籍状态为' || {_listed("d.hukou_status")} || '（变动日期' || {_text("MAX(d.changed_on)")}
           || '），人员状态仍为在册' AS description
FROM dept_gongan_huji d JOIN mem m ON m.id_key = d.id_key
WHERE m.registered AND d.hukou_status IN ('迁出注销', '服刑')
GROUP BY {MEMBER_COLUMNS}
""",
    ),
)

RULES_ASSETS = (
    Rule(
        code="DEPT-03",
        title="脱贫户或监测户成员名下有车辆",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=(VEHICLE_TYPES, VEHICLE_NORMAL),
        # A vehicle listed without a status is taken as in use: the description shows it, the checker decides.
        sql=f"""
SELECT m.subject || ':' || v.plate AS subject, {MEMBER},
       '名下有' || v.vehicle_type || '（号牌' || {_text("v.plate")} || '，车辆状态' || {_text("v.vehicle_status")}
           || '），所在户为' || CASE WHEN h.monitored THEN '监测对象（' || h.category || '）' ELSE '脱贫户' END
           AS description
FROM (SELECT id_key, COALESCE(plate, '') AS plate, MIN(vehicle_type) AS vehicle_type,
             MIN(COALESCE(trim(vehicle_status), '')) AS vehicle_status
      FROM dept_gongan_cheliang
      WHERE vehicle_type IN :vehicle_types
        AND (COALESCE(trim(vehicle_status), '') = '' OR trim(vehicle_status) IN :vehicle_normal)
      GROUP BY id_key, COALESCE(plate, '')) v
JOIN mem m ON m.id_key = v.id_key
JOIN hh h ON h.household_id = m.household_id
WHERE m.registered AND (h.monitored OR h.kind = '脱贫户')
""",
    ),
    Rule(
        code="DEPT-04",
        title="监测户成员名下有城镇商品房或商业用房",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT m.subject || ':' || {_key("p.location")} AS subject, {MEMBER},
       '名下有' || CASE WHEN p.urban_commercial THEN '城镇商品房' ELSE '商业用房' END
           || '（坐落：' || {_text("p.location")} || '，用途：' || {_text("p.usage")}
           || '，建筑面积' || COALESCE({money("p.floor_area")} || '平方米', '空') || '）'
           || {MONITORED_HOUSEHOLD} AS description
FROM (SELECT id_key, location, bool_or(COALESCE(urban_commercial, FALSE)) AS urban_commercial,
             MIN(usage) AS usage, MAX(floor_area) AS floor_area
      FROM dept_ziranziyuan_budongchan
      WHERE COALESCE(urban_commercial, FALSE) OR usage = '商业'
      GROUP BY id_key, location) p
JOIN mem m ON m.id_key = p.id_key
JOIN hh h ON h.household_id = m.household_id
WHERE m.registered AND h.monitored
""",
    ),
    Rule(
        code="DEPT-05",
        title="监测户成员为财政供养人员",
        severity=Severity.ERROR,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '为财政供养人员（' || {_listed(_text("d.employer") + " || '，' || " + _text("d.staff_kind"))} || '）'
           || {MONITORED_HOUSEHOLD} AS description
FROM dept_caizheng_gongyang d
JOIN mem m ON m.id_key = d.id_key
JOIN hh h ON h.household_id = m.household_id
WHERE m.registered AND h.monitored
GROUP BY {MEMBER_COLUMNS}, h.category
""",
    ),
    Rule(
        code="DEPT-06",
        title="监测户成员经营企业或个体工商户",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=(MIN_CAPITAL,),
        # Only 存续 entities count, 个体工商户 too; a co-operative (农民专业合作社) is no sign of wealth.
        sql=f"""
SELECT m.subject || ':' || {_key("e.entity_name")} AS subject, {MEMBER},
       CASE WHEN e.entity_type = '企业'
            THEN '为存续企业“' || {_text("e.entity_name")} || '”的' || e.roles
            ELSE '经营个体工商户“' || {_text("e.entity_name")} || '”，注册资本' || {money("e.capital")} || '万元'
       END || {MONITORED_HOUSEHOLD} AS description
FROM (SELECT id_key, entity_name, MIN(entity_type) AS entity_type, MAX(capital) AS capital,
             {_listed("role")} AS roles
      FROM dept_shichang_zhuti
      WHERE reg_status = '存续'
        AND ((entity_type = '企业' AND role IN ('法定代表人', '股东'))
             OR (entity_type = '个体工商户' AND capital >= :min_capital))
      GROUP BY id_key, entity_name) e
JOIN mem m ON m.id_key = e.id_key
JOIN hh h ON h.household_id = m.household_id
WHERE m.registered AND h.monitored
""",
    ),
)

# 医保 rows of the check year; a row without 年度 is taken as the check year's (the current file).
MEDICAL_ROWS = "dept_yibao_canbao d WHERE (d.year IS NULL OR d.year = :year)"

RULES_MEDICAL = (
    Rule(
        code="DEPT-07",
        title="医保参保状态与基本医疗保险登记不符",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        # Compared where the 医保 file has a row for the member and the insurance; one finding per insurance.
        # The statuses are listed only for the pairs that disagree (a second, narrow pass over the file):
        # listing them for every pair first cost twice the whole rule.
        sql=f"""
WITH y AS (
  SELECT m.member_id, m.id_key, a.insurance,
         CASE a.insurance WHEN '城乡居民' THEN m.resident_medical ELSE m.employee_medical END AS registered
  FROM (SELECT d.id_key, d.insurance, bool_or(COALESCE(d.insured_status, '') = '参保') AS insured
        FROM {MEDICAL_ROWS} AND d.insurance IN ('城乡居民', '城镇职工')
        GROUP BY d.id_key, d.insurance) a
  JOIN mem m ON m.id_key = a.id_key
  WHERE m.registered
    AND COALESCE(CASE a.insurance WHEN '城乡居民' THEN m.resident_medical ELSE m.employee_medical END, FALSE)
        <> a.insured)
SELECT m.subject || ':' || y.insurance AS subject, {MEMBER},
       '医保' || y.insurance || '医疗保险参保状态为' || s.statuses || '，农户信息“是否参加' || y.insurance
           || '基本医疗保险”为' || {flag("y.registered")} AS description
FROM y
JOIN (SELECT d.id_key, d.insurance, {_listed(_text("d.insured_status"))} AS statuses
      FROM (SELECT d.* FROM {MEDICAL_ROWS}) d
      JOIN (SELECT DISTINCT id_key, insurance FROM y) k ON k.id_key = d.id_key AND k.insurance = d.insurance
      GROUP BY d.id_key, d.insurance) s ON s.id_key = y.id_key AND s.insurance = y.insurance
JOIN mem m ON m.member_id = y.member_id
""",
    ),
    Rule(
        code="DEPT-08",
        title="非监测户成员个人负担医疗费用高",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        kind=FindingKind.WARNING,
        params=(MAX_MEDICAL_COST,),
        # Summed per ID before the join: the file's few IDs over the amount meet the registry, not all rows.
        sql=f"""
SELECT {MEMBER_COLUMNS},
       CAST(:year AS VARCHAR) || '年个人负担医疗费用' || {money("s.cost")} || '元，超过'
           || CAST(:max_medical_cost AS VARCHAR) || '元，所在户不是监测对象' AS description
FROM (SELECT d.id_key, SUM(d.personal_cost) AS cost FROM {MEDICAL_ROWS}
      GROUP BY d.id_key HAVING SUM(d.personal_cost) > :max_medical_cost) s
JOIN mem m ON m.id_key = s.id_key
JOIN hh h ON h.household_id = m.household_id
WHERE m.registered AND NOT h.monitored
""",
    ),
)


def _assistance(label: str, column: str, enjoys: str, types: str) -> str:
    """DEPT-09 for one assistance (低保 or 特困): the registry's value against 民政's 在保 types."""
    registered = f"CASE WHEN m.{enjoys} THEN m.{column} ELSE '' END"
    return f"""
SELECT m.subject || ':{label}' AS subject, {MEMBER},
       '享受{label}政策情况登记为“' || {_text("m." + column)} || '”，民政数据'
           || CASE WHEN COALESCE(a.types, '') = '' THEN '中没有在保的{label}' ELSE '为' || a.types || '在保' END
           AS description
FROM mem m
LEFT JOIN (SELECT id_key, {_listed("aid_type")} AS types FROM dept_minzheng_jiuzhu
           WHERE aid_status = '在保' AND aid_type IN {types} GROUP BY id_key) a ON a.id_key = m.id_key
LEFT JOIN (SELECT DISTINCT id_key AS listed_id FROM dept_minzheng_jiuzhu) l ON l.listed_id = m.id_key
{_loaded("dept_minzheng_jiuzhu")}
WHERE m.registered AND {registered} <> COALESCE(a.types, '')
  AND (l.listed_id IS NOT NULL OR (m.{enjoys} AND t.loaded))"""


RULES_ASSISTANCE = (
    Rule(
        code="DEPT-09",
        title="民政低保特困与农户信息不符",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        # One finding per member and assistance. A member the 民政 file does not list is compared only when
        # the registry says they enjoy it (the file lists recipients, not everybody).
        sql=_assistance("低保", "dibao", "enjoys_dibao", "('农村低保', '城市低保')")
        + "\nUNION ALL"
        + _assistance("特困", "tekun", "enjoys_tekun", "('农村特困', '城市特困')"),
    ),
    Rule(
        code="DEPT-10",
        title="残联残疾人证与健康状况不符",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       CASE WHEN c.certificate IS NOT NULL
            THEN '残联有残疾人证（' || c.certificate || '），健康状况为“' || {_text("m.health")} || '”，未含残疾'
            ELSE '健康状况为“' || m.health || '”，残联数据中没有残疾人证'
       END AS description
FROM mem m
LEFT JOIN (SELECT id_key,
                  MIN('证号' || {_text("cert_no")} || '，' || COALESCE(disability_kind, '') || COALESCE(disability_grade, ''))
                      AS certificate
           FROM dept_canlian_canjiren GROUP BY id_key) c ON c.id_key = m.id_key
{_loaded("dept_canlian_canjiren")}
WHERE m.registered
  AND ((c.certificate IS NOT NULL AND NOT m.disabled) OR (c.certificate IS NULL AND m.disabled AND t.loaded))
""",
    ),
)

RULES_EDUCATION = (
    Rule(
        code="DEPT-11",
        title="教育学籍与在校生状况不符",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        # Two findings at most per child: a dropout at compulsory age (':辍学'), and each 学段 the child
        # is 在读 at that 在校生状况 contradicts (':' + 学段). 技师学院 fits both 中职 and 高职.
        sql=f"""
SELECT m.subject || ':辍学' AS subject, {MEMBER},
       '教育学籍状态为辍学（' || {_listed(_text("d.stage") + " || '，' || " + _text("d.school"))} || '），'
           || CAST(m.school_age AS VARCHAR) || '周岁，在校生状况为“' || {_text("m.school_status")} || '”'
           AS description
FROM dept_jiaoyu_xueji d JOIN mem m ON m.id_key = d.id_key
WHERE m.registered AND d.enrolment = '辍学' AND m.school_age BETWEEN :compulsory_min AND :compulsory_max
GROUP BY {MEMBER_COLUMNS}, m.school_age, m.school_status
UNION ALL
SELECT m.subject || ':' || d.stage AS subject, {MEMBER},
       '教育学籍为' || d.stage || '在读（' || {_listed(_text("d.school"))} || '），在校生状况登记为“'
           || {_text("m.school_status")} || '”' AS description
FROM dept_jiaoyu_xueji d JOIN mem m ON m.id_key = d.id_key
WHERE m.registered AND d.enrolment = '在读' AND d.stage IS NOT NULL
  AND NOT ({_school_fits("d.stage", "COALESCE(m.school_status, '')")})
GROUP BY {MEMBER_COLUMNS}, d.stage, m.school_status
""",
    ),
)


def _household_rows(table: str) -> str:
    """A department table whose ID is the head's, with the household of the registered member it names."""
    return f"{table} d JOIN mem m ON m.id_key = d.id_key AND m.registered JOIN hh h ON h.household_id = m.household_id"


RULES_HOUSEHOLD = (
    Rule(
        code="DEPT-12",
        title="住建鉴定为危房但登记为非危房户",
        severity=Severity.DOUBT,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       '住建鉴定等级为' || MAX(d.housing_grade || '级（改造状态：' || {_text("d.renovation")} || '）')
           || '，是否危房户登记为“否”' AS description
FROM {_household_rows("dept_zhujian_weifang")}
WHERE d.housing_grade IN {UNSAFE_GRADES} AND COALESCE(d.renovation, '') <> '已改造' AND h.unsafe_housing = FALSE
GROUP BY h.subject, h.household_id, h.village_code
""",
    ),
    Rule(
        code="DEPT-13",
        title="水利饮水不达标但登记为已解决安全饮用水",
        severity=Severity.DOUBT,
        subject=Subject.HOUSEHOLD,
        sql=f"""
SELECT {HOUSEHOLD_COLUMNS},
       '水利数据饮水不达标（问题类型：' || {_listed(_text("d.problem"))} || '），是否解决安全饮用水登记为“是”'
           AS description
FROM {_household_rows("dept_shuili_yinshui")}
WHERE d.water_ok = FALSE AND h.safe_water = TRUE
GROUP BY h.subject, h.household_id, h.village_code
""",
    ),
    Rule(
        code="DEPT-14",
        title="监测户成员缴纳或领取城镇职工养老保险",
        severity=Severity.HINT,
        subject=Subject.MEMBER,
        params=(PAYING_STATUSES,),
        # Paying contributions means formal employment; drawing the pension is a steady income as well:
        # both are worth a look for a monitored household.
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '人社城镇职工养老保险' || CASE WHEN bool_or(COALESCE(d.receiving, FALSE)) THEN '领取待遇'
                                   ELSE '参保状态为' || {_listed("trim(d.insured_status)")} || '（正式就业）' END
           || {MONITORED_HOUSEHOLD} AS description
FROM dept_renshe_yanglao d
JOIN mem m ON m.id_key = d.id_key
JOIN hh h ON h.household_id = m.household_id
WHERE m.registered AND h.monitored AND d.insurance = '城镇职工'
  AND (COALESCE(d.receiving, FALSE) OR trim(COALESCE(d.insured_status, '')) IN :paying_statuses)
GROUP BY {MEMBER_COLUMNS}, h.category
""",
    ),
    Rule(
        code="DEPT-15",
        title="非监测户受灾损失大",
        severity=Severity.DOUBT,
        subject=Subject.HOUSEHOLD,
        kind=FindingKind.WARNING,
        params=(MAX_DISASTER_LOSS, DISASTER_MONTHS),
        # One finding per household and disaster (date and type). The loss is the largest row's, not a sum:
        # the department lists a household's loss under each member it names. Disasters older than the
        # months before the reference date are history; a disaster without a date is reported.
        sql=f"""
SELECT h.subject || ':' || {_text("d.hit_on", "")} || ':' || {_key("d.disaster")} AS subject,
       h.household_id, h.village_code, CAST(NULL AS VARCHAR) AS id_number, CAST(NULL AS VARCHAR) AS name,
       '应急管理受灾数据：' || {_text("d.hit_on", "日期空")} || {_text("d.disaster", "灾害类型空")}
           || '，损失金额' || {money("MAX(d.loss)")} || '元，超过' || CAST(:max_disaster_loss AS VARCHAR)
           || '元，所在户不是监测对象' AS description
FROM {_household_rows("dept_yingji_shouzai")}
WHERE NOT h.monitored AND d.loss > :max_disaster_loss
  AND (d.hit_on IS NULL OR d.hit_on > :ref_date - INTERVAL :disaster_months MONTH)
GROUP BY h.subject, h.household_id, h.village_code, d.hit_on, d.disaster
""",
    ),
    Rule(
        code="DEPT-16",
        title="卫健大病但健康状况未含患有大病",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '卫健数据为大病（病种：' || {_listed(_text("d.disease"))} || '），健康状况为“' || {_text("m.health")}
           || '”，未含患有大病' AS description
FROM dept_weijian_bingzhong d JOIN mem m ON m.id_key = d.id_key
WHERE m.registered AND d.disease_class = '大病' AND COALESCE(m.health, '') NOT LIKE '%患有大病%'
GROUP BY {MEMBER_COLUMNS}, m.health
""",
    ),
)

RULES_ROWS = (
    Rule(
        code="DEPT-17",
        title="部门数据姓名与农户信息不符",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        # One finding per member and department (its 预警 list included); spaces and middle dots are ignored.
        # Ten million rows meet the registry here: the join carries only ID and name, the spaces and dots
        # are removed only where the names differ at all, and the member's columns come in at the end.
        sql=f"""
SELECT m.subject || ':' || x.department AS subject, {MEMBER},
       '“' || {_department_title("x.department")} || '”数据中姓名为“' || x.names
           || '”，农户信息为“' || {_text("m.name")} || '”' AS description
FROM (SELECT d.department, r.member_id, {_listed("d.name")} AS names
      FROM ({_department_names()}) d
      JOIN (SELECT member_id, id_key, COALESCE(name, '') AS name FROM mem WHERE registered) r
        ON r.id_key = d.id_key
      WHERE COALESCE(d.name, '') <> ''
        AND CASE WHEN d.name = r.name THEN FALSE ELSE {_same_name("d.name")} <> {_same_name("r.name")} END
      GROUP BY d.department, r.member_id) x
JOIN mem m ON m.member_id = x.member_id
""",
    ),
    Rule(
        code="DEPT-18",
        title="部门预警",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        kind=FindingKind.WARNING,
        # One finding per member, department and reason: a new upload of the same list keeps its findings.
        sql=f"""
SELECT m.subject || ':' || w.department || ':' || {_key("w.reason")} AS subject, {MEMBER},
       '“' || {_department_title("w.department")} || '”预警：' || {_text("w.reason", "未写预警原因")}
           AS description
FROM (SELECT DISTINCT department, id_key, COALESCE(warning_reason, '') AS reason FROM dept_warning) w
JOIN mem m ON m.id_key = w.id_key
WHERE m.registered
""",
    ),
)

# Ours, beyond RULES.md: the other halves of comparisons users make with the same files.
RULES_MORE = (
    Rule(
        code="DEPT-19",
        title="卫健慢病但健康状况未含疾病",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '卫健数据为慢病（病种：' || {_listed(_text("d.disease"))} || '），健康状况为“' || {_text("m.health")}
           || '”，未含长期慢性病' AS description
FROM dept_weijian_bingzhong d JOIN mem m ON m.id_key = d.id_key
WHERE m.registered AND d.disease_class = '慢病' AND NOT m.ill
GROUP BY {MEMBER_COLUMNS}, m.health
""",
    ),
    Rule(
        code="DEPT-20",
        title="人社就业登记但无务工记录",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        params=(EMPLOYMENT_MONTHS,),
        # Registrations older than the months before the reference date are history; undated ones count.
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '人社就业登记（' || {_listed(_text("d.place"))} || '，最近登记日期' || {_text("MAX(d.registered_on)")}
           || '），务工时间（月）为' || {_text("m.work_months")} || '，无公益性岗位' AS description
FROM dept_renshe_jiuye d JOIN mem m ON m.id_key = d.id_key
WHERE m.registered AND d.registration = '就业' AND NOT m.works
  AND (d.registered_on IS NULL OR d.registered_on > :ref_date - INTERVAL :employment_months MONTH)
GROUP BY {MEMBER_COLUMNS}, m.work_months
""",
    ),
)

RULES = (
    RULES_HUKOU
    + RULES_ASSETS
    + RULES_MEDICAL
    + RULES_ASSISTANCE
    + RULES_EDUCATION
    + RULES_HOUSEHOLD
    + RULES_ROWS
    + RULES_MORE
)
