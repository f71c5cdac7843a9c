"""One shard of a synthetic run: generate its villages' households and write their rows to part files.

A run is cut into a fixed number of shards (villages dealt out in turn), each with its own makers of IDs
and phones drawing from disjoint number ranges, so shards can run in parallel processes and the output is
the same whether they do or not.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fangfanpin.core.collector import collector_paused
from fangfanpin.core.enums import NO, YES, HouseholdKind, MonitoringCategory
from fangfanpin.core.values import format_value
from fangfanpin.registry import synth_names as words
from fangfanpin.registry.synth_anomalies import Donors, Planted, Planting, Workshop
from fangfanpin.registry.synth_family import (
    SIZE_MIX,
    assign_assistance,
    build_members,
    family_plan,
    give_public_job,
    make_person,
    removed_plan,
)
from fangfanpin.registry.synth_household import Cells, Household, Tally, Village, conditions
from fangfanpin.registry.synth_income import Income, decimal_text, fitted_income, target_common, yearly_income
from fangfanpin.registry.synth_monitoring import (
    category,
    choose_measures,
    choose_risks,
    maybe_eliminate,
    start,
)
from fangfanpin.registry.synth_people import (
    SHARDS,
    Draw,
    Lean,
    Person,
    Population,
    between,
    person_name,
    pick,
)
from fangfanpin.registry.synth_rows import member_cells, prefix_cells, suffix_cells, work_rows
from fangfanpin.registry.synth_write import CsvPart, Span

PROGRESS_EVERY = 2000  # households between progress reports
_LEAN_COMMON = Lean()
# Monitored households are sicker and earn less; those near the line rarely have anyone working away.
_LEANS: dict[str, Lean] = {
    MonitoringCategory.UNSTABLE: Lean(boost=3.0, work_share=0.1, pay_factor=0.7),
    MonitoringCategory.MARGINAL: Lean(boost=3.0, work_share=0.1, pay_factor=0.7),
    MonitoringCategory.SUDDEN: Lean(boost=3.0, work_share=0.35, pay_factor=0.9),
    HouseholdKind.LIFTED: Lean(boost=1.5, work_share=0.5, pay_factor=0.95),
}


@dataclass(frozen=True)
class ShardJob:
    seed: int
    year: int
    anomalies: float
    villages: list[Village]  # all of the run's villages; the shard takes every SHARDS-th
    shard: int
    phone_offset: int
    folder: Path

    def part(self, name: str) -> Path:
        return self.folder / f"{name}-{self.shard}.part"


@dataclass
class ShardOutput:
    shard: int
    person_spans: dict[int, Span] = field(default_factory=dict)  # village index → its lines in the part
    work_spans: dict[int, Span] = field(default_factory=dict)
    village_rows: dict[int, Cells] = field(default_factory=dict)
    planted: list[tuple[int, Planted]] = field(default_factory=list)
    households: int = 0
    persons: int = 0
    work_rows: int = 0


def run_shard(job: ShardJob, tick: Callable[[int], None]) -> ShardOutput:
    """Generate the shard's villages into its part files; `tick(n)` reports n more households done."""
    shard = Shard(job)
    persons, work = CsvPart(job.part("persons")), CsvPart(job.part("work"))
    # Nothing generated here forms a reference cycle, and the collector's passes over millions of young
    # objects cost about a tenth of the time.
    try:
        with collector_paused():
            for index in range(job.shard, len(job.villages), SHARDS):
                shard.village(index, persons, work, tick)
    finally:
        persons.close()
        work.close()
    return shard.output


