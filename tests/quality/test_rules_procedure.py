import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest

from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.models import AssetReview
from fangfanpin.quality.runner import catalogue_run
from fangfanpin.quality.snapshot import snapshot_memory

from ..factories import household_make


def run_with_procedures(codes, records=(), engine="duckdb"):
    """Run the rules with `records` — (household, kind, on_date, days) — as the snapshot's procedure records."""
    snap = snapshot_memory(year=2021)
    schema = snap.schemas["procedure_record"]
    rows = [
        {"household_id": h.pk, "kind": kind, "on_date": on, "days": days} for h, kind, on, days in records
    ]
    snap.tables["procedure_record"] = pa.Table.from_pylist(rows, schema=schema)
    return catalogue_run(snapshot=snap, rules=CATALOGUE.select(codes), engine=engine)


def _monitored(village, **record):
    return household_make(village=village, **{"category": "边缘易致贫户", **record})


def _found(result):
    return [(f.subject, f.village_code, f.id_number, f.name, f.description) for f in result]


ON = dt.date(2021, 3, 1)


def test_proc01_finds_a_monitored_household_without_a_signed_application(township):
    without = _monitored(township.lianhe)
    signed = _monitored(township.heping)
    household_make(village=township.lianhe)  # not monitored
    household_make(village=township.lianhe, category="清退")
    result = run_with_procedures(["PROC-01"], [(signed, "application_signed", ON, None)])
    assert _found(result) == [
        (
            f"H{without.pk}",
            township.lianhe.code,
            "",
            "",
            "监测对象类别为边缘易致贫户，没有农户申请及签署的承诺授权书记录",
        )
    ]


def test_proc01_is_not_satisfied_by_another_kind_of_record(township):
    household = _monitored(township.lianhe)
    [finding] = run_with_procedures(["PROC-01"], [(household, "democratic_evaluation", ON, None)])
    assert finding.subject == f"H{household.pk}"


def test_proc02_finds_a_monitored_household_without_a_democratic_evaluation(township):
    without = _monitored(township.lianhe, category="脱贫不稳定户")
    evaluated = _monitored(township.lianhe)
    result = run_with_procedures(
        ["PROC-02"],
        [(evaluated, "democratic_evaluation", ON, None), (without, "application_signed", ON, None)],
    )
    assert _found(result) == [
        (f"H{without.pk}", township.lianhe.code, "", "", "监测对象类别为脱贫不稳定户，没有民主评议记录")
    ]


def test_proc02_reports_every_monitored_household_while_no_records_exist(township):
    a = _monitored(township.lianhe)
    b = _monitored(township.tuanjie, eliminated=True)
    assert [f.subject for f in run_with_procedures(["PROC-02"])] == sorted([f"H{a.pk}", f"H{b.pk}"])


def test_proc03_finds_a_notice_shorter_than_5_workdays_and_a_missing_one(township):
    short = _monitored(township.lianhe)
    missing = _monitored(township.lianhe)
    running = _monitored(township.lianhe)
    complete = _monitored(township.lianhe)
    records = [
        (short, "public_notice", ON, 4),
        (running, "public_notice", ON, None),
        (complete, "public_notice", ON, 5),
    ]
    result = run_with_procedures(["PROC-03"], records)
    assert _found(result) == [
        (
            f"H{short.pk}",
            township.lianhe.code,
            "",
            "",
            "监测对象类别为边缘易致贫户，公示4个工作日，少于5个工作日",
        ),
        (f"H{missing.pk}", township.lianhe.code, "", "", "监测对象类别为边缘易致贫户，没有公示记录"),
        (f"H{running.pk}", township.lianhe.code, "", "", "监测对象类别为边缘易致贫户，公示尚未完成"),
    ]


def test_proc03_accepts_a_repeated_notice_that_was_long_enough(township):
    household = _monitored(township.lianhe)
    records = [(household, "public_notice", ON, 3), (household, "public_notice", dt.date(2021, 4, 1), 7)]
    assert run_with_procedures(["PROC-03"], records) == []


def test_proc04_finds_an_elimination_without_informed_consent(township):
    without = _monitored(township.lianhe, eliminated=True, eliminated_month=dt.date(2021, 6, 1))
    consented = _monitored(township.lianhe, eliminated=True)
    _monitored(township.lianhe, eliminated=False)
    result = run_with_procedures(["PROC-04"], [(consented, "informed_consent", ON, None)])
    assert _found(result) == [
        (
            f"H{without.pk}",
            township.lianhe.code,
            "",
            "",
            "风险已消除（消除监测时间2021-06-01），没有农户知情同意记录",
        )
    ]


def _review(household, on):
    review = AssetReview.objects.create(household=household)
    AssetReview.objects.filter(pk=review.pk).update(
        at=dt.datetime(on.year, on.month, on.day, 12, tzinfo=dt.UTC)
    )


