"""Identity (ID): the ID number itself, and the sex and birth date it encodes."""

from fangfanpin.quality.catalogue.fragments import MEMBER_COLUMNS
from fangfanpin.quality.models import Severity
from fangfanpin.quality.rules import Rule, Subject

RULES = (
    Rule(
        code="ID-01",
        title="证件号码为空或位数不对",
        severity=Severity.ERROR,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       CASE WHEN m.id_len = 0 THEN '证件号码为空'
            ELSE '证件号码“' || m.id_number || '”为' || CAST(m.id_len AS VARCHAR) || '位（应为18、20或22位）'
       END AS description
FROM mem m
WHERE m.registered AND m.id_len NOT IN (18, 20, 22)
""",
    ),
    Rule(
        code="ID-02",
        title="身份证号码校验不通过",
        severity=Severity.ERROR,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       CASE WHEN NOT m.id_shape_ok THEN '证件号码“' || m.id_number || '”含有不应出现的字符'
            WHEN m.id_check_char <> substr(m.id18, 18, 1)
                THEN '证件号码“' || m.id_number || '”校验位应为' || m.id_check_char
                     || '，实为' || substr(m.id18, 18, 1)
            WHEN m.id_birth IS NULL THEN '证件号码“' || m.id_number || '”中的出生日期“'
                     || substr(m.id18, 7, 8) || '”不是真实日期'
            ELSE '证件号码“' || m.id_number || '”中的出生日期' || CAST(m.id_birth AS VARCHAR) || '晚于检查基准日'
       END AS description
FROM mem m
WHERE m.registered AND m.id_len = 18 AND NOT m.id_valid
""",
    ),
    Rule(
        code="ID-03",
        title="残疾人证号不合规",
        severity=Severity.ERROR,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       CASE WHEN NOT m.id_valid THEN '残疾人证号“' || m.id_number || '”的前18位不是有效的身份证号码'
            WHEN substr(m.id_number, 19, 1) NOT IN ('1', '2', '3', '4', '5', '6', '7')
                THEN '残疾人证号“' || m.id_number || '”第19位（残疾类别）应为1–7，实为“' || substr(m.id_number, 19, 1) || '”'
            ELSE '残疾人证号“' || m.id_number || '”第20位（残疾等级）应为1–4，实为“' || substr(m.id_number, 20, 1) || '”'
       END AS description
FROM mem m
WHERE m.registered AND m.id_len IN (20, 22)
  AND (NOT m.id_valid
       OR substr(m.id_number, 19, 1) NOT IN ('1', '2', '3', '4', '5', '6', '7')
       OR substr(m.id_number, 20, 1) NOT IN ('1', '2', '3', '4'))
""",
    ),
    Rule(
        code="ID-04",
        title="证件号码重复",
        severity=Severity.ERROR,
        subject=Subject.MEMBER,
        # The households are listed only for the IDs found twice, not grouped for every ID first.
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '证件号码' || m.id18 || '在' || CAST(d.n AS VARCHAR) || '名在册人员中重复（户编号：' || d.households || '）'
           AS description
FROM mem m
JOIN (SELECT r.id18, COUNT(*) AS n,
             array_to_string(list_sort(list(DISTINCT r.household_no)), '、') AS households
      FROM mem r
      JOIN (SELECT id18 FROM mem WHERE registered AND id18 <> '' GROUP BY id18 HAVING COUNT(*) > 1) u
        ON u.id18 = r.id18
      WHERE r.registered GROUP BY r.id18) d
  ON d.id18 = m.id18
WHERE m.registered
""",
    ),
    Rule(
        code="ID-05",
        title="性别与身份证号码不符",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '性别登记为“' || COALESCE(m.sex, '') || '”，身份证号码第17位表示“' || m.id_sex || '”' AS description
FROM mem m
WHERE m.registered AND m.id_valid AND COALESCE(m.sex, '') <> m.id_sex
""",
    ),
    Rule(
        code="ID-06",
        title="出生日期与身份证号码不符",
        severity=Severity.DOUBT,
        subject=Subject.MEMBER,
        sql=f"""
SELECT {MEMBER_COLUMNS},
       '出生日期登记为' || COALESCE(CAST(m.birth_date AS VARCHAR), '空') || '，身份证号码中为'
           || CAST(m.id_birth AS VARCHAR) AS description
FROM mem m
WHERE m.registered AND m.id_valid AND (m.birth_date IS NULL OR m.birth_date <> m.id_birth)
""",
    ),
)
