from fangfanpin.quality.departments.base import Column, DepartmentFormat

STAGES = ("学前", "小学", "初中", "高中", "中职", "高职", "本科", "研究生")
ENROLMENTS = ("在读", "休学", "辍学", "毕业")

FORMAT = DepartmentFormat(
    code="jiaoyu_xueji",
    title="教育 学籍与资助",
    columns=(
        Column("stage", "学段", allowed=STAGES),
        Column("grade", "年级"),
        Column("enrolment", "学籍状态", allowed=ENROLMENTS),
        Column("school", "学校"),
        Column("aid_project", "资助项目"),
        Column("aid_amount", "资助金额", "decimal"),
    ),
)
