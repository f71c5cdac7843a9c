"""Every code list of the domain (GLOSSARY.md), and nowhere else.

Values are the Chinese words the national export and county systems use; they are stored as written.
"""

from django.db import models

YES, NO = "是", "否"
YES_WORDS = frozenset({"是", "Y", "y", "1", "yes", "Yes", "YES", "TRUE", "true", "True"})
NO_WORDS = frozenset({"否", "N", "n", "0", "no", "No", "NO", "FALSE", "false", "False"})
EMPTY_WORDS = frozenset({"", "—", "-", "/", "无", "——"})


class AreaLevel(models.TextChoices):
    PROVINCE = "省", "省"
    CITY = "市", "市(州)"
    COUNTY = "县", "县(市、区)"
    TOWN = "乡", "乡(镇)"
    VILLAGE = "村", "行政村"
    GROUP = "组", "村民小组"


# Significant code length of each level: a child's code starts with its parent's prefix.
AREA_PREFIX_LEN = {
    AreaLevel.PROVINCE: 2,
    AreaLevel.CITY: 4,
    AreaLevel.COUNTY: 6,
    AreaLevel.TOWN: 9,
    AreaLevel.VILLAGE: 12,
    AreaLevel.GROUP: 15,
}


class HouseholdKind(models.TextChoices):
    LIFTED = "脱贫户"
    ORDINARY = "一般农户"


class MonitoringCategory(models.TextChoices):
    UNSTABLE = "脱贫不稳定户"
    MARGINAL = "边缘易致贫户"
    SUDDEN = "突发严重困难户"


REMOVED_CATEGORY = "清退"


class EliminationWay(models.TextChoices):
    BY_ASSISTANCE = "帮扶消除"
    NATURAL = "自然消除"


RISKS = (
    "因病",
    "因学",
    "因残",
    "因自然灾害",
    "因意外事故",
    "因产业项目失败",
    "因务工就业不稳",
    "缺劳动力",
    "因安全住房",
    "因安全饮水",
    "其他",
)
MAX_RISKS = 5
DISASTER_SUBTYPES = ("洪涝灾害", "地质灾害", "旱灾", "生物灾害", "气象灾害", "地震灾害", "其他")

# Measure type → its listed sub-values (extendable by administrators).
MEASURES: dict[str, tuple[str, ...]] = {
    "产业帮扶": (),
    "就业帮扶": ("外出务工补贴", "劳务输出", "技能培训", "其他"),
    "金融帮扶": ("小额信贷", "其他"),
    "公益岗位帮扶": (),
    "住房安全保障": (),
    "饮水安全保障": (),
    "健康帮扶": ("城乡居民基本医疗保险个人缴费补贴", "医疗救助", "其他"),
    "义务教育保障": (),
    "教育帮扶": ("雨露计划", "其他"),
    "综合保障": ("低保", "特困供养", "残疾人补贴", "临时救助"),
    "社会帮扶": (),
    "搬迁": (),
    "生产生活条件改善": (),
    "基础设施建设": (),
}
DEVELOPMENT_MEASURES = ("产业帮扶", "就业帮扶", "金融帮扶", "公益岗位帮扶")
MEASURE_DONE = ("已实施", "尚未实施")

EXPECTED_MEASURES: dict[str, tuple[str, ...]] = {
    "因病": ("健康帮扶", "社会帮扶", "综合保障"),
    "因学": ("义务教育保障", "教育帮扶", "社会帮扶"),
    "因残": ("综合保障", "社会帮扶"),
    "因安全住房": ("住房安全保障", "搬迁"),
    "因安全饮水": ("饮水安全保障",),
    "因务工就业不稳": ("就业帮扶", "公益岗位帮扶"),
    "因产业项目失败": ("产业帮扶", "金融帮扶"),
    "缺劳动力": ("综合保障", "公益岗位帮扶"),
    "义务教育阶段失学辍学": ("义务教育保障",),
    "有成员未参加基本医疗保险": ("健康帮扶", "社会帮扶"),
}

RELATIONS = (
    "户主",
    "配偶",
    "之子",
    "之女",
    "之儿媳",
    "之女婿",
    "之孙子",
    "之孙女",
    "之外孙子",
    "之外孙女",
    "之父",
    "之母",
    "之岳父",
    "之岳母",
    "之公公",
    "之婆婆",
    "之祖父",
    "之祖母",
    "之外祖父",
    "之外祖母",
    "之兄弟姐妹",
    "之曾孙子",
    "之曾孙女",
    "之侄儿",
    "之侄女",
    "之兄弟媳妇",
    "之叔伯",
    "其他",
)
HEAD = "户主"
SPOUSE = "配偶"
FEMALE_ONLY_RELATIONS = frozenset(
    {
        "之女",
        "之母",
        "之儿媳",
        "之婆婆",
        "之孙女",
        "之外孙女",
        "之曾孙女",
        "之兄弟媳妇",
        "之岳母",
        "之侄女",
        "之祖母",
        "之外祖母",
    }
)
MALE_ONLY_RELATIONS = frozenset(
    {
        "之子",
        "之父",
        "之公公",
        "之女婿",
        "之叔伯",
        "之孙子",
        "之外孙子",
        "之曾孙子",
        "之岳父",
        "之侄儿",
        "之祖父",
        "之外祖父",
    }
)


