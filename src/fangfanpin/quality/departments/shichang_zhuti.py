from fangfanpin.quality.departments.base import Column, DepartmentFormat

ENTITY_TYPES = ("企业", "个体工商户", "农民专业合作社")
ROLES = ("法定代表人", "股东", "经营者")
REG_STATUSES = ("存续", "注销", "吊销")

FORMAT = DepartmentFormat(
    code="shichang_zhuti",
    title="市场监管 市场主体",
    columns=(
        Column("entity_name", "主体名称"),
        Column("entity_type", "主体类型", allowed=ENTITY_TYPES),
        Column("role", "角色", allowed=ROLES),
        Column("capital", "注册资本（万元）", "decimal"),
        Column("reg_status", "登记状态", allowed=REG_STATUSES),
        Column("founded_on", "成立日期", "date"),
    ),
)
