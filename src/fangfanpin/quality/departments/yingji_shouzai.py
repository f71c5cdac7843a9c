from fangfanpin.quality.departments.base import Column, DepartmentFormat

FORMAT = DepartmentFormat(
    code="yingji_shouzai",
    title="应急管理 受灾",
    columns=(
        Column("disaster", "灾害类型"),
        Column("hit_on", "受灾日期", "date"),
        Column("loss", "损失金额（元）", "decimal"),
    ),
)
