from fangfanpin.core.enums import HOUSING_GRADES
from fangfanpin.quality.departments.base import Column, DepartmentFormat

RENOVATIONS = ("未改造", "改造中", "已改造")

FORMAT = DepartmentFormat(
    code="zhujian_weifang",
    title="住建 农村危房",
    columns=(
        Column("housing_grade", "鉴定等级", allowed=HOUSING_GRADES),
        Column("renovation", "改造状态", allowed=RENOVATIONS),
    ),
    note="证件号码为户主的证件号码",
)
