from fangfanpin.quality.departments.base import Column, DepartmentFormat

DISEASE_CLASSES = ("大病", "慢病")

FORMAT = DepartmentFormat(
    code="weijian_bingzhong",
    title="卫健 大病慢病",
    columns=(
        Column("disease", "病种"),
        Column("disease_class", "类别", allowed=DISEASE_CLASSES),
        Column("diagnosed_on", "确诊日期", "date"),
    ),
)
