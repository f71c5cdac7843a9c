"""Households, members, household-years and the monitoring line.

Values are stored as the national export writes them. A value that could not be parsed (an impossible
date, a word where a number belongs) leaves its field empty and keeps its text in `raw[field]`, so that
nothing is silently fixed or dropped and an export writes back exactly what came in.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models

from fangfanpin.areas.models import Area
from fangfanpin.core.enums import HouseholdKind, MemberStatus


def _money(verbose: str) -> models.DecimalField:
    return models.DecimalField(verbose, max_digits=14, decimal_places=2, null=True, blank=True)


def _number(verbose: str) -> models.DecimalField:
    return models.DecimalField(verbose, max_digits=12, decimal_places=2, null=True, blank=True)


def _text(verbose: str, length: int = 40) -> models.CharField:
    return models.CharField(verbose, max_length=length, blank=True, default="")


def _flag(verbose: str) -> models.BooleanField:
    return models.BooleanField(verbose, null=True, blank=True)


class MonitoringLine(models.Model):
    """The monitoring line (yuan per person per year) of an area and year; the nearest ancestor's applies."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, verbose_name="区域")
    year = models.PositiveSmallIntegerField("年度")
    yuan = models.DecimalField("监测标准（元/人·年）", max_digits=10, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="monitoring_line_unique_area_year")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}: {self.yuan}"


class Household(models.Model):
    household_no = models.CharField("户编号", max_length=40, unique=True)
    village = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="households", verbose_name="村")
    group = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_households",
        verbose_name="组",
    )
    kind = _text("户类型", 10)
    phone = _text("户联系电话", 40)
    address = _text("家庭住址", 200)
    military_family = _flag("是否军烈属")
    relocated = _flag("是否易地扶贫搬迁户")
    lon = models.DecimalField("经度", max_digits=10, decimal_places=6, null=True, blank=True)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=6, null=True, blank=True)
    head_name = _text("户主姓名", 60)
    raw = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["household_no"]
        indexes = [models.Index(fields=["village", "household_no"], name="household_village_no")]

    def __str__(self) -> str:
        return f"{self.household_no} {self.head_name}"

    @property
    def is_lifted(self) -> bool:
        return self.kind == HouseholdKind.LIFTED


