"""How a synthetic household becomes rows of the person and work-monitoring files.

The person file repeats the household's fields on every member's row, so a household renders its
leading and trailing segments once and each member only the middle one. Cells are produced as tuples in
this module's own field order and then put into columns.py's order by a `Layout`, so the column spec stays
the one authority on order while the hot loop builds plain tuples.
"""

from __future__ import annotations

from operator import itemgetter

from fangfanpin.core.enums import COMPULSORY_AGE, MEASURES, NO, YES, MemberStatus
from fangfanpin.registry import synth_names as words
from fangfanpin.registry.columns import HOUSEHOLD_COLUMNS, WORK_COLUMNS
from fangfanpin.registry.synth_household import CONDITION_FIELDS, Cells, Household, flag
from fangfanpin.registry.synth_income import Income, decimal_text, fen_text, per_capita_fen
from fangfanpin.registry.synth_monitoring import month_text
from fangfanpin.registry.synth_people import Draw, Person, between, pick


class Layout:
    """Reorder cells from our own field order into the columns' order ('' for a column we never fill)."""

    def __init__(self, own: tuple[str, ...], target: tuple[str, ...]) -> None:
        if extra := set(own) - set(target):
            raise RuntimeError(f"columns.py has no field {sorted(extra)}: update synth_rows")
        index = [own.index(f) if f in own else len(own) for f in target]
        self.identity = index == list(range(len(own))) and len(own) == len(target)
        self._get = itemgetter(*index)

    def __call__(self, cells: Cells) -> Cells:
        return cells if self.identity else self._get((*cells, ""))  # type: ignore[no-any-return]


def _segments() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Split the person file's fields into household-before, member and household-after segments."""
    entities = [c.entity for c in HOUSEHOLD_COLUMNS]
    first = entities.index("member")
    end = len(entities) - entities[::-1].index("member")
    if any(e != "member" for e in entities[first:end]):
        raise RuntimeError("columns.py: the member columns of 监测对象信息 must be contiguous")
    fields = tuple(c.field for c in HOUSEHOLD_COLUMNS)
    return fields[:first], fields[first:end], fields[end:]


PREFIX_FIELDS, MEMBER_FIELDS, SUFFIX_FIELDS = _segments()
INCOME_FIELDS = (  # the Income attributes, named like the person file's fields (识别时… adds `id_`, …)
    "wage_income",
    "business_income",
    "property_income",
    "transfer_income",
    "business_expense",
    "claim_income",
    "medical_expense",
)
_ELIMINATED_INCOME = INCOME_FIELDS[:5]
_MEASURE_TYPES = tuple(MEASURES)
_MEASURE_FIELD = {c.header: c.field for c in HOUSEHOLD_COLUMNS if c.header in MEASURES}
_RISK_FIELDS = tuple(f"risk{i}" for i in range(1, 6))

