"""Income and land (INC, LAND): the amounts of the household's record are possible and agree."""

from decimal import Decimal

from fangfanpin.core.enums import INCOME_ITEMS
from fangfanpin.quality.catalogue.fragments import money, number
from fangfanpin.quality.catalogue.household_fragments import amount, household_rule, zero_or_empty
from fangfanpin.quality.models import Severity
from fangfanpin.quality.rules import Param
from fangfanpin.registry.models import HouseholdYear

TITLES = {f.name: str(f.verbose_name) for f in HouseholdYear._meta.concrete_fields}
# Every income item of the year, and the same items at identification and after elimination (识别时…,
# 风险消除后…): a negative amount is as wrong there, and those figures decide categories and eliminations.
AMOUNTS = [
    name for prefix in ("", "id_", "el_") for item in INCOME_ITEMS if (name := prefix + item) in TITLES
]


def _each(checks: list[tuple[str, str]]) -> tuple[str, str]:
    """(description, condition) of a household rule that names every (condition, text) pair that holds."""
    description = "concat_ws('；', " + ", ".join(f"CASE WHEN {c} THEN {t} END" for c, t in checks) + ")"
    return description, " OR ".join(f"({c})" for c, _ in checks)


NEGATIVE = _each([(f"h.{a} < 0", f"'{TITLES[a]}为' || {money(f'h.{a}')} || '元'") for a in AMOUNTS])


def _recorded_vs_computed(recorded: str, computed: str, title: str) -> tuple[str, str]:
    return (
        f"abs(h.{recorded} - h.{computed}) > :tolerance",
        f"'{title}填为' || {money(f'h.{recorded}')} || '元，按公式计算为' || {money(f'h.{computed}')} || '元'",
    )


RECOMPUTED = _each(
    [
        _recorded_vs_computed("net_income_recorded", "net_income", "家庭纯收入"),
        _recorded_vs_computed("per_capita_recorded", "per_capita", "人均纯收入"),
    ]
)

# LAND-01's areas with the parameter that bounds each: cultivated land, pasture and water to 100 亩,
# forest, orchards and returned farmland to 200 亩.
LAND_BOUNDS = {
    "arable_land": "max_farmland",
    "pasture_land": "max_farmland",
    "water_area": "max_farmland",
    "forest_land": "max_forest",
    "orchard_land": "max_forest",
    "returned_farmland": "max_forest",
}
LAND = _each(
    [
        (
            f"h.{area} < 0 OR h.{area} > :{bound}",
            f"'{TITLES[area].removesuffix('（亩）')}为' || {number(f'h.{area}')} || '亩，应在0至'"
            f" || CAST(:{bound} AS VARCHAR) || '亩之间'",
        )
        for area, bound in LAND_BOUNDS.items()
    ]
)

CHANGE = """'人均纯收入由上年' || {prev} || '元' || CASE WHEN h.per_capita > h.prev_per_capita
       THEN '增至' || {now} || '元，增幅超过' || CAST(:rise_percent AS VARCHAR) || '%'
       ELSE '降至' || {now} || '元，降幅超过' || CAST(:fall_percent AS VARCHAR) || '%' END""".format(
    prev=money("h.prev_per_capita"), now=money("h.per_capita")
)

DISTANCE = f"""CASE WHEN h.road_distance IS NULL THEN '与村主干路距离为空或不是数字'
            WHEN h.road_distance < 0 THEN '与村主干路距离为' || {number("h.road_distance")} || '公里，不应为负数'
            ELSE '与村主干路距离为' || {number("h.road_distance")} || '公里，超过' || CAST(:max_km AS VARCHAR)
                 || '公里' END"""

RULES = (
    household_rule("INC-01", "收入或支出为负数", Severity.ERROR, *NEGATIVE),
    household_rule(
        "INC-02",
        "家庭纯收入或人均纯收入与计算值不符",
        Severity.DOUBT,
        *RECOMPUTED,
        (Param("tolerance", "允许误差（元）", Decimal(1)),),
    ),
    # A previous income of 0 or less has no percentage to change by: such a household is left out.
    household_rule(
        "INC-03",
        "人均纯收入较上年变化过大",
        Severity.DOUBT,
        CHANGE,
        """h.prev_per_capita > 0
           AND (h.per_capita * 100 > h.prev_per_capita * (100 + :rise_percent)
                OR h.per_capita * 100 < h.prev_per_capita * (100 - :fall_percent))""",
        (
            Param("rise_percent", "增幅上限（%）", 100),
            Param("fall_percent", "降幅上限（%）", 50),
        ),
    ),
    household_rule(
        "INC-04",
        "有成员务工但工资性收入为0",
        Severity.DOUBT,
        f"CAST(h.n_working AS VARCHAR) || '名在册成员有务工时间或公益性岗位，但工资性收入为' || {amount('wage_income')}",
        f"h.n_working > 0 AND {zero_or_empty('wage_income')}",
    ),
    household_rule(
        "INC-05",
        "有成员享受低保或特困供养但转移性收入为0",
        Severity.DOUBT,
        f"CAST(h.n_dibao_tekun AS VARCHAR) || '名在册成员享受低保或特困供养，但转移性收入为' || "
        f"{amount('transfer_income')}",
        f"h.n_dibao_tekun > 0 AND {zero_or_empty('transfer_income')}",
    ),
    household_rule(
        "LAND-01",
        "土地面积超出合理范围",
        Severity.DOUBT,
        *LAND,
        (
            Param("max_farmland", "耕地、牧草地、水面面积上限（亩）", 100),
            Param("max_forest", "林地、林果、退耕还林面积上限（亩）", 200),
        ),
    ),
    # The registry keeps a value that is not a number as empty (its text stays in `raw`, which the
    # snapshot leaves out), so an empty distance is reported with the same words.
    household_rule(
        "LAND-02",
        "与村主干路距离异常",
        Severity.DOUBT,
        DISTANCE,
        "h.road_distance IS NULL OR h.road_distance < 0 OR h.road_distance > :max_km",
        (Param("max_km", "与村主干路距离上限（公里）", 5),),
    ),
)
