"""The national-format files' columns (FORMATS.md §1–§3): header, aliases, where a value lives, its kind.

One declaration serves the importer, the exporter and the synthetic-data writer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str
    entity: str  # area | household | member | year | row
    field: str
    kind: str = "text"  # text | id | date | month | flag | decimal | coordinate | int | multi
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


def _cols(entity: str, kind: str, pairs: list[tuple[str, str]]) -> list[Column]:
    return [Column(header, entity, field, kind) for header, field in pairs]


AREA_COLUMNS = [
    Column("县", "area", "county", required=True),
    Column("乡", "area", "town", aliases=("乡(镇)", "乡（镇）"), required=True),
    Column("村", "area", "village", aliases=("行政村",), required=True),
]

HOUSEHOLD_COLUMNS = [
    *AREA_COLUMNS,
    Column("组", "area", "group", aliases=("村民小组",)),
    Column("户编号", "household", "household_no", required=True),
    Column("户类型", "household", "kind"),
    Column("户联系电话", "household", "phone"),
    Column("家庭住址", "household", "address"),
    Column("监测对象类别", "year", "category"),
    Column("识别监测时间", "year", "identified_month", "month"),
    Column("风险是否已消除", "year", "eliminated", "flag"),
    Column("消除监测时间", "year", "eliminated_month", "month"),
    Column("风险消除方式", "year", "elimination_way"),
    *(Column(f"致贫/返贫风险{i}", "year", f"risk{i}") for i in range(1, 6)),
    Column("因自然灾害子项", "year", "disaster_subtype"),
    Column("其他备注", "year", "other_remark"),
    Column("整户无劳动能力兜底保障户", "year", "no_labour_safety_net", "flag"),
    Column("是否军烈属", "household", "military_family", "flag"),
    Column("是否易地扶贫搬迁户", "household", "relocated", "flag"),
    Column("经度", "household", "lon", "coordinate"),
    Column("纬度", "household", "lat", "coordinate"),
    # Member.
    Column("姓名", "member", "name", required=True),
    Column("性别", "member", "sex"),
    Column("证件类型", "member", "id_kind"),
    Column("证件号码", "member", "id_number", "id", required=True),
    Column("出生日期", "member", "birth_date", "date"),
    Column("与户主关系", "member", "relation", required=True),
    *_cols(
        "member",
        "text",
        [
            ("民族", "ethnicity"),
            ("政治面貌", "political_status"),
            ("文化程度", "education"),
            ("在校生状况", "school_status"),
        ],
    ),
    Column("义务教育阶段未上学原因", "member", "out_of_school_reason", aliases=("失学或辍学原因",)),
    Column("健康状况", "member", "health", "multi"),
    *_cols(
        "member",
        "text",
        [
            ("残疾类别", "disability_kind"),
            ("残疾等级", "disability_grade"),
            ("劳动技能", "labour_skill"),
            ("务工所在地", "work_place"),
        ],
    ),
    Column("务工时间（月）", "member", "work_months", "decimal", aliases=("务工时间(月)",)),
    Column("公益性岗位", "member", "public_job"),
    Column("公益性岗位(月数)", "member", "public_job_months", "decimal", aliases=("公益性岗位（月数）",)),
    Column("家庭成员联系电话", "member", "phone"),
    *_cols(
        "member",
        "flag",
        [
            ("是否参加城乡居民基本医疗保险", "resident_medical"),
            ("是否参加城镇职工基本医疗保险", "employee_medical"),
            ("是否参加大病保险", "critical_illness"),
            ("是否参加城乡居民基本养老保险", "resident_pension"),
            ("是否参加城镇职工基本养老保险", "employee_pension"),
            ("是否接受医疗救助", "medical_aid"),
        ],
    ),
    *_cols(
        "member",
        "text",
        [
            ("享受低保政策情况", "dibao"),
            ("享受特困供养政策情况", "tekun"),
            ("人员状态", "status"),
            ("变更原因", "change_reason"),
        ],
    ),
    Column("变更时间", "member", "change_date", "date"),
    # Household-year.
    Column("年度", "year", "year", "int"),
    Column("家庭人口数", "year", "population_recorded", "int"),
    *_cols(
        "year",
        "decimal",
        [
            ("工资性收入", "wage_income"),
            ("生产经营性收入", "business_income"),
            ("财产性收入", "property_income"),
            ("转移性收入", "transfer_income"),
            ("生产经营性支出", "business_expense"),
            ("理赔收入", "claim_income"),
            ("合规自付支出", "medical_expense"),
            ("家庭纯收入", "net_income_recorded"),
        ],
    ),
    Column(
        "人均纯收入（元）", "year", "per_capita_recorded", "decimal", aliases=("人均纯收入(元)", "人均纯收入")
    ),
    Column("是否危房户", "year", "unsafe_housing", "flag"),
    Column("危房等级", "year", "housing_grade"),
    *_cols(
        "year",
        "flag",
        [
            ("是否解决安全饮用水", "safe_water"),
            ("是否义务教育阶段适龄儿童少年失学辍学", "out_of_school"),
            ("是否有家庭成员未参加城乡居民（职工）基本医疗保险", "uninsured_member"),
        ],
    ),
    *_cols(
        "year",
        "decimal",
        [
            ("耕地面积（亩）", "arable_land"),
            ("林地面积（亩）", "forest_land"),
            ("退耕还林面积（亩）", "returned_farmland"),
            ("林果面积（亩）", "orchard_land"),
            ("牧草地面积", "pasture_land"),
            ("水面面积", "water_area"),
        ],
    ),
    Column("入户路类型", "year", "road_kind"),
    Column("入户道路是否硬化", "year", "road_hardened", "flag"),
    Column("与村主干路距离", "year", "road_distance", "decimal"),
    Column("住房面积", "year", "housing_area", "decimal"),
    Column("是否通生活用电", "year", "has_electricity", "flag"),
    Column("是否有卫生厕所", "year", "has_sanitary_toilet", "flag"),
    *_cols(
        "year",
        "decimal",
        [
            ("识别时工资性收入", "id_wage_income"),
            ("识别时生产经营性收入", "id_business_income"),
            ("识别时财产性收入", "id_property_income"),
            ("识别时转移性收入", "id_transfer_income"),
            ("识别时生产经营性支出", "id_business_expense"),
            ("识别时理赔收入", "id_claim_income"),
            ("识别时合规自付支出", "id_medical_expense"),
            ("识别时人均纯收入", "id_per_capita"),
        ],
    ),
    Column("实施开发式帮扶措施情况", "year", "development_done"),
    *_cols(
        "year",
        "multi",
        [
            ("产业帮扶", "m_industry"),
            ("就业帮扶", "m_employment"),
            ("金融帮扶", "m_finance"),
            ("公益岗位帮扶", "m_public_job"),
            ("健康帮扶", "m_health"),
            ("义务教育保障", "m_compulsory_education"),
            ("教育帮扶", "m_education"),
            ("综合保障", "m_security"),
            ("住房安全保障", "m_housing"),
            ("饮水安全保障", "m_water"),
            ("社会帮扶", "m_social"),
            ("搬迁", "m_relocation"),
            ("生产生活条件改善", "m_living_conditions"),
            ("基础设施建设", "m_infrastructure"),
        ],
    ),
    *_cols(
        "year",
        "decimal",
        [
            ("风险消除后工资性收入", "el_wage_income"),
            ("风险消除后生产经营性收入", "el_business_income"),
            ("风险消除后财产性收入", "el_property_income"),
            ("风险消除后转移性收入", "el_transfer_income"),
            ("风险消除后生产经营性支出", "el_business_expense"),
            ("风险消除后人均纯收入", "el_per_capita"),
        ],
    ),
    *_cols(
        "year",
        "flag",
        [
            ("风险消除后是否住房损毁", "el_housing_damaged"),
            ("风险消除后是否饮水设施损毁", "el_water_damaged"),
            ("风险消除后是否义务教育阶段适龄儿童少年失学辍学", "el_out_of_school"),
        ],
    ),
    *_cols(
        "year",
        "text",
        [
            ("监测联系人", "contact_name"),
            ("监测联系人电话", "contact_phone"),
            ("信息采集人", "collector"),
            ("信息采集人联系电话", "collector_phone"),
        ],
    ),
    Column("采集日期", "year", "collected_on", "date"),
]

WORK_COLUMNS = [
    *AREA_COLUMNS,
    Column("户编号", "row", "household_no", required=True),
    Column("姓名", "row", "name", required=True),
    Column("证件号码", "row", "id_number", "id", required=True),
    Column("是否已务工", "row", "working", "flag", required=True),
    Column("开始时间", "row", "started_on", "date"),
    Column("结束时间", "row", "ended_on", "date"),
    Column("务工所在县", "row", "work_county"),
    Column("就业渠道", "row", "channel"),
    Column("务工月收入", "row", "monthly_income", "decimal"),
    Column("务工企业名称", "row", "employer"),
    Column("所属行业", "row", "industry"),
    Column("是否点对点输送", "row", "point_to_point", "flag"),
    Column("年度交通费补助", "row", "transport_subsidy", "decimal"),
    Column("是否计划务工", "row", "planning", "flag"),
    Column("计划务工所在县", "row", "planned_county"),
    Column("就业服务需求", "row", "service_needs"),
    Column("年度", "row", "year", "int"),
]

VILLAGE_COLUMNS = [
    *AREA_COLUMNS,
    Column("村代码", "row", "code", required=True),
    Column("是否出列", "row", "exited", "flag"),
    *_cols(
        "row",
        "int",
        [
            ("总户数", "households"),
            ("总人口数", "population"),
            ("脱贫户数", "lifted_households"),
            ("脱贫人口数", "lifted_population"),
            ("监测户数", "monitored_households"),
            ("监测人口数", "monitored_population"),
            ("低保户数", "dibao_households"),
            ("低保人口数", "dibao_population"),
            ("特困供养人口数", "tekun_population"),
            ("残疾人口数", "disabled_population"),
        ],
    ),
    Column("村级集体经济收入（万元）", "row", "collective_income", "decimal"),
    Column("农民人均纯收入（元）", "row", "farmer_income", "decimal"),
    *_cols(
        "row",
        "int",
        [
            ("村小学（个数）", "primary_schools"),
            ("行政村卫生室个数", "clinics"),
            ("行政村执业（助理）医师（人）", "doctors"),
            ("行政村公共卫生厕所个数", "public_toilets"),
            ("行政村文化（图书）室个数", "libraries"),
            ("行政村生产生活垃圾集中堆放点个数（个）", "waste_points"),
        ],
    ),
    Column("到乡镇是否通沥青（水泥）路", "row", "paved_to_town", "flag"),
    Column("是否通客运班车", "row", "has_bus", "flag"),
    *_cols(
        "row",
        "int",
        [
            ("未实现饮水安全户数", "unsafe_water_households"),
            ("危房户数", "unsafe_housing_households"),
            ("参加城乡居民基本养老保险人数", "pension_insured"),
        ],
    ),
    Column("村民小组", "row", "groups"),
    Column("年度", "row", "year", "int"),
]


@dataclass(frozen=True)
class FileKind:
    code: str
    title: str
    columns: list[Column]
    key_header: str  # the header row is the first row holding this name


FILE_KINDS = {
    "household": FileKind("household", "监测对象信息", HOUSEHOLD_COLUMNS, "证件号码"),
    "work": FileKind("work", "务工监测", WORK_COLUMNS, "证件号码"),
    "village": FileKind("village", "行政村信息", VILLAGE_COLUMNS, "村代码"),
}