_PREFIX_OWN = (
    "county",
    "town",
    "village",
    "group",
    "household_no",
    "kind",
    "phone",
    "address",
    "military_family",
    "relocated",
    "lon",
    "lat",
    "category",
    "identified_month",
    "eliminated",
    "eliminated_month",
    "elimination_way",
    *_RISK_FIELDS,
    "disaster_subtype",
    "other_remark",
    "no_labour_safety_net",
)
_NOT_MONITORED = ("",) * (len(_PREFIX_OWN) - 12)
_MEMBER_OWN = (
    "name",
    "sex",
    "id_kind",
    "id_number",
    "birth_date",
    "relation",
    "ethnicity",
    "political_status",
    "education",
    "school_status",
    "out_of_school_reason",
    "health",
    "disability_kind",
    "disability_grade",
    "labour_skill",
    "work_place",
    "work_months",
    "public_job",
    "public_job_months",
    "phone",
    "resident_medical",
    "employee_medical",
    "critical_illness",
    "resident_pension",
    "employee_pension",
    "medical_aid",
    "dibao",
    "tekun",
    "status",
    "change_reason",
    "change_date",
)
_WATCH_OWN = (
    *(f"id_{f}" for f in INCOME_FIELDS),
    "id_per_capita",
    "development_done",
    *(_MEASURE_FIELD[m] for m in _MEASURE_TYPES),
    "contact_name",
    "contact_phone",
)
_ELIMINATED_OWN = (
    *(f"el_{f}" for f in _ELIMINATED_INCOME),
    "el_per_capita",
    "el_housing_damaged",
    "el_water_damaged",
    "el_out_of_school",
)
_SUFFIX_OWN = (
    "year",
    "population_recorded",
    *INCOME_FIELDS,
    "net_income_recorded",
    "per_capita_recorded",
    "unsafe_housing",
    "housing_grade",
    "safe_water",
    "out_of_school",
    "uninsured_member",
    *CONDITION_FIELDS,
    "collector",
    "collector_phone",
    "collected_on",
    *_WATCH_OWN,
    *_ELIMINATED_OWN,
)
_NO_WATCH = ("",) * len(_WATCH_OWN)
_NOT_ELIMINATED = ("",) * len(_ELIMINATED_OWN)
WORK_FIELDS = tuple(c.field for c in WORK_COLUMNS)
_WORK_OWN = (
    "county",
    "town",
    "village",
    "household_no",
    "name",
    "id_number",
    "year",
    "working",
    "started_on",
    "ended_on",
    "work_county",
    "channel",
    "monthly_income",
    "employer",
    "industry",
    "point_to_point",
    "transport_subsidy",
    "planning",
    "planned_county",
    "service_needs",
)
_PREFIX, _MEMBER, _SUFFIX = (
    Layout(_PREFIX_OWN, PREFIX_FIELDS),
    Layout(_MEMBER_OWN, MEMBER_FIELDS),
    Layout(_SUFFIX_OWN, SUFFIX_FIELDS),
)
_WORK = Layout(_WORK_OWN, WORK_FIELDS)
_STATUS = {False: MemberStatus.REGISTERED.value, True: MemberStatus.REMOVED.value}


def prefix_cells(h: Household) -> Cells:
    """Render the household's columns before 姓名."""
    v = h.village
    cells = (
        v.county,
        v.town,
        v.name,
        h.group,
        h.no,
        h.kind,
        h.phone,
        h.address,
        flag(h.military),
        flag(h.relocated),
        decimal_text(h.lon, 6),
        decimal_text(h.lat, 6),
    )
    watch = h.watch
    if watch is None:
        return _PREFIX((*cells, *_NOT_MONITORED))
    eliminated = watch.eliminated_at is not None
    risks = (*watch.risks, "", "", "", "", "")[:5]
    return _PREFIX(
        (
            *cells,
            watch.category,
            month_text(watch.identified),
            flag(eliminated),
            month_text(watch.eliminated_at) if watch.eliminated_at is not None else "",
            watch.way,
            *risks,
            watch.disaster,
            watch.remark,
            flag(not any(p.has_labour for p in h.current)),
        )
    )


def member_cells(p: Person) -> Cells:
    """Render one member's columns (姓名 … 变更时间)."""
    insured, employee = p.medical_insured, p.employee
    return _MEMBER(
        (
            p.name,
            "男" if p.male else "女",
            p.id_kind,
            p.id_number,
            p.birth_text,
            p.relation,
            p.ethnicity,
            p.political,
            p.education,
            p.school,
            p.out_reason,
            p.health,
            p.disability_kind,
            p.disability_grade,
            p.labour,
            p.work_place,
            str(p.work_months) if p.work_months else "",
            p.public_job,
            str(p.public_job_months) if p.public_job else "",
            p.phone,
            YES if insured and not employee else NO,
            YES if insured and employee else NO,
            YES if insured else NO,
            YES if p.resident_pension else NO,
            YES if employee else NO,
            YES if p.medical_aid else NO,
            "农村低保" if p.dibao else "未享受",
            "农村特困" if p.tekun else "不享受",
            _STATUS[p.removed],
            p.change_reason,
            p.change_date,
        )
    )


