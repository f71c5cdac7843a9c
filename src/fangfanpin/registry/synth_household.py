"""A synthetic household and its village, and how they become rows of the three national files.

The person file repeats the household's fields on every member's row, so a household renders its
leading and trailing segments once and each member renders only the middle one (columns.py decides the
order; the segments are derived from it, never re-declared).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

from fangfanpin.core.enums import COMPULSORY_AGE, NO, YES, HouseholdKind, MemberStatus
from fangfanpin.registry import synth_names as words
from fangfanpin.registry.columns import HOUSEHOLD_COLUMNS, VILLAGE_COLUMNS, WORK_COLUMNS
from fangfanpin.registry.synth_income import Income, decimal_text, fen_text, per_capita_fen
from fangfanpin.registry.synth_monitoring import Monitoring, month_text
from fangfanpin.registry.synth_people import Draw, Person, between, pick, registered

Cells = tuple[str, ...]


def _segments() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Split the person file's columns into household-before, member and household-after fields."""
    entities = [c.entity for c in HOUSEHOLD_COLUMNS]
    first = entities.index("member")
    end = len(entities) - entities[::-1].index("member")
    if any(e != "member" for e in entities[first:end]):
        raise RuntimeError("columns.py: the member columns of 监测对象信息 must be contiguous")
    fields = tuple(c.field for c in HOUSEHOLD_COLUMNS)
    return fields[:first], fields[first:end], fields[end:]


PREFIX_FIELDS, MEMBER_FIELDS, SUFFIX_FIELDS = _segments()
_PREFIX_GET, _MEMBER_GET, _SUFFIX_GET = (itemgetter(*f) for f in (PREFIX_FIELDS, MEMBER_FIELDS, SUFFIX_FIELDS))
_PREFIX_BLANK = dict.fromkeys(PREFIX_FIELDS, "")
_SUFFIX_BLANK = dict.fromkeys(SUFFIX_FIELDS, "")
_MEASURE_FIELDS = {c.header: c.field for c in HOUSEHOLD_COLUMNS if c.kind == "multi" and c.entity == "year"}
WORK_FIELDS = tuple(c.field for c in WORK_COLUMNS)
VILLAGE_FIELDS = tuple(c.field for c in VILLAGE_COLUMNS)
INCOME_FIELDS = ("wage", "business", "property", "transfer", "expense", "claim", "medical")
_YEAR_INCOME = ("wage_income", "business_income", "property_income", "transfer_income", "business_expense",
                "claim_income", "medical_expense")


def _flag(value: bool) -> str:
    return YES if value else NO


@dataclass
class Village:
    code: str
    name: str
    town: str
    county: str
    groups: list[str]
    centre: tuple[float, float]
    households: int
    cadres: list[tuple[str, str]] = field(default_factory=list)  # (name, phone) of the village's staff
    facts: dict[str, str] = field(default_factory=dict)  # the village file's own figures


@dataclass
class Household:
    village: Village
    no: str
    kind: str
    group: str
    address: str
    phone: str
    members: list[Person]
    lon: int = 0  # micro-degrees
    lat: int = 0
    military: bool = False
    relocated: bool = False
    watch: Monitoring | None = None
    income: Income = field(default_factory=Income)
    id_income: Income | None = None
    el_income: Income | None = None
    unsafe_housing: bool = False
    housing_grade: str = ""
    safe_water: bool = True
    conditions: dict[str, str] = field(default_factory=dict)
    contact: tuple[str, str] = ("", "")
    collector: tuple[str, str] = ("", "")
    collected_on: str = ""
    population_recorded: int | None = None  # 家庭人口数 as written, where a wrong one is planted
    per_capita_recorded: str | None = None  # 人均纯收入（元） as written, where a wrong one is planted

    @property
    def current(self) -> list[Person]:
        return registered(self.members)

    @property
    def lifted(self) -> bool:
        return self.kind == HouseholdKind.LIFTED


def conditions(r: Draw, tibetan: bool) -> dict[str, str]:
    """Draw land, road and housing conditions (areas in tenths of a mu, inside LAND-01's bounds)."""
    road = pick(r, words.ROAD_MIX)
    return {
        "arable_land": decimal_text(between(r, 3, 80) if r() < 0.8 else between(r, 81, 250), 1),
        "forest_land": decimal_text(between(r, 0, 400) if r() < 0.7 else between(r, 401, 1500), 1),
        "returned_farmland": decimal_text(between(r, 5, 80) if r() < 0.25 else 0, 1),
        "orchard_land": decimal_text(between(r, 2, 50) if r() < 0.15 else 0, 1),
        "pasture_land": decimal_text(between(r, 10, 600) if tibetan and r() < 0.5 else 0, 1),
        "water_area": decimal_text(between(r, 1, 10) if r() < 0.02 else 0, 1),
        "road_kind": road,
        "road_hardened": _flag(road in words.HARD_ROADS),
        "road_distance": decimal_text(between(r, 0, 30), 1),
        "housing_area": str(between(r, 60, 260)),
        "has_electricity": YES,
        "has_sanitary_toilet": _flag(r() < 0.85),
    }


