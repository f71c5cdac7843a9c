from fangfanpin.quality.departments.base import Column, DepartmentFormat

USAGES = ("住宅", "商业", "其他")

FORMAT = DepartmentFormat(
    code="ziranziyuan_budongchan",
    title="自然资源 不动产",
    columns=(
        Column("location", "坐落"),
        Column("usage", "用途", allowed=USAGES),
        Column("floor_area", "建筑面积", "decimal"),
        Column("registered_on", "登记日期", "date"),
        Column("urban_commercial", "是否城镇商品房", "flag"),
    ),
)
