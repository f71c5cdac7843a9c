from fangfanpin.core.enums import DISABILITY_GRADES, DISABILITY_KINDS
from fangfanpin.quality.departments.base import Column, DepartmentFormat

FORMAT = DepartmentFormat(
    code="canlian_canjiren",
    title="残联 残疾人证",
    columns=(
        Column("cert_no", "残疾人证号"),
        Column("disability_kind", "残疾类别", allowed=DISABILITY_KINDS),
        Column("disability_grade", "残疾等级", allowed=DISABILITY_GRADES),
        Column("issued_on", "发证日期", "date"),
    ),
)
