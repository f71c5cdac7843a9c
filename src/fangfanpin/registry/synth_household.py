"""A synthetic household and its village, their land and housing, and the village file's counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from fangfanpin.core.enums import NO, YES, HouseholdKind
from fangfanpin.registry import synth_names as words
from fangfanpin.registry.columns import VILLAGE_COLUMNS
from fangfanpin.registry.synth_income import Income, decimal_text, fen_text, per_capita_fen
from fangfanpin.registry.synth_monitoring import Monitoring
from fangfanpin.registry.synth_people import Draw, Person, between, pick, registered

Cells = tuple[str, ...]
VILLAGE_FIELDS = tuple(c.field for c in VILLAGE_COLUMNS)
# Own order of the land, road and housing cells (synth_rows puts them where columns.py wants them).
CONDITION_FIELDS = (
    "arable_land",
    "forest_land",
    "returned_farmland",
    "orchard_land",
    "pasture_land",
    "water_area",
    "road_kind",
    "road_hardened",
    "road_distance",
    "housing_area",
    "has_electricity",
    "has_sanitary_toilet",
)


def flag(value: bool) -> str:
    return YES if value else NO


@dataclass
class Village:
    code: str
    name: str
    town: str
    county: str
    groups: tuple[str, ...]
    centre: tuple[float, float]
    households: int = 0
    cadres: tuple[tuple[str, str], ...] = ()  # (name, phone) of the village's staff
    facts: dict[str, str] = field(default_factory=dict)  # the village file's own figures
    ethnicity: str = "藏族"  # the nationality most of its households share
    lifted_share: float = 0.3
    monitored_share: float = 0.06


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
    conditions: Cells = ()  # in CONDITION_FIELDS order
    contact: tuple[str, str] = ("", "")
    collector: tuple[str, str] = ("", "")
    collected_on: str = ""
    population_recorded: int | None = None  # 家庭人口数 as written, where a wrong one is planted
    per_capita_recorded: str | None = None  # 人均纯收入（元） as written, where a wrong one is planted

    current: list[Person] = field(init=False)  # the registered members, worked out once

    def __post_init__(self) -> None:
        self.current = registered(self.members)

    @property
    def lifted(self) -> bool:
        return self.kind == HouseholdKind.LIFTED


_TENTHS = tuple(decimal_text(v, 1) for v in range(1501))  # 0 … 150.0 written once, not per household


def conditions(r: Draw, tibetan: bool) -> Cells:
    """Draw land, road and housing conditions (areas in tenths of a mu, inside LAND-01's bounds)."""
    road = pick(r, words.ROAD_MIX)
    tenths = _TENTHS
    return (
        tenths[between(r, 3, 80) if r() < 0.8 else between(r, 81, 250)],
        tenths[between(r, 0, 400) if r() < 0.7 else between(r, 401, 1500)],
        tenths[between(r, 5, 80) if r() < 0.25 else 0],
        tenths[between(r, 2, 50) if r() < 0.15 else 0],
        tenths[between(r, 10, 600) if tibetan and r() < 0.5 else 0],
        tenths[between(r, 1, 10) if r() < 0.02 else 0],
        road,
        flag(road in words.HARD_ROADS),
        tenths[between(r, 0, 30)],
        str(between(r, 60, 260)),
        YES,
        flag(r() < 0.85),
    )


# --- the village file ----------------------------------------------------------------------------------


class Tally:
    """Count a village's households and people as they are written, for the village file (账账相符)."""

    COUNTS = (
        "households",
        "population",
        "lifted_households",
        "lifted_population",
        "monitored_households",
        "monitored_population",
        "dibao_households",
        "dibao_population",
        "tekun_population",
        "disabled_population",
        "unsafe_water_households",
        "unsafe_housing_households",
        "pension_insured",
    )

    def __init__(self) -> None:
        self.counts = dict.fromkeys(self.COUNTS, 0)
        self.net = 0

    def add(self, h: Household) -> None:
        """Count one household as written."""
        people, c = h.current, self.counts
        n = len(people)
        dibao = tekun = disabled = pension = 0
        for p in people:  # one pass: this runs for every household of a million-person county
            dibao += p.dibao
            tekun += p.tekun
            disabled += bool(p.disability_kind)
            pension += p.resident_pension
        c["households"] += 1
        c["population"] += n
        if h.lifted:
            c["lifted_households"] += 1
            c["lifted_population"] += n
        if h.watch is not None:
            c["monitored_households"] += 1
            c["monitored_population"] += n
        c["dibao_households"] += dibao > 0
        c["dibao_population"] += dibao
        c["tekun_population"] += tekun
        c["disabled_population"] += disabled
        c["unsafe_water_households"] += not h.safe_water
        c["unsafe_housing_households"] += h.unsafe_housing
        c["pension_insured"] += pension
        self.net += h.income.net

    def cells(self, v: Village, year: int) -> Cells:
        """Render the village's row."""
        row = dict(v.facts)
        row.update({key: str(value) for key, value in self.counts.items()})
        people = self.counts["population"]
        row.update(
            county=v.county,
            town=v.town,
            village=v.name,
            code=v.code,
            groups="、".join(v.groups),
            year=str(year),
            farmer_income=fen_text(per_capita_fen(self.net, people)) if people else "",
        )
        return tuple(row.get(f, "") for f in VILLAGE_FIELDS)
