from fangfanpin.quality.departments.base import Column, DepartmentFormat

FORMAT = DepartmentFormat(
    code="shuili_yinshui",
    title="水利 农村饮水",
    columns=(
        Column("water_ok", "饮水是否达标", "flag"),
        Column("problem", "问题类型"),
    ),
    note="证件号码为户主的证件号码",
)
