from fangfanpin.quality.departments.base import Column, DepartmentFormat

REGISTRATIONS = ("就业", "失业")

FORMAT = DepartmentFormat(
    code="renshe_jiuye",
    title="人社 就业失业",
    columns=(
        Column("registration", "登记类型", allowed=REGISTRATIONS),
        Column("place", "单位或地点"),
        Column("registered_on", "登记日期", "date"),
    ),
)