def prepare_village(r: Draw, village: Village, people: Population) -> None:
    """Draw a village's character (main nationality, shares of 脱贫户 and monitored), staff and own figures."""
    village.ethnicity = pick(r, words.ETHNICITY_MIX)
    village.lifted_share = 0.15 + 0.3 * r()
    village.monitored_share = 0.02 + 0.06 * r()
    village.cadres = tuple(
        (person_name(r, village.ethnicity, r() < 0.6, 1980, ""), people.phones.make(r)) for _ in range(3)
    )
    village.facts = {
        "exited": YES,
        "collective_income": decimal_text(between(r, 30, 600), 1),
        "primary_schools": str(int(r() < 0.6)),
        "clinics": "1",
        "doctors": str(between(r, 1, 3)),
        "public_toilets": str(between(r, 1, 6)),
        "libraries": "1",
        "waste_points": str(between(r, 2, 12)),
        "paved_to_town": YES,
        "has_bus": YES if r() < 0.8 else NO,
    }


# --- households ----------------------------------------------------------------------------------------


class Shard:
    """The makers, planted errors and totals of one shard."""

    def __init__(self, job: ShardJob) -> None:
        self.job = job
        self.year = job.year
        self.people = Population(job.year, job.phone_offset, job.shard)
        self.planting = Planting(job.anomalies, Workshop(self.people.calendar, self.people.ids, Donors()))
        self.output = ShardOutput(job.shard)
        first = dt.date(job.year, 10, 8)  # the 2021 campaign collected from October to November
        self.collection_days = tuple(format_value("date", first + dt.timedelta(days=i)) for i in range(54))

    def village(self, index: int, persons: CsvPart, work: CsvPart, tick: Callable[[int], None]) -> None:
        """Generate and write one village's households, and keep its row of the village file."""
        village, year, out = self.job.villages[index], self.year, self.output
        r = random.Random(f"{self.job.seed}/{village.code}").random
        prepare_village(r, village, self.people)
        tally, numbers = Tally(), dict.fromkeys(village.groups, 0)
        width = max(4, len(str(village.households)))
        person_start, work_start = persons.mark(), work.mark()
        for serial in range(1, village.households + 1):
            h = self.household(r, village, f"{village.code}{serial:0{width}d}", numbers)
            planted = self.planting.visit(r, h)
            if planted is not None:
                out.planted.append((index, planted))
            persons.household(prefix_cells(h), [member_cells(p) for p in h.members], suffix_cells(h, year))
            for row in work_rows(r, h, year):
                work.write(row)
                out.work_rows += 1
            tally.add(h)
            out.persons += len(h.members)
            if serial % PROGRESS_EVERY == 0:
                tick(PROGRESS_EVERY)
        tick(village.households % PROGRESS_EVERY)
        out.households += village.households
        out.person_spans[index] = (self.job.shard, person_start, persons.mark())
        out.work_spans[index] = (self.job.shard, work_start, work.mark())
        out.village_rows[index] = tally.cells(village, year)

    def household(self, r: Draw, village: Village, number: str, numbers: dict[str, int]) -> Household:
        """Generate one household completely: members, assistance, monitoring, income and conditions."""
        lifted = r() < village.lifted_share
        kind = HouseholdKind.LIFTED if lifted else HouseholdKind.ORDINARY
        watched = category(r, kind) if r() < village.monitored_share else None
        lean = _LEANS.get(watched or kind, _LEAN_COMMON)
        ethnicity = village.ethnicity if r() < 0.5 else pick(r, words.ETHNICITY_MIX)
        members = build_members(r, self.people, family_plan(r, pick_size(r)), ethnicity, lean)
        self._maybe_removed(r, members, ethnicity)
        group = pick(r, village.groups)
        numbers[group] += 1
        h = Household(
            village=village,
            no=number,
            kind=kind,
            group=group,
            address=f"{village.town}{village.name}{group}{numbers[group]}号",
            phone=self.people.phones.make(r),
            members=members,
            military=r() < 0.01,
            relocated=lifted and r() < 0.08,
        )
        members[0].phone = h.phone
        assign_assistance(r, members, lifted, watched is not None)
        if r() < (0.10 if lifted else 0.02):
            give_public_job(r, members)
        if watched is not None:
            self._monitor(r, h, watched)
        self._income(r, h)
        self._place(r, h, ethnicity)
        return h

    def _maybe_removed(self, r: Draw, members: list[Person], ethnicity: str) -> None:
        """Add, to a few households, a member who left during the income period (自然减少)."""
        if r() >= 0.02 or (plan := removed_plan(r, members[0].age)) is None:
            return
        relation, male, age, reason = plan
        p = make_person(r, self.people, relation, male, age, ethnicity, "", _LEAN_COMMON)
        p.removed, p.change_reason, p.phone = True, reason, ""
        p.change_date = pick(r, self.people.calendar.period_iso)
        p.work_months = p.public_job_months = 0
        p.work_place, p.planning_work = "", False
        members.append(p)

    def _monitor(self, r: Draw, h: Household, category: str) -> None:
        watch = start(r, category, self.year)
        people = h.current
        choose_risks(r, watch, people)
        choose_measures(r, watch, people)
        maybe_eliminate(r, watch, self.year, people)
        if not watch.eliminated:
            if "因安全住房" in watch.risks:
                h.unsafe_housing, h.housing_grade = True, ("C" if r() < 0.6 else "D")
            h.safe_water = "因安全饮水" not in watch.risks
        h.watch = watch
        h.contact = pick_cadre(r, h.village)

    def _income(self, r: Draw, h: Household) -> None:
        people, watch = h.current, h.watch
        count = len(people)
        ill = watch is not None and "因病" in watch.risks
        h.income = yearly_income(r, people, _target(r, h), ill)
        if watch is None:
            return
        sudden = watch.category == MonitoringCategory.SUDDEN
        if sudden and ill and not watch.eliminated:
            # Rigid medical spending is what makes a 突发严重困难户: little is left after paying it.
            h.income.medical_expense = max(
                h.income.medical_expense, h.income.net - count * between(r, 2000, 5000)
            )
        h.id_income = _identification_income(r, h.income, count, sudden)
        if watch.eliminated:
            h.el_income = fitted_income(r, h.income, count, between(r, 6500, 14000), 0.9 + 0.15 * r())

    def _place(self, r: Draw, h: Household, ethnicity: str) -> None:
        lon, lat = h.village.centre
        h.lon = round(lon * 1e6) + between(r, -20_000, 20_000)  # within about 2 km of the village centre
        h.lat = round(lat * 1e6) + between(r, -20_000, 20_000)
        h.conditions = conditions(r, ethnicity == "藏族")
        h.collector = pick_cadre(r, h.village)
        h.collected_on = pick(r, self.collection_days)


