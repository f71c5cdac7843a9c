"""Planted errors: known mistakes put into synthetic data so that the data-quality rules can be tested.

Each kind is one small function keyed by the RULES.md code it should raise. A function changes one
household (or one of its members) and returns what it planted, or None when the household offers no place
for it (no child for AGE-01, not monitored for CAT-01, …); the caller then tries the next kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fangfanpin.core.enums import HEAD, RESIDENT_ID, MonitoringCategory
from fangfanpin.core.idcard import check_char
from fangfanpin.registry import synth_names as words
from fangfanpin.registry.synth_household import Household
from fangfanpin.registry.synth_income import fen_text, fill_business, per_capita_fen
from fangfanpin.registry.synth_people import SHARDS, Calendar, Draw, IdMaker, Person, between

PLANTED_HEADERS = ("规则编号", "户编号", "证件号码", "说明")
LINE_YUAN = 6000
_SEX = {True: "男", False: "女"}
_OPPOSITE_RELATION = {
    "之子": "之女",
    "之女": "之子",
    "之孙子": "之孙女",
    "之孙女": "之孙子",
    "之父": "之母",
    "之母": "之父",
    "之外孙子": "之外孙女",
    "之外孙女": "之外孙子",
}


@dataclass(frozen=True)
class Planted:
    rule: str
    household_no: str
    id_number: str
    note: str

    def cells(self) -> tuple[str, str, str, str]:
        return (self.rule, self.household_no, self.id_number, self.note)


class Donors:
    """Clean IDs seen so far, by (sex, age, school age), to copy into another household (ID-04)."""

    def __init__(self) -> None:
        self._ids: dict[tuple[bool, int, int], tuple[str, str, str]] = {}

    def remember(self, h: Household) -> None:
        """Keep the household's resident IDs as candidates (the latest per key wins)."""
        for p in h.current:
            if p.id_kind == RESIDENT_ID:
                self._ids[(p.male, p.age, p.school_age)] = (p.id18, p.birth_text, h.no)

    def find(self, p: Person) -> tuple[str, str, str] | None:
        return self._ids.get((p.male, p.age, p.school_age))


@dataclass
class Workshop:
    """What planting needs besides the household: the run's calendar, ID maker and donors."""

    calendar: Calendar
    ids: IdMaker
    donors: Donors


Planter = Callable[[Draw, Household, Workshop], Planted | None]


def _choose(r: Draw, h: Household, test: Callable[[Person], bool]) -> Person | None:
    fits = [p for p in h.current if test(p)]
    return fits[int(r() * len(fits))] if fits else None


def _resident(p: Person) -> bool:
    return p.id_kind == RESIDENT_ID


def _planted(rule: str, h: Household, p: Person | None, note: str) -> Planted:
    return Planted(rule, h.no, p.id_number if p else "", note)


def id_short(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, _resident)) is None:
        return None
    p.id_number = p.id18[:17]
    return _planted("ID-01", h, p, f"{p.name}的证件号码只有17位")


def id_check_digit(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, _resident)) is None:
        return None
    right = p.id18[17]
    wrong = "0123456789X".replace(right, "")[int(r() * 10)]
    p.id_number = p.id18[:17] + wrong
    return _planted("ID-02", h, p, f"{p.name}的证件号码校验位应为{right}，填为{wrong}")


def id_impossible_birth(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, _resident)) is None:
        return None
    bad = p.id18[6:10] + ("0231" if r() < 0.5 else "0230")
    first17 = p.id18[:6] + bad + p.id18[14:17]
    p.id_number = first17 + check_char(first17)
    p.birth_text = bad  # typed without separators, as clerks often do
    return _planted("ID-02", h, p, f"{p.name}的出生日期{bad}不存在（证件号码中同）")


def id_duplicate(r: Draw, h: Household, w: Workshop) -> Planted | None:
    for p in h.current:
        donor = w.donors.find(p) if _resident(p) and p.relation != HEAD else None
        if donor is not None:
            p.id18 = p.id_number = donor[0]
            p.birth_text = donor[1]
            return _planted("ID-04", h, p, f"{p.name}的证件号码与户{donor[2]}的成员重复")
    return None


def id_sex_digit(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, _resident)) is None:
        return None
    prefix, day, serial = p.id18[:6], w.calendar.day_of[p.id18[6:14]], int(p.id18[14:17])
    flipped = serial ^ 1  # the other sex in the same shard's lane
    for step in range(0, 1000, 2 * SHARDS):
        other = (flipped + step) % 1000
        if w.ids.claim(prefix, day, other):
            p.id18 = p.id_number = w.ids.assemble(prefix, day, other)
            digit = p.id18[16]
            return _planted("ID-05", h, p, f"{p.name}性别为{_SEX[p.male]}，证件号码第17位为{digit}")
    return None


def birth_mismatch(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, lambda p: _resident(p) and p.day > 400)) is None:
        return None
    p.birth_text = w.calendar.iso[p.day - between(r, 30, 400)]
    return _planted(
        "ID-06", h, p, f"{p.name}的出生日期填为{p.birth_text}，证件号码中为{w.calendar.iso[p.day]}"
    )


def no_head(r: Draw, h: Household, w: Workshop) -> Planted | None:
    head = h.current[0]
    head.relation = "其他"
    return _planted("HH-01", h, None, f"户内没有户主（{head.name}的与户主关系填为其他）")


