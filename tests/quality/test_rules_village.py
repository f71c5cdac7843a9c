import pytest

from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.runner import catalogue_run
from fangfanpin.quality.snapshot import snapshot_memory
from fangfanpin.registry.models import VillageYear

from ..factories import MemberFactory, household_make


def _village_year(village, **counts):
    """The village export's row of 2021, with figures that pass VIL-01 and VIL-02 unless given."""
    values = {
        "households": 100,
        "population": 400,
        "unsafe_water_households": 0,
        "unsafe_housing_households": 0,
        **counts,
    }
    return VillageYear.objects.create(village=village, year=2021, **values)


def _found(result):
    return [(f.subject, f.village_code, f.household_id, f.name, f.description) for f in result]


def test_vil01_finds_an_empty_total_and_names_both_figures(township, findings):
    _village_year(township.lianhe, households=None, population=312)
    _village_year(township.heping, households=80, population=0)
    _village_year(township.tuanjie, households=1, population=1)
    assert _found(findings("VIL-01")) == [
        (f"V{township.lianhe.code}", township.lianhe.code, None, "", "总户数为空，总人口数为312"),
        (f"V{township.heping.code}", township.heping.code, None, "", "总户数为80，总人口数为0"),
    ]


def test_vil01_ignores_another_years_row(township, findings):
    VillageYear.objects.create(village=township.lianhe, year=2020, households=0, population=0)
    assert findings("VIL-01") == []


def test_vil02_finds_unsafe_households_exceeding_the_total(township, findings):
    _village_year(township.lianhe, households=40, unsafe_water_households=12, unsafe_housing_households=30)
    _village_year(township.heping, households=42, unsafe_water_households=12, unsafe_housing_households=30)
    assert _found(findings("VIL-02")) == [
        (
            f"V{township.lianhe.code}",
            township.lianhe.code,
            None,
            "",
            "未实现饮水安全户数12 + 危房户数30 = 42，超过总户数40",
        )
    ]


def test_vil02_counts_an_empty_figure_as_zero(township, findings):
    _village_year(township.lianhe, households=5, unsafe_water_households=None, unsafe_housing_households=6)
    [finding] = findings("VIL-02")
    assert finding.description == "未实现饮水安全户数0 + 危房户数6 = 6，超过总户数5"


def _ordinary(village, **record):
    household = household_make(village=village, **record)
    household.kind = "一般农户"
    household.save()
    return household


def _registry_of_lianhe(township):
    """联合村: a 脱贫户 of 3 (one removed), a monitored 一般农户 of 2, a 清退 household, an ordinary one."""
    lifted = household_make(village=township.lianhe, others=("李一", "李二"), category="脱贫不稳定户")
    MemberFactory(household=lifted, relation="之女", status="自然减少")
    _ordinary(township.lianhe, others=("王一",), category="边缘易致贫户")
    _ordinary(township.lianhe, category="清退")
    _ordinary(township.lianhe)
    household_make(village=township.lianhe, year=2020)  # no record of 2021: not counted
    household_make(village=township.heping, others=("赵一",))  # another village's


def test_vil03_accepts_counts_that_match_the_registry(township, findings):
    _registry_of_lianhe(township)
    _village_year(
        township.lianhe,
        lifted_households=1,
        lifted_population=3,
        monitored_households=2,
        monitored_population=5,
    )
    assert findings("VIL-03") == []


def test_vil03_names_every_count_that_differs_with_both_values(township, findings):
    _registry_of_lianhe(township)
    _village_year(
        township.lianhe,
        lifted_households=1,
        lifted_population=4,
        monitored_households=None,
        monitored_population=5,
    )
    assert _found(findings("VIL-03")) == [
        (
            f"V{township.lianhe.code}",
            township.lianhe.code,
            None,
            "",
            "脱贫人口数：村表4，农户信息3；监测户数：村表空，农户信息2",
        )
    ]


def test_vil03_finds_a_village_without_registry_households(township, findings):
    _village_year(township.tuanjie, lifted_households=7)
    [finding] = findings("VIL-03")
    assert (finding.subject, finding.description) == (
        f"V{township.tuanjie.code}",
        "脱贫户数：村表7，农户信息0",
    )


@pytest.mark.spark
def test_village_rules_find_the_same_on_spark(township):
    pytest.importorskip("pyspark")
    _registry_of_lianhe(township)
    _village_year(township.lianhe, households=None, lifted_households=1, lifted_population=4)
    _village_year(township.heping, households=3, unsafe_water_households=2, unsafe_housing_households=2)
    snap = snapshot_memory(year=2021)
    rules = CATALOGUE.select(["VIL-01", "VIL-02", "VIL-03"])
    on_duckdb = catalogue_run(snapshot=snap, rules=rules)
    assert {f.rule for f in on_duckdb} == {"VIL-01", "VIL-02", "VIL-03"}
    assert catalogue_run(snapshot=snap, rules=rules, engine="spark") == on_duckdb
