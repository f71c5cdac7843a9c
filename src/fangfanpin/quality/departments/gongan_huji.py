from fangfanpin.quality.departments.base import Column, DepartmentFormat

HUKOU_STATUSES = ("正常", "死亡注销", "迁出注销", "服刑")

FORMAT = DepartmentFormat(
    code="gongan_huji",
    title="公安 户籍",
    columns=(
        Column("hukou_status", "户籍状态", allowed=HUKOU_STATUSES),
        Column("changed_on", "变动日期", "date"),
    ),
)
