from fangfanpin.quality.departments.base import Column, DepartmentFormat

INSURANCES = ("城乡居民", "城镇职工")
INSURED_STATUSES = ("参保", "未参保", "中断")

FORMAT = DepartmentFormat(
    code="yibao_canbao",
    title="医保 参保与费用",
    columns=(
        Column("insurance", "险种", allowed=INSURANCES),
        Column("insured_status", "参保状态", allowed=INSURED_STATUSES),
        Column("year", "年度", "int"),
        Column("personal_cost", "个人负担医疗费用（元）", "decimal"),
    ),
)
