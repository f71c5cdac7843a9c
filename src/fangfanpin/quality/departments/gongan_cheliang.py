from fangfanpin.quality.departments.base import Column, DepartmentFormat

VEHICLE_TYPES = ("小型汽车", "中型以上客车", "货车", "摩托车", "农用车", "其他")

FORMAT = DepartmentFormat(
    code="gongan_cheliang",
    title="公安 车辆",
    columns=(
        Column("plate", "号牌号码"),
        Column("vehicle_type", "车辆类型", allowed=VEHICLE_TYPES),
        Column("registered_on", "初次登记日期", "date"),
        Column("vehicle_status", "车辆状态"),
    ),
)