# --- rows ----------------------------------------------------------------------------------------------


def prefix_cells(h: Household) -> Cells:
    """Render the household's columns before 姓名."""
    v = h.village
    cells = dict(_PREFIX_BLANK)
    cells.update(
        county=v.county, town=v.town, village=v.name, group=h.group, household_no=h.no, kind=h.kind, phone=h.phone,
        address=h.address, military_family=_flag(h.military), relocated=_flag(h.relocated),
        lon=decimal_text(h.lon, 6), lat=decimal_text(h.lat, 6),
    )
    if h.watch is not None:
        _monitoring_cells(cells, h)
    return _PREFIX_GET(cells)  # type: ignore[no-any-return]


def _monitoring_cells(cells: dict[str, str], h: Household) -> None:
    watch = h.watch
    assert watch is not None
    cells.update(
        category=watch.category, identified_month=month_text(watch.identified), eliminated=_flag(watch.eliminated),
        disaster_subtype=watch.disaster, other_remark=watch.remark,
        no_labour_safety_net=_flag(not any(p.has_labour for p in h.current)),
    )
    for i, risk in enumerate(watch.risks, 1):
        cells[f"risk{i}"] = risk
    if watch.eliminated_at is not None:
        cells.update(eliminated_month=month_text(watch.eliminated_at), elimination_way=watch.way)


def member_cells(p: Person) -> Cells:
    """Render one member's columns (姓名 … 变更时间)."""
    insured = p.medical_insured
    return _MEMBER_GET({  # type: ignore[no-any-return]
        "name": p.name, "sex": "男" if p.male else "女", "id_kind": p.id_kind, "id_number": p.id_number,
        "birth_date": p.birth_text, "relation": p.relation, "ethnicity": p.ethnicity,
        "political_status": p.political, "education": p.education, "school_status": p.school,
        "out_of_school_reason": p.out_reason, "health": p.health, "disability_kind": p.disability_kind,
        "disability_grade": p.disability_grade, "labour_skill": p.labour, "work_place": p.work_place,
        "work_months": str(p.work_months) if p.work_months else "", "public_job": p.public_job,
        "public_job_months": str(p.public_job_months) if p.public_job else "", "phone": p.phone,
        "resident_medical": _flag(insured and not p.employee), "employee_medical": _flag(insured and p.employee),
        "critical_illness": _flag(insured), "resident_pension": _flag(p.resident_pension),
        "employee_pension": _flag(p.employee), "medical_aid": _flag(p.medical_aid),
        "dibao": "农村低保" if p.dibao else "未享受", "tekun": "农村特困" if p.tekun else "不享受",
        "status": MemberStatus.REMOVED.value if p.removed else MemberStatus.REGISTERED.value,
        "change_reason": p.change_reason, "change_date": p.change_date,
    })


def out_of_school(p: Person) -> bool:
    """Tell whether a compulsory-age member is out of school without a reason (AGE-04)."""
    low, high = COMPULSORY_AGE
    return low <= p.school_age <= high and p.school in ("", "学龄前儿童") and not p.out_reason


def suffix_cells(h: Household, year: int) -> Cells:
    """Render the household-year's columns from 年度 on."""
    people = h.current
    count = len(people)
    income = h.income
    cells = dict(_SUFFIX_BLANK)
    _income_cells(cells, "", income)
    cells.update(
        year=str(year), population_recorded=str(h.population_recorded or count),
        net_income_recorded=str(income.net),
        per_capita_recorded=h.per_capita_recorded or fen_text(per_capita_fen(income.net, count)),
        unsafe_housing=_flag(h.unsafe_housing), housing_grade=h.housing_grade, safe_water=_flag(h.safe_water),
        out_of_school=_flag(any(out_of_school(p) for p in people)),
        uninsured_member=_flag(not all(p.medical_insured for p in people)),
        collector=h.collector[0], collector_phone=h.collector[1], collected_on=h.collected_on,
    )
    cells.update(h.conditions)
    if h.watch is not None:
        _watch_suffix(cells, h, count)
    return _SUFFIX_GET(cells)  # type: ignore[no-any-return]


def _income_cells(cells: dict[str, str], prefix: str, income: Income) -> None:
    for name, target in zip(INCOME_FIELDS, _YEAR_INCOME, strict=True):
        cells[prefix + target] = str(getattr(income, name))


