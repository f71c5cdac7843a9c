from fangfanpin.quality.departments.base import Column, DepartmentFormat

AID_TYPES = ("农村低保", "城市低保", "农村特困", "城市特困", "临时救助")
AID_STATUSES = ("在保", "停保")

FORMAT = DepartmentFormat(
    code="minzheng_jiuzhu",
    title="民政 社会救助",
    columns=(
        Column("aid_type", "救助类型", allowed=AID_TYPES),
        Column("aid_status", "状态", allowed=AID_STATUSES),
        Column("started_on", "起始日期", "date"),
        Column("monthly_amount", "月救助金额", "decimal"),
    ),
)
