from fangfanpin.quality.departments.base import Column, DepartmentFormat
from fangfanpin.quality.departments.yibao_canbao import INSURANCES

FORMAT = DepartmentFormat(
    code="renshe_yanglao",
    title="人社 养老保险",
    columns=(
        Column("insurance", "险种", allowed=INSURANCES),
        # FORMATS §4 gives no code list for the pension's 参保状态: pension systems word it their own way.
        Column("insured_status", "参保状态"),
        Column("receiving", "待遇领取", "flag"),
    ),
)