def two_heads(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, lambda p: p.relation != HEAD and p.age >= 18)) is None:
        return None
    p.relation = HEAD
    return _planted("HH-02", h, p, f"{p.name}也填为户主")


def relation_sex(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, lambda p: p.relation in _OPPOSITE_RELATION)) is None:
        return None
    p.relation = _OPPOSITE_RELATION[p.relation]
    return _planted("HH-05", h, p, f"{p.name}性别为{_SEX[p.male]}，与户主关系填为{p.relation}")


def population_count(r: Draw, h: Household, w: Workshop) -> Planted | None:
    count = len(h.current)
    h.population_recorded = count + 1
    return _planted("HH-08", h, None, f"家庭人口数填为{count + 1}，在册成员{count}人")


def child_labour(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, lambda p: p.age < 6)) is None:
        return None
    p.labour = "普通劳动力"
    return _planted("AGE-01", h, p, f"{p.name}{p.age}岁，劳动技能填为普通劳动力")


def out_of_school(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, lambda p: 7 <= p.school_age <= 14 and p.student)) is None:
        return None
    p.school, p.education = "", "小学"  # 文化程度 stays filled so that only AGE-04 speaks, not EMPTY-01
    return _planted("AGE-04", h, p, f"{p.name}{p.school_age}岁，在校生状况为空且无未上学原因")


def old_labour(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, lambda p: p.age >= 65)) is None:
        return None
    p.labour = "普通劳动力"
    return _planted("AGE-02", h, p, f"{p.name}{p.age}岁，劳动技能填为普通劳动力")


def uninsured(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, lambda p: True)) is None:
        return None
    p.medical_insured = False
    p.medical_aid = False
    return _planted("INS-01", h, p, f"{p.name}未参加城乡居民或城镇职工基本医疗保险")


def negative_claim(r: Draw, h: Household, w: Workshop) -> Planted | None:
    h.income.claim_income = -between(r, 1, 20) * 100
    return _planted("INC-01", h, None, f"理赔收入为负数（{h.income.claim_income}）")


def per_capita_off(r: Draw, h: Household, w: Workshop) -> Planted | None:
    computed = per_capita_fen(h.income.net, len(h.current))
    h.per_capita_recorded = fen_text(computed + between(r, 5_000, 200_000))
    return _planted(
        "INC-02", h, None, f"人均纯收入填为{h.per_capita_recorded}，按公式计算为{fen_text(computed)}"
    )


def unmonitored_poor(r: Draw, h: Household, w: Workshop) -> Planted | None:
    income, count = h.income, len(h.current)
    target = between(r, 3000, 5800)
    if (
        h.watch is not None
        or target * count - (income.wage_income + income.property_income + income.transfer_income) < 500
    ):
        return None
    fill_business(r, income, count, target)
    pc = fen_text(per_capita_fen(income.net, count))
    return _planted("GAP-01", h, None, f"未纳入监测，人均纯收入{pc}元低于监测标准{LINE_YUAN}元")


def landline(r: Draw, h: Household, w: Workshop) -> Planted | None:
    h.phone = f"{words.LANDLINE_PREFIX}{between(r, 8_200_000, 8_899_999)}"
    return _planted("WORK-08", h, None, f"户联系电话{h.phone}不是手机号码")


def no_ethnicity(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, lambda p: True)) is None:
        return None
    p.ethnicity = ""
    return _planted("EMPTY-01", h, p, f"{p.name}的民族为空")


def work_months(r: Draw, h: Household, w: Workshop) -> Planted | None:
    if (p := _choose(r, h, lambda p: p.work_months > 0)) is None:
        return None
    p.work_months = between(r, 13, 15)
    return _planted("WORK-02", h, p, f"{p.name}的务工时间填为{p.work_months}个月")


def wrong_category(r: Draw, h: Household, w: Workshop) -> Planted | None:
    swap = {
        MonitoringCategory.UNSTABLE: MonitoringCategory.MARGINAL,
        MonitoringCategory.MARGINAL: MonitoringCategory.UNSTABLE,
    }
    if h.watch is None or h.watch.category not in swap:
        return None
    h.watch.category = swap[MonitoringCategory(h.watch.category)]
    return _planted("CAT-01", h, None, f"{h.kind}的监测对象类别填为{h.watch.category}")


# The initial order of the kinds; Planting rotates them so that every kind appears even in a small sample.
PLANTERS: tuple[Planter, ...] = (
    id_check_digit,
    id_duplicate,
    id_sex_digit,
    no_head,
    two_heads,
    child_labour,
    out_of_school,
    uninsured,
    negative_claim,
    per_capita_off,
    unmonitored_poor,
    landline,
    no_ethnicity,
    id_impossible_birth,
    id_short,
    birth_mismatch,
    relation_sex,
    population_count,
    work_months,
    old_labour,
    wrong_category,
)


class Planting:
    """Decide which households get a planted error, and which kind: the one waiting longest that fits."""

    def __init__(self, rate: float, workshop: Workshop) -> None:
        self.rate = rate
        self.workshop = workshop
        self.queue = list(PLANTERS)  # least recently planted first

    def visit(self, r: Draw, h: Household) -> Planted | None:
        """Plant one error in about `rate` of the households; remember clean ones as ID donors."""
        if self.rate <= 0:
            return None
        if r() >= self.rate:
            self.workshop.donors.remember(h)
            return None
        for i, planter in enumerate(self.queue):
            planted = planter(r, h, self.workshop)
            if planted is not None:
                self.queue.append(self.queue.pop(i))
                return planted
        return None