def pick_size(r: Draw) -> int:
    """Draw a household size from 1 to 8 (mean about 4)."""
    return SIZE_MIX[int(r() * len(SIZE_MIX))]


def pick_cadre(r: Draw, village: Village) -> tuple[str, str]:
    """Draw one of the village's staff as contact or collector."""
    return village.cadres[int(r() * len(village.cadres))]


def _target(r: Draw, h: Household) -> int:
    """Draw this year's per-capita income target by the household's standing.

    Only monitored households that are not yet eliminated may fall below the line: anyone else below it
    would be a finding (GAP-01, GAP-07) in what is meant to be clean data.
    """
    watch = h.watch
    if watch is None:
        return target_common(r, h.lifted)
    if watch.eliminated:
        return between(r, 7000, 16000)
    if watch.category == MonitoringCategory.SUDDEN:
        return between(r, 3500, 9000)  # the shock may have cut this year's income below the line
    return between(r, 3000, 5800) if r() < 0.85 else between(r, 6100, 9000)


def _identification_income(r: Draw, base: Income, count: int, sudden: bool) -> Income:
    """Income when the household was identified: below the line, or above it with rigid spending if sudden."""
    target = between(r, 6300, 11000) if sudden else between(r, 2000, 5800)
    income = fitted_income(r, base, count, target, 0.4 + 0.5 * r())
    income.medical_expense = income.net - count * between(r, 2000, 5000) if sudden else base.medical_expense
    return income