def _watch_suffix(cells: dict[str, str], h: Household, count: int) -> None:
    watch = h.watch
    assert watch is not None and h.id_income is not None
    _income_cells(cells, "id_", h.id_income)
    cells["id_per_capita"] = fen_text(per_capita_fen(h.id_income.net, count))
    cells["development_done"] = watch.development_done
    for measure, text in watch.measures.items():
        cells[_MEASURE_FIELDS[measure]] = text
    cells["contact_name"], cells["contact_phone"] = h.contact
    if h.el_income is not None:
        el = h.el_income
        cells.update(
            el_wage_income=str(el.wage), el_business_income=str(el.business), el_property_income=str(el.property),
            el_transfer_income=str(el.transfer), el_business_expense=str(el.expense),
            el_per_capita=fen_text(per_capita_fen(el.net, count)),
            el_housing_damaged=NO, el_water_damaged=NO, el_out_of_school=NO,
        )


def work_rows(r: Draw, h: Household, year: int) -> list[Cells]:
    """Render the work-monitoring rows: everyone registered who worked this year, and those who plan to."""
    v = h.village
    rows = []
    for p in h.current:
        if not (p.work_months or p.planning_work):
            continue
        cells = dict.fromkeys(WORK_FIELDS, "")
        cells.update(county=v.county, town=v.town, village=v.name, household_no=h.no, name=p.name,
                     id_number=p.id_number[:18], year=str(year))
        if p.work_months:
            _worked(r, cells, p, year, v.county)
        else:
            cells.update(working=NO, planning=YES, planned_county=pick(r, words.PROVINCE_COUNTIES),
                         service_needs=pick(r, words.SERVICE_NEEDS))
        rows.append(tuple(cells[f] for f in WORK_FIELDS))
    return rows


def _worked(r: Draw, cells: dict[str, str], p: Person, year: int, county: str) -> None:
    months = min(12, p.work_months)
    first = between(r, 1, 13 - months)
    last = first + months - 1
    channel = pick(r, words.WORK_CHANNELS)
    far = p.work_place in words.OUTSIDE_COUNTY
    cells.update(
        working=YES, started_on=f"{year}-{first:02d}-{between(r, 1, 28):02d}",
        ended_on=f"{year}-{last:02d}-28" if last < 12 and r() < 0.5 else "",
        work_county=_work_county(r, p.work_place, county), channel=channel, monthly_income=str(p.monthly_pay),
        employer=pick(r, words.EMPLOYERS), industry=pick(r, words.INDUSTRIES),
        point_to_point=_flag(channel == "政府组织" and r() < 0.5),
        transport_subsidy=str(between(r, 20, 100) * 10) if far and r() < 0.4 else "", planning=NO,
    )


def _work_county(r: Draw, place: str, county: str) -> str:
    if place == "县外省内":
        return pick(r, words.PROVINCE_COUNTIES)
    if place == "省外":
        return pick(r, words.OTHER_PROVINCE_COUNTIES)
    return county


# --- the village file ----------------------------------------------------------------------------------


class Tally:
    """Count a village's households and people as they are written, for the village file (账账相符)."""

    COUNTS = (
        "households", "population", "lifted_households", "lifted_population", "monitored_households",
        "monitored_population", "dibao_households", "dibao_population", "tekun_population", "disabled_population",
        "unsafe_water_households", "unsafe_housing_households", "pension_insured",
    )

    def __init__(self) -> None:
        self.counts = dict.fromkeys(self.COUNTS, 0)
        self.net = 0

    def add(self, h: Household) -> None:
        """Count one household as written."""
        people = h.current
        n, c = len(people), self.counts
        dibao = sum(p.dibao for p in people)
        c["households"] += 1
        c["population"] += n
        c["lifted_households"] += h.lifted
        c["lifted_population"] += n if h.lifted else 0
        c["monitored_households"] += h.watch is not None
        c["monitored_population"] += n if h.watch is not None else 0
        c["dibao_households"] += dibao > 0
        c["dibao_population"] += dibao
        c["tekun_population"] += sum(p.tekun for p in people)
        c["disabled_population"] += sum(p.disabled for p in people)
        c["unsafe_water_households"] += not h.safe_water
        c["unsafe_housing_households"] += h.unsafe_housing
        c["pension_insured"] += sum(p.resident_pension for p in people)
        self.net += h.income.net

    def cells(self, v: Village, year: int) -> Cells:
        """Render the village's row."""
        row = dict(v.facts)
        row.update({key: str(value) for key, value in self.counts.items()})
        people = self.counts["population"]
        row.update(
            county=v.county, town=v.town, village=v.name, code=v.code, groups="、".join(v.groups), year=str(year),
            farmer_income=fen_text(per_capita_fen(self.net, people)) if people else "",
        )
        return tuple(row.get(f, "") for f in VILLAGE_FIELDS)