def out_of_school(p: Person) -> bool:
    """Tell whether a compulsory-age member is out of school without a reason (AGE-04)."""
    low, high = COMPULSORY_AGE
    return low <= p.school_age <= high and p.school in ("", "学龄前儿童") and not p.out_reason


def _income(income: Income) -> Cells:
    return (
        str(income.wage_income),
        str(income.business_income),
        str(income.property_income),
        str(income.transfer_income),
        str(income.business_expense),
        str(income.claim_income),
        str(income.medical_expense),
    )


def suffix_cells(h: Household, year: int) -> Cells:
    """Render the household-year's columns from 年度 on."""
    people = h.current
    count = len(people)
    net = h.income.net
    cells = (
        str(year),
        str(h.population_recorded or count),
        *_income(h.income),
        str(net),
        h.per_capita_recorded or fen_text(per_capita_fen(net, count)),
        flag(h.unsafe_housing),
        h.housing_grade,
        flag(h.safe_water),
        flag(any(out_of_school(p) for p in people)),
        flag(not all(p.medical_insured for p in people)),
        *h.conditions,
        *h.collector,
        h.collected_on,
    )
    return _SUFFIX((*cells, *_watch_cells(h, count), *_eliminated_cells(h, count)))


def _watch_cells(h: Household, count: int) -> Cells:
    watch, identified = h.watch, h.id_income
    if watch is None or identified is None:
        return _NO_WATCH
    measures = watch.measures
    return (
        *_income(identified),
        fen_text(per_capita_fen(identified.net, count)),
        watch.development_done,
        *(measures.get(m, "") for m in _MEASURE_TYPES),
        *h.contact,
    )


def _eliminated_cells(h: Household, count: int) -> Cells:
    el = h.el_income
    if el is None:
        return _NOT_ELIMINATED
    return (*_income(el)[:5], fen_text(per_capita_fen(el.net, count)), NO, NO, NO)


def work_rows(r: Draw, h: Household, year: int) -> list[Cells]:
    """Render the work-monitoring rows: everyone registered who worked this year, and those who plan to."""
    v = h.village
    rows = []
    for p in h.current:
        if p.work_months:
            detail = _worked(r, p, year, v.county)
        elif p.planning_work:
            detail = (
                NO,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                YES,
                pick(r, words.PROVINCE_COUNTIES),
                pick(r, words.SERVICE_NEEDS),
            )
        else:
            continue
        rows.append(_WORK((v.county, v.town, v.name, h.no, p.name, p.id_number[:18], str(year), *detail)))
    return rows


def _worked(r: Draw, p: Person, year: int, county: str) -> Cells:
    months = min(12, p.work_months)
    first = between(r, 1, 13 - months)
    last = first + months - 1
    channel = pick(r, words.WORK_CHANNELS)
    far = p.work_place in words.OUTSIDE_COUNTY
    return (
        YES,
        f"{year}-{first:02d}-{between(r, 1, 28):02d}",
        f"{year}-{last:02d}-28" if last < 12 and r() < 0.5 else "",
        _work_county(r, p.work_place, county),
        channel,
        str(p.monthly_pay),
        pick(r, words.EMPLOYERS),
        pick(r, words.INDUSTRIES),
        flag(channel == "政府组织" and r() < 0.5),
        str(between(r, 20, 100) * 10) if far and r() < 0.4 else "",
        NO,
        "",
        "",
    )


def _work_county(r: Draw, place: str, county: str) -> str:
    if place == "县外省内":
        return pick(r, words.PROVINCE_COUNTIES)
    if place == "省外":
        return pick(r, words.OTHER_PROVINCE_COUNTIES)
    return county