def test_proc05_finds_a_review_older_than_12_months_and_none(township, findings):
    stale = _monitored(township.lianhe)
    _review(stale, dt.date(2020, 9, 30))
    never = _monitored(township.lianhe)
    recent = _monitored(township.lianhe)
    _review(recent, dt.date(2020, 10, 1))
    later = _monitored(township.lianhe)
    _review(later, dt.date(2021, 11, 2))
    _review(household_make(village=township.lianhe), dt.date(2019, 1, 1))  # not monitored
    assert _found(findings("PROC-05")) == [
        (
            f"H{stale.pk}",
            township.lianhe.code,
            "",
            "",
            "监测对象类别为边缘易致贫户，最近一次家庭资产信息复核为2020-09-30，已超过12个月",
        ),
        (
            f"H{never.pk}",
            township.lianhe.code,
            "",
            "",
            "监测对象类别为边缘易致贫户，没有家庭资产信息复核记录",
        ),
    ]


def test_proc05_reads_the_months_as_a_parameter(township, findings):
    household = _monitored(township.lianhe)
    _review(household, dt.date(2021, 1, 1))
    assert findings("PROC-05") == []
    [finding] = findings("PROC-05", overrides={"PROC-05": {"review_months": "6"}})
    assert (
        finding.description == "监测对象类别为边缘易致贫户，最近一次家庭资产信息复核为2021-01-01，已超过6个月"
    )


def _located(household, lon, lat):
    household.lon, household.lat = lon, lat
    household.save()
    return household


def test_loc01_finds_a_monitored_household_without_a_location(township, findings):
    nowhere = _monitored(township.lianhe)
    zero = _located(_monitored(township.lianhe), Decimal(0), Decimal(0))
    _located(_monitored(township.lianhe), Decimal("99.8"), Decimal("27.5"))
    household_make(village=township.lianhe)  # not monitored
    assert _found(findings("LOC-01")) == [
        (f"H{nowhere.pk}", township.lianhe.code, "", "", "监测对象类别为边缘易致贫户，经纬度为空"),
        (f"H{zero.pk}", township.lianhe.code, "", "", "监测对象类别为边缘易致贫户，经纬度为0"),
    ]


@pytest.fixture
def centred(township):
    """联合村 with its centre; the other villages have none."""
    township.lianhe.centre_lon, township.lianhe.centre_lat = Decimal("99.812000"), Decimal("27.583000")
    township.lianhe.save()
    return township


def test_loc02_finds_a_household_more_than_15_km_from_its_village_centre(centred, findings):
    # 0.2° of latitude is 22.24 km; 0.13° is 14.46 km.
    far = _located(household_make(village=centred.lianhe), Decimal("99.812000"), Decimal("27.783000"))
    _located(household_make(village=centred.lianhe), Decimal("99.812000"), Decimal("27.713000"))
    _located(household_make(village=centred.heping), Decimal("90"), Decimal("40"))  # no centre
    household_make(village=centred.lianhe)  # no location
    assert _found(findings("LOC-02")) == [
        (
            f"H{far.pk}",
            centred.lianhe.code,
            "",
            "",
            "位置（经度99.812000，纬度27.783000）距联合村中心22.24公里，超过15公里",
        )
    ]


def test_loc02_measures_east_west_distance_on_the_parallel(centred, findings):
    # At 27.58° N a degree of longitude is 98.56 km: 0.2° is 19.71 km, more than 15.
    east = _located(household_make(village=centred.lianhe), Decimal("100.012000"), Decimal("27.583000"))
    [finding] = findings("LOC-02", overrides={"LOC-02": {"max_km": "19.5"}})
    assert (finding.subject, finding.description) == (
        f"H{east.pk}",
        "位置（经度100.012000，纬度27.583000）距联合村中心19.71公里，超过19.5公里",
    )
    assert findings("LOC-02", overrides={"LOC-02": {"max_km": "20"}}) == []


@pytest.mark.spark
def test_proc_and_loc_rules_find_the_same_on_spark(centred):
    pytest.importorskip("pyspark")
    short = _monitored(centred.lianhe, eliminated=True)
    _review(short, dt.date(2020, 5, 1))
    _located(short, Decimal("100.012000"), Decimal("27.583000"))
    _located(_monitored(centred.lianhe), Decimal(0), Decimal(0))
    _monitored(centred.heping)
    records = [(short, "public_notice", ON, 4), (short, "application_signed", ON, None)]
    codes = ["PROC-01", "PROC-02", "PROC-03", "PROC-04", "PROC-05", "LOC-01", "LOC-02"]
    on_duckdb = run_with_procedures(codes, records)
    assert {f.rule for f in on_duckdb} == set(codes)
    assert run_with_procedures(codes, records, engine="spark") == on_duckdb