class Member(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    seq = models.PositiveSmallIntegerField("序号", default=0)
    name = _text("姓名", 60)
    name_initials = models.CharField("姓名拼音首字母", max_length=60, blank=True, default="")
    sex = _text("性别", 4)
    id_kind = _text("证件类型", 10)
    id_number = models.CharField("证件号码", max_length=40, blank=True, default="")
    birth_date = models.DateField("出生日期", null=True, blank=True)
    relation = _text("与户主关系", 10)
    ethnicity = _text("民族", 10)
    political_status = _text("政治面貌", 10)
    education = _text("文化程度", 10)
    school_status = _text("在校生状况", 20)
    out_of_school_reason = _text("义务教育阶段未上学原因", 20)
    health = _text("健康状况", 30)
    disability_kind = _text("残疾类别", 10)
    disability_grade = _text("残疾等级", 10)
    labour_skill = _text("劳动技能", 20)
    work_place = _text("务工所在地", 60)
    work_months = _number("务工时间（月）")
    public_job = _text("公益性岗位", 60)
    public_job_months = _number("公益性岗位(月数)")
    phone = _text("家庭成员联系电话", 40)
    resident_medical = _flag("是否参加城乡居民基本医疗保险")
    employee_medical = _flag("是否参加城镇职工基本医疗保险")
    critical_illness = _flag("是否参加大病保险")
    resident_pension = _flag("是否参加城乡居民基本养老保险")
    employee_pension = _flag("是否参加城镇职工基本养老保险")
    medical_aid = _flag("是否接受医疗救助")
    dibao = _text("享受低保政策情况", 10)
    tekun = _text("享受特困供养政策情况", 10)
    status = models.CharField("人员状态", max_length=10, default=MemberStatus.REGISTERED, blank=True)
    change_reason = _text("变更原因", 40)
    change_date = models.DateField("变更时间", null=True, blank=True)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["household_id", "seq"]
        indexes = [
            models.Index(fields=["id_number"], name="member_id_number"),
            # varchar_pattern_ops lets PostgreSQL use the index for prefix LIKE under any collation;
            # other databases ignore opclasses and build a plain index.
            models.Index(fields=["name"], name="member_name", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["name_initials"], name="member_initials"),
        ]

    def __str__(self) -> str:
        return self.name


class HouseholdYear(models.Model):
    """A household's yearly record: income, 三保障和饮水, conditions, monitoring and measures as exported."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField("年度")
    # Monitoring as exported for the year.
    category = _text("监测对象类别", 20)
    identified_month = models.DateField("识别监测时间", null=True, blank=True)
    eliminated = _flag("风险是否已消除")
    eliminated_month = models.DateField("消除监测时间", null=True, blank=True)
    elimination_way = _text("风险消除方式", 10)
    risk1 = _text("致贫/返贫风险1", 20)
    risk2 = _text("致贫/返贫风险2", 20)
    risk3 = _text("致贫/返贫风险3", 20)
    risk4 = _text("致贫/返贫风险4", 20)
    risk5 = _text("致贫/返贫风险5", 20)
    disaster_subtype = _text("因自然灾害子项", 20)
    other_remark = _text("其他备注", 200)
    no_labour_safety_net = _flag("整户无劳动能力兜底保障户")
    # Income of the income period.
    population_recorded = models.IntegerField("家庭人口数", null=True, blank=True)
    wage_income = _money("工资性收入")
    business_income = _money("生产经营性收入")
    property_income = _money("财产性收入")
    transfer_income = _money("转移性收入")
    business_expense = _money("生产经营性支出")
    claim_income = _money("理赔收入")
    medical_expense = _money("合规自付支出")
    net_income_recorded = _money("家庭纯收入")
    per_capita_recorded = _money("人均纯收入（元）")
    population = models.IntegerField("家庭人口数（计算）", null=True, blank=True)
    net_income = _money("家庭纯收入（计算）")
    per_capita = _money("人均纯收入（计算）")
    # 三保障和饮水.
    unsafe_housing = _flag("是否危房户")
    housing_grade = _text("危房等级", 4)
    safe_water = _flag("是否解决安全饮用水")
    out_of_school = _flag("是否义务教育阶段适龄儿童少年失学辍学")
    uninsured_member = _flag("是否有家庭成员未参加城乡居民（职工）基本医疗保险")
    # Living conditions.
    arable_land = _number("耕地面积（亩）")
    forest_land = _number("林地面积（亩）")
    returned_farmland = _number("退耕还林面积（亩）")
    orchard_land = _number("林果面积（亩）")
    pasture_land = _number("牧草地面积")
    water_area = _number("水面面积")
    road_kind = _text("入户路类型", 10)
    road_hardened = _flag("入户道路是否硬化")
    road_distance = _number("与村主干路距离")
    housing_area = _number("住房面积")
    has_electricity = _flag("是否通生活用电")
    has_sanitary_toilet = _flag("是否有卫生厕所")
    # At identification.
    id_wage_income = _money("识别时工资性收入")
    id_business_income = _money("识别时生产经营性收入")
    id_property_income = _money("识别时财产性收入")
    id_transfer_income = _money("识别时转移性收入")
    id_business_expense = _money("识别时生产经营性支出")
    id_claim_income = _money("识别时理赔收入")
    id_medical_expense = _money("识别时合规自付支出")
    id_per_capita = _money("识别时人均纯收入")
    # Measures, several values per cell joined by 、.
    development_done = _text("实施开发式帮扶措施情况", 10)
    m_industry = _text("产业帮扶", 200)
    m_employment = _text("就业帮扶", 200)
    m_finance = _text("金融帮扶", 200)
    m_public_job = _text("公益岗位帮扶", 200)
    m_health = _text("健康帮扶", 200)
    m_compulsory_education = _text("义务教育保障", 200)
    m_education = _text("教育帮扶", 200)
    m_security = _text("综合保障", 200)
    m_housing = _text("住房安全保障", 200)
    m_water = _text("饮水安全保障", 200)
    m_social = _text("社会帮扶", 200)
    m_relocation = _text("搬迁", 200)
    m_living_conditions = _text("生产生活条件改善", 200)
    m_infrastructure = _text("基础设施建设", 200)
    # After elimination.
    el_wage_income = _money("风险消除后工资性收入")
    el_business_income = _money("风险消除后生产经营性收入")
    el_property_income = _money("风险消除后财产性收入")
    el_transfer_income = _money("风险消除后转移性收入")
    el_business_expense = _money("风险消除后生产经营性支出")
    el_per_capita = _money("风险消除后人均纯收入")
    el_housing_damaged = _flag("风险消除后是否住房损毁")
    el_water_damaged = _flag("风险消除后是否饮水设施损毁")
    el_out_of_school = _flag("风险消除后是否义务教育阶段适龄儿童少年失学辍学")
    contact_name = _text("监测联系人", 60)
    contact_phone = _text("监测联系人电话", 40)
    # Collection.
    collector = _text("信息采集人", 60)
    collector_phone = _text("信息采集人联系电话", 40)
    collected_on = models.DateField("采集日期", null=True, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["household_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="household_year_unique"),
        ]
        indexes = [models.Index(fields=["year", "category"], name="household_year_category")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.year}"

    @property
    def risks(self) -> list[str]:
        return [r for r in (self.risk1, self.risk2, self.risk3, self.risk4, self.risk5) if r]

    @property
    def per_capita_after_medical(self) -> Decimal | None:
        """(家庭纯收入 − 合规自付支出) ÷ 家庭人口数: income after rigid medical spending."""
        if self.net_income is None or not self.population:
            return None
        spent = self.medical_expense or Decimal(0)
        return ((self.net_income - spent) / self.population).quantize(Decimal("0.01"))


class WorkSpell(models.Model):
    """A row of the work-monitoring export (务工监测): one person's work spell."""

    year = models.PositiveSmallIntegerField("年度")
    household_no = models.CharField("户编号", max_length=40, db_index=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="work_spells"
    )
    name = _text("姓名", 60)
    id_number = models.CharField("证件号码", max_length=40, blank=True, default="", db_index=True)
    working = _flag("是否已务工")
    started_on = models.DateField("开始时间", null=True, blank=True)
    ended_on = models.DateField("结束时间", null=True, blank=True)
    work_county = _text("务工所在县", 60)
    channel = _text("就业渠道", 60)
    monthly_income = _money("务工月收入")
    employer = _text("务工企业名称", 200)
    industry = _text("所属行业", 60)
    point_to_point = _flag("是否点对点输送")
    transport_subsidy = _money("年度交通费补助")
    planning = _flag("是否计划务工")
    planned_county = _text("计划务工所在县", 60)
    service_needs = _text("就业服务需求", 200)
    seq = models.PositiveIntegerField("文件行序", default=0)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["year", "household_no", "seq"]

    def __str__(self) -> str:
        return f"{self.year} {self.name} {self.work_county}"


class VillageYear(models.Model):
    """A village's yearly record from the village export (行政村信息)."""

    village = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="village_years")
    year = models.PositiveSmallIntegerField("年度")
    exited = _flag("是否出列")
    households = models.IntegerField("总户数", null=True, blank=True)
    population = models.IntegerField("总人口数", null=True, blank=True)
    lifted_households = models.IntegerField("脱贫户数", null=True, blank=True)
    lifted_population = models.IntegerField("脱贫人口数", null=True, blank=True)
    monitored_households = models.IntegerField("监测户数", null=True, blank=True)
    monitored_population = models.IntegerField("监测人口数", null=True, blank=True)
    dibao_households = models.IntegerField("低保户数", null=True, blank=True)
    dibao_population = models.IntegerField("低保人口数", null=True, blank=True)
    tekun_population = models.IntegerField("特困供养人口数", null=True, blank=True)
    disabled_population = models.IntegerField("残疾人口数", null=True, blank=True)
    collective_income = _money("村级集体经济收入（万元）")
    farmer_income = _money("农民人均纯收入（元）")
    primary_schools = models.IntegerField("村小学（个数）", null=True, blank=True)
    clinics = models.IntegerField("行政村卫生室个数", null=True, blank=True)
    doctors = models.IntegerField("行政村执业（助理）医师（人）", null=True, blank=True)
    public_toilets = models.IntegerField("行政村公共卫生厕所个数", null=True, blank=True)
    libraries = models.IntegerField("行政村文化（图书）室个数", null=True, blank=True)
    waste_points = models.IntegerField("行政村生产生活垃圾集中堆放点个数（个）", null=True, blank=True)
    paved_to_town = _flag("到乡镇是否通沥青（水泥）路")
    has_bus = _flag("是否通客运班车")
    unsafe_water_households = models.IntegerField("未实现饮水安全户数", null=True, blank=True)
    unsafe_housing_households = models.IntegerField("危房户数", null=True, blank=True)
    pension_insured = models.IntegerField("参加城乡居民基本养老保险人数", null=True, blank=True)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="village_year_unique")]

    def __str__(self) -> str:
        return f"{self.village_id} {self.year}"


class ImportBatch(models.Model):
    """One national-format file loaded: who, when, what it did, and every error if it was refused."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        REFUSED = "refused", "已拒绝"

    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    file_name = models.CharField("文件名", max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)
    kind = _text("文件类型", 20)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    rows = models.PositiveIntegerField("行数", default=0)
    summary = models.CharField("结果", max_length=500, blank=True)
    errors = models.JSONField("错误", default=list, blank=True)
    notices = models.JSONField("提示", default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class Change(models.Model):
    """What changed in one household, when and by what (an import batch or a user)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField("来源", max_length=200)
    # [{"what": "成员 张三", "field": "劳动技能", "old": "...", "new": "..."}]
    items = models.JSONField(default=list)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.household_id} {self.source}"