class Sex(models.TextChoices):
    MALE = "男"
    FEMALE = "女"


ID_KINDS = ("居民身份证", "残疾人证", "户口簿", "其他")
RESIDENT_ID = "居民身份证"
DISABILITY_CERT = "残疾人证"

ETHNICITIES = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "其他",
)
POLITICAL_STATUSES = ("中共党员", "中共预备党员", "共青团员", "民主党派", "群众")
EDUCATION_LEVELS = ("文盲或半文盲", "小学", "初中", "高中", "中职", "技师", "高职高专", "大专", "本科及以上")

COMPULSORY_GRADES = ("小学", "七年级", "八年级", "九年级")
SCHOOL_STATUSES = (
    "学龄前儿童",
    "学前教育",
    "小学",
    "七年级",
    "八年级",
    "九年级",
    "普通高中一年级",
    "普通高中二年级",
    "普通高中三年级",
    "中职一年级",
    "中职二年级",
    "中职三年级",
    "高职高专一年级",
    "高职高专二年级",
    "高职高专三年级",
    "技师学院一年级",
    "技师学院二年级",
    "技师学院三年级",
    "技师学院四年级",
    "本科一年级",
    "本科二年级",
    "本科三年级",
    "本科四年级",
    "本科五年级",
    "硕士研究生及以上",
)
COMPULSORY_AGE = (6, 15)  # full years at 1 September of the school year
OUT_OF_SCHOOL_REASONS = ("因病", "因残", "因学习困难", "因家庭困难", "其他")

HEALTH_STATES = ("健康", "长期慢性病", "患有大病", "残疾")
HEALTHY = "健康"
DISABLED = "残疾"
DISABILITY_KINDS = ("视力", "听力", "言语", "肢体", "智力", "精神", "多重")
DISABILITY_GRADES = ("一级", "二级", "三级", "四级")
SEVERE_DISABILITY_GRADES = ("一级", "二级")

LABOUR_SKILLS = ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力")
HAS_LABOUR = frozenset({"普通劳动力", "技能劳动力", "弱劳动力或半劳动力"})
WORK_PLACES = ("乡镇内", "乡镇外县内", "县外省内", "省外")

DIBAO_STATES = ("农村低保", "城市低保", "未享受")
TEKUN_STATES = ("农村特困", "城市特困", "不享受")
NOT_ENJOYING = frozenset({"未享受", "不享受", ""})

HOUSING_GRADES = ("A", "B", "C", "D")
UNSAFE_HOUSING_GRADES = frozenset({"C", "D"})
ROAD_KINDS = ("泥土路", "砂石路", "水泥路", "沥青路", "其他")


class MemberStatus(models.TextChoices):
    REGISTERED = "在册"
    REMOVED = "自然减少"


MEMBER_ADD_REASONS = ("新生儿", "婚姻嫁入", "其他")
MEMBER_REMOVE_REASONS = ("死亡", "婚姻嫁出", "迁出", "服刑", "其他")

CASE_SOURCES = (
    "农户自主申报",
    "手机APP申报",
    "12317热线",
    "政府救助平台（群众举手）",
    "政府救助平台（他人代举）",
    "政府救助平台（政府托举）",
    "干部走访排查",
    "行业部门筛查预警",
    "监督渠道反馈",
    "平台监测分析",
    "回头看",
)
RESCUE_REQUEST_TYPES = ("基本生活保障", "就业帮扶", "住房安全", "饮水安全", "义务教育", "基本医疗")

# Income items (GLOSSARY "Income"): field name → Chinese.
INCOME_ITEMS = {
    "wage_income": "工资性收入",
    "business_income": "生产经营性收入",
    "property_income": "财产性收入",
    "transfer_income": "转移性收入",
    "business_expense": "生产经营性支出",
    "claim_income": "理赔收入",
    "medical_expense": "合规自付支出",
}


class Role(models.TextChoices):
    VILLAGE_OPERATOR = "village_operator", "村级操作员"
    WORK_TEAM = "work_team", "驻村工作队"
    TOWNSHIP_ADMIN = "township_admin", "乡镇管理员"
    CITY_ADMIN = "city_admin", "市(县)级管理员"
    DEPARTMENT = "department", "部门用户"
    SUPERVISOR = "supervisor", "督导"
