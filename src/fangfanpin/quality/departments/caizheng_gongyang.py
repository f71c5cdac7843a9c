from fangfanpin.quality.departments.base import Column, DepartmentFormat

STAFF_KINDS = ("公务员", "参公", "事业编制", "其他")

FORMAT = DepartmentFormat(
    code="caizheng_gongyang",
    title="财政 财政供养人员",
    columns=(
        Column("employer", "单位名称"),
        Column("staff_kind", "人员类别", allowed=STAFF_KINDS),
        Column("hired_on", "入职日期", "date"),
    ),
)
