"""The administrative divisions every installation starts with, and the demo township's villages.

Codes follow the statistical division code scheme (12 digits: 2 province, 2 city, 2 county, 3 town,
3 village; 村委会 from 201). 小中甸镇's three village committees (联合, 和平, 团结) are the real ones;
its villager groups are sample names (示例), not the real groups.
"""

from decimal import Decimal

from fangfanpin.core.enums import AreaLevel

PROVINCE = ("530000000000", "云南省", AreaLevel.PROVINCE, None)
BASE_AREAS = [
    PROVINCE,
    ("533400000000", "迪庆藏族自治州", AreaLevel.CITY, "530000000000"),
    ("533401000000", "香格里拉市", AreaLevel.COUNTY, "533400000000"),
    ("533422000000", "德钦县", AreaLevel.COUNTY, "533400000000"),
    ("533423000000", "维西傈僳族自治县", AreaLevel.COUNTY, "533400000000"),
]
DEMO_TOWN = ("533401101000", "小中甸镇", AreaLevel.TOWN, "533401000000")
DEMO_VILLAGES = [
    ("533401101201", "联合村", AreaLevel.VILLAGE, DEMO_TOWN[0]),
    ("533401101202", "和平村", AreaLevel.VILLAGE, DEMO_TOWN[0]),
    ("533401101203", "团结村", AreaLevel.VILLAGE, DEMO_TOWN[0]),
]
DEMO_CENTRES = {
    "533401101201": (Decimal("99.8120"), Decimal("27.5830")),
    "533401101202": (Decimal("99.7870"), Decimal("27.6310")),
    "533401101203": (Decimal("99.8400"), Decimal("27.5120")),
}
# (province code, year, yuan): the national line of 2020 and 2021.
MONITORING_LINES = [("530000000000", 2020, Decimal(6000)), ("530000000000", 2021, Decimal(6000))]
