"""People of the synthetic registry: birth days, IDs, phones, names, family structure and member traits.

Hot path: a million persons in well under a minute, so draws go through a bare `random()` callable and
flat tables, and dates are day numbers into precomputed texts rather than `datetime` objects.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from fangfanpin.core.enums import (
    DISABILITY_GRADES,
    DISABILITY_KINDS,
    HAS_LABOUR,
    HEALTH_STATES,
    HEAD,
    SEVERE_DISABILITY_GRADES,
    SPOUSE,
)
from fangfanpin.core.idcard import check_char
from fangfanpin.core.values import format_value
from fangfanpin.registry import synth_names as words

Draw = Callable[[], float]  # random.Random.random of the village being generated
MAX_AGE = 100
_SERIALS = tuple(f"{i:03d}" for i in range(1000))
_GRADES_7_9 = ("七年级", "八年级", "九年级")
_YEAR_WORDS = ("一", "二", "三", "四", "五")
STRONG_LABOUR = frozenset({"普通劳动力", "技能劳动力"})
VOCATIONAL_PREFIXES = ("中职", "高职高专")


def between(r: Draw, lo: int, hi: int) -> int:
    """Draw an integer from lo to hi inclusive (cheaper than Random.randint in the hot loop)."""
    return lo + int(r() * (hi - lo + 1))


def pick(r: Draw, table: tuple[str, ...]) -> str:
    """Draw one entry of a flat (possibly weight-expanded) table."""
    return table[int(r() * len(table))]


class Calendar:
    """Every birth day the year's population can have, numbered from 0, with its texts and ages."""

    def __init__(self, year: int) -> None:
        self.year = year
        first = dt.date(year - MAX_AGE - 1, 10, 1)
        # Nobody is born after mid-year, so that no ID carries a birth date after the data was collected.
        last = dt.date(year, 6, 30)
        school_day = (9, 1)
        self.compact: list[str] = []
        self.iso: list[str] = []
        self.birth_year: list[int] = []
        self.school_age: list[int] = []
        day, one = first, dt.timedelta(days=1)
        while day <= last:
            self.compact.append(f"{day:%Y%m%d}")
            self.iso.append(format_value("date", day))
            self.birth_year.append(day.year)
            self.school_age.append(year - day.year - (school_day < (day.month, day.day)))
            day += one
        self.day_of = {text: i for i, text in enumerate(self.compact)}
        # Day numbers of the people aged a full years at the end of the income period (30 September).
        self.age_lo = [max(0, (dt.date(year - a - 1, 10, 1) - first).days) for a in range(MAX_AGE + 1)]
        self.age_hi = [min(len(self.compact) - 1, (dt.date(year - a, 9, 30) - first).days) for a in range(MAX_AGE + 1)]
        period_start = dt.date(year - 1, 10, 1)
        self.period_iso = [format_value("date", period_start + dt.timedelta(days=i)) for i in range(365)]

    def birth_day(self, r: Draw, age: int) -> int:
        """Draw a birth day of someone aged `age` at the end of the income period."""
        return between(r, self.age_lo[age], self.age_hi[age])


class IdMaker:
    """Hand out valid resident IDs that never repeat: one bit per (area prefix, birth day, serial)."""

    def __init__(self, calendar: Calendar) -> None:
        self._calendar = calendar
        self._bits: dict[str, bytearray] = {}

    def claim(self, prefix: str, day: int, serial: int) -> bool:
        """Reserve an ID slot; False when it is already taken."""
        bits = self._bits.get(prefix)
        if bits is None:
            bits = self._bits[prefix] = bytearray(len(self._calendar.compact) * 1000 // 8 + 1)
        index = day * 1000 + serial
        mask = 1 << (index & 7)
        if bits[index >> 3] & mask:
            return False
        bits[index >> 3] |= mask
        return True

    def make(self, r: Draw, day: int, male: bool) -> str:
        """Build a new unique ID for a person born on `day`; the 17th digit is odd for men."""
        born = self._calendar.birth_year[day]
        table = words.ID_PREFIX_NEW if born >= words.NEW_PREFIX_FROM_YEAR else words.ID_PREFIX_OLD
        prefix = pick(r, table)
        serial = int(r() * 499) * 2 + (1 if male else 2)
        while not self.claim(prefix, day, serial):
            serial = int(r() * 499) * 2 + (1 if male else 2)
        return self.assemble(prefix, day, serial)

    def assemble(self, prefix: str, day: int, serial: int) -> str:
        """Write the 18 characters of an ID from its parts."""
        first17 = prefix + self._calendar.compact[day] + _SERIALS[serial]
        return first17 + check_char(first17)


class PhoneMaker:
    """Hand out mobile numbers that never repeat: per prefix, a counter through a bijection of 8 digits."""

    _STEP = 61803399  # odd and not a multiple of 5: c → c·STEP mod 10⁸ is one-to-one

    def __init__(self, offset: int) -> None:
        self._offset = offset
        self._next = [0] * len(words.MOBILE_PREFIXES)

    def make(self, r: Draw) -> str:
        """Return a fresh mobile number."""
        i = int(r() * len(self._next))
        count = self._next[i]
        self._next[i] = count + 1
        return f"{words.MOBILE_PREFIXES[i]}{(count * self._STEP + self._offset) % 100_000_000:08d}"


@dataclass(slots=True)
class Person:
    relation: str
    male: bool
    age: int  # full years on 30 September of the year (end of the income period)
    ethnicity: str
    name: str = ""
    day: int = 0  # birth day number (Calendar)
    school_age: int = 0  # full years on 1 September (school rules)
    id18: str = ""
    id_number: str = ""
    id_kind: str = "居民身份证"
    birth_text: str = ""
    political: str = "群众"
    education: str = ""
    school: str = ""
    out_reason: str = ""
    chronic: bool = False
    serious: bool = False
    disability_kind: str = ""
    disability_grade: str = ""
    labour: str = "无劳动力"
    work_place: str = ""
    work_months: int = 0
    monthly_pay: int = 0
    planning_work: bool = False
    public_job: str = ""
    public_job_months: int = 0
    public_job_pay: int = 0
    phone: str = ""
    employee: bool = False  # 城镇职工 insurance instead of 城乡居民
    resident_pension: bool = False
    medical_aid: bool = False
    dibao: bool = False
    tekun: bool = False
    removed: bool = False
    change_reason: str = ""
    change_date: str = ""
    medical_insured: bool = True  # False only where an uninsured member is planted (INS-01)

    @property
    def disabled(self) -> bool:
        return bool(self.disability_kind)

    @property
    def has_labour(self) -> bool:
        return self.labour in HAS_LABOUR

    @property
    def student(self) -> bool:
        return self.school not in ("", "学龄前儿童", "学前教育")

    @property
    def health(self) -> str:
        parts = [w for w, on in zip(HEALTH_STATES[1:], (self.chronic, self.serious, self.disabled), strict=True) if on]
        return "、".join(parts) if parts else "健康"


# --- family structure ----------------------------------------------------------------------------------

SIZE_MIX = tuple(size for size, weight in ((1, 7), (2, 13), (3, 19), (4, 24), (5, 18), (6, 10), (7, 5), (8, 4))
                 for _ in range(weight))
Plan = list[tuple[str, bool, int]]  # (relation, male, age)


def head_age(r: Draw, size: int) -> int:
    """Draw the head's age: singles and couples are often old, big households are multi-generation."""
    if size == 1:
        return between(r, 60, 90) if r() < 0.6 else between(r, 30, 59)
    if size == 2:
        return between(r, 55, 85) if r() < 0.55 else between(r, 22, 54)
    if size >= 5 and r() < 0.6:
        return between(r, 48, 72)
    return between(r, 25, 62)


def family_plan(r: Draw, size: int) -> Plan:
    """Lay out who lives in a household: head, spouse, the head's parents, children, in-laws, grandchildren."""
    male = r() < 0.85
    age = head_age(r, size)
    plan: Plan = [(HEAD, male, age)]
    if size > 1 and r() < (0.9 if age < 70 else 0.6):
        gap = between(r, 0, 5)
        plan.append((SPOUSE, not male, max(18, min(MAX_AGE, age - gap if male else age + gap))))
    if len(plan) < size and age <= 58 and r() < 0.3:
        _add_parents(r, plan, size, age)
    if len(plan) < size:
        _add_descendants(r, plan, size, age, male)
    return plan


def _add_parents(r: Draw, plan: Plan, size: int, age: int) -> None:
    if size - len(plan) >= 2 and r() < 0.4:
        parents: tuple[tuple[str, bool], ...] = (("之父", True), ("之母", False))
    else:
        parents = (("之父", True),) if r() < 0.4 else (("之母", False),)
    for relation, male in parents:
        parent_age = age + between(r, 20, 36)
        if parent_age <= MAX_AGE:
            plan.append((relation, male, parent_age))


def _add_descendants(r: Draw, plan: Plan, size: int, age: int, head_male: bool) -> None:
    if age >= 50 and size - len(plan) >= 3 and r() < 0.55:
        child_age = age - between(r, 20, 30)
        if child_age >= 22:
            _add_married_child(r, plan, size, child_age, son=r() < 0.8)
    child_age = age - between(r, 20, min(36, age - 2))
    while len(plan) < size and child_age >= 0:
        male = r() < 0.515
        plan.append(("之子" if male else "之女", male, child_age))
        child_age -= between(r, 1, 4)


def _add_married_child(r: Draw, plan: Plan, size: int, age: int, son: bool) -> None:
    """Add a married son (with 之儿媳) or daughter (with 上门 之女婿) and their children."""
    plan.append(("之子", True, age) if son else ("之女", False, age))
    plan.append(("之儿媳", False, max(18, age - between(r, 0, 5))) if son else ("之女婿", True, age + between(r, 0, 4)))
    kid_age = age - between(r, 20, 30)
    while len(plan) < size and kid_age >= 0:
        male = r() < 0.515
        plan.append(((("之孙子" if male else "之孙女") if son else ("之外孙子" if male else "之外孙女")), male, kid_age))
        kid_age -= between(r, 1, 4)


def removed_plan(r: Draw, head_age_: int) -> tuple[str, bool, int, str] | None:
    """Lay out a member who left during the income period: (relation, male, age, reason), or None."""
    x = r()
    if x < 0.45 and head_age_ <= 70:
        male = r() < 0.5
        return ("之父" if male else "之母", male, min(MAX_AGE, head_age_ + between(r, 22, 36)), "死亡")
    child_age = head_age_ - between(r, 20, 36)
    if child_age < 18:
        return None
    if x < 0.75:
        return ("之女", False, child_age, "婚姻嫁出")
    if x < 0.97:
        return ("之子", True, child_age, "迁出")
    return ("之子", True, child_age, "服刑")


# --- names ---------------------------------------------------------------------------------------------


def surname(r: Draw, ethnicity: str) -> str:
    """Draw a surname for the nationality; '' for 藏族, whose names carry none."""
    table = words.SURNAMES.get(ethnicity)
    if table is None:
        return "" if ethnicity == "藏族" else pick(r, words.SURNAMES["汉族"])
    return pick(r, table)


def person_name(r: Draw, ethnicity: str, male: bool, born: int, family: str) -> str:
    """Compose a name: 藏族 from Tibetan elements, everyone else surname + one or two given characters."""
    if ethnicity == "藏族":
        second = pick(r, words.TIBETAN_SECOND[male])
        if r() < 0.25:
            return second
        first = pick(r, words.TIBETAN_FIRST)
        return first + second if first != second else second
    pool = words.GIVEN_CHARS[(male, born >= 1985)]
    given = pick(r, pool) if r() < 0.25 else pick(r, pool) + pick(r, pool)
    return (family or surname(r, ethnicity)) + given


# --- member traits -------------------------------------------------------------------------------------


def schooling(r: Draw, school_age: int, disabled_severely: bool) -> tuple[str, str, str]:
    """Return (在校生状况, 文化程度, 义务教育阶段未上学原因) for a young person; ('', '', '') once out of school."""
    if school_age < 3:
        return "学龄前儿童", "", ""
    if school_age < 6:
        return ("学前教育" if r() < 0.85 else "学龄前儿童"), "", ""
    if school_age <= 15 and disabled_severely and r() < 0.3:
        return "", "", "因残"  # 送教上门 aside, severely disabled children are often excused
    if school_age < 12:
        return "小学", "", ""
    if school_age < 15:
        return _GRADES_7_9[school_age - 12], "", ""
    if school_age == 15:
        x = r()
        return ("普通高中一年级" if x < 0.6 else "中职一年级" if x < 0.85 else "九年级"), "", ""
    if school_age <= 17 and r() < (0.75 if school_age == 16 else 0.65):
        kind = "普通高中" if r() < 0.7 else "中职"
        return f"{kind}{_YEAR_WORDS[school_age - 15]}年级", "初中", ""
    if 18 <= school_age <= 22 and r() < 0.25:
        return _college(r, school_age - 17), "高中", ""
    return "", "", ""


def _college(r: Draw, year_no: int) -> str:
    if year_no <= 3 and r() < 0.5:
        return f"高职高专{_YEAR_WORDS[year_no - 1]}年级"
    return f"本科{_YEAR_WORDS[min(year_no, 4) - 1]}年级"


def education(r: Draw, age: int) -> str:
    """Draw the 文化程度 of someone out of school, by age band (older people went to school less)."""
    for lowest, table in words.EDUCATION_BY_AGE:
        if age >= lowest:
            return pick(r, table)
    return pick(r, words.EDUCATION_BY_AGE[-1][1])


def health(r: Draw, p: Person, boost: float) -> None:
    """Draw long-term illness, serious illness and disability; they grow with age (and in poor households)."""
    age = p.age
    chronic = 0.02 if age < 40 else 0.08 if age < 60 else 0.18 if age < 70 else 0.28
    serious = 0.007 if age < 40 else 0.02 if age < 60 else 0.04
    disabled = 0.015 if age < 18 else 0.04 if age < 60 else 0.09
    p.chronic = r() < chronic * boost
    p.serious = r() < serious * boost
    if r() < disabled * boost:
        p.disability_kind = pick(r, words.DISABILITY_KIND_MIX)
        p.disability_grade = pick(r, words.DISABILITY_GRADE_MIX)


def labour(r: Draw, p: Person) -> str:
    """Judge 劳动技能 from age, schooling and health, the way village operators fill it in."""
    age = p.age
    if age < 16 or p.student:
        return "无劳动力"
    if p.disability_grade in SEVERE_DISABILITY_GRADES:
        return "丧失劳动力" if r() < 0.7 else "无劳动力"
    if p.serious:
        return "丧失劳动力" if r() < 0.5 else "弱劳动力或半劳动力"
    if age >= 65:
        return "弱劳动力或半劳动力" if r() < 0.55 else "无劳动力"
    if p.disabled or p.chronic:
        return "弱劳动力或半劳动力" if r() < 0.7 else "普通劳动力"
    if age >= 60:
        return "普通劳动力" if r() < 0.45 else "弱劳动力或半劳动力"
    return "普通劳动力" if r() < 0.72 else "技能劳动力"


def go_to_work(r: Draw, p: Person, pay_factor: float) -> None:
    """Send a working-age person out to work: place, months of the year and monthly pay."""
    p.work_place = pick(r, words.WORK_PLACE_MIX)
    x = r()
    p.work_months = 12 if x < 0.35 else between(r, 8, 11) if x < 0.7 else between(r, 3, 7)
    # A lognormal spread around the place's median, kept inside what the work-monitoring data shows.
    pay = words.WORK_PLACE_PAY[p.work_place] * pay_factor * math.exp(0.22 * _gauss(r))
    p.monthly_pay = max(2000, min(8000, int(pay / 10) * 10))


def _gauss(r: Draw) -> float:
    """Draw a standard normal value (sum of uniforms: cheap, and tails do not matter here)."""
    return r() + r() + r() + r() + r() + r() - 3.0


def work(r: Draw, p: Person, work_share: float, pay_factor: float) -> None:
    """Decide whether a person works away from the farm, and plan work for some who do not."""
    if p.labour in STRONG_LABOUR and 16 <= p.age <= 64:
        if r() < work_share:
            go_to_work(r, p, pay_factor)
        elif r() < 0.1:
            p.planning_work = True
    elif p.labour == "弱劳动力或半劳动力" and p.age <= 64 and r() < 0.12:
        p.work_place = "乡镇内"
        p.work_months = between(r, 2, 6)
        p.monthly_pay = between(r, 200, 260) * 10


def political(r: Draw, p: Person) -> str:
    """Draw 政治面貌: league members among the young, party members mostly among older men."""
    age = p.age
    if age < 14:
        return "群众"
    if age <= 28:
        x = r()
        return "共青团员" if x < (0.35 if p.student else 0.15) else "中共党员" if x > 0.98 and age >= 18 else "群众"
    x = r()
    if x < (0.10 if p.male else 0.04):
        return "中共党员"
    return "中共预备党员" if x > 0.997 else "群众"


def identity(r: Draw, p: Person, calendar: Calendar, ids: IdMaker) -> None:
    """Give a person a birth day, a unique ID agreeing with it and, for some disabled, a 残疾人证 number."""
    p.day = calendar.birth_day(r, p.age)
    p.school_age = calendar.school_age[p.day]
    p.id18 = p.id_number = ids.make(r, p.day, p.male)
    p.birth_text = calendar.iso[p.day]


def certify_disability(r: Draw, p: Person) -> None:
    """Give most disabled people a 残疾人证: ID + category digit (1-7) + grade digit (1-4)."""
    if p.disabled and r() < 0.65:
        p.id_kind = "残疾人证"
        kind = DISABILITY_KINDS.index(p.disability_kind) + 1
        grade = DISABILITY_GRADES.index(p.disability_grade) + 1
        p.id_number = f"{p.id18}{kind}{grade}"


def insurance(r: Draw, p: Person) -> None:
    """Insure everyone for medical care; a few with formal jobs are on the 城镇职工 schemes instead."""
    p.employee = 20 <= p.age <= 59 and r() < 0.02
    p.resident_pension = p.age >= 16 and not p.student and not p.employee and r() < 0.93
    p.medical_aid = (p.serious and r() < 0.7) or (p.chronic and r() < 0.1)


# --- a household's members -----------------------------------------------------------------------------

MARRIED_IN = frozenset({SPOUSE, "之母", "之儿媳", "之女婿"})  # own surname, sometimes another nationality
HEAD_LINE = frozenset({HEAD, "之父", "之兄弟姐妹"})  # the head's own surname


@dataclass(frozen=True)
class Lean:
    """How a household leans: more illness and less work away in poor and monitored households."""

    boost: float = 1.0
    work_share: float = 0.55
    pay_factor: float = 1.0


class Population:
    """What every household of a run draws from: the calendar and the makers of unique IDs and phones."""

    def __init__(self, year: int, phone_offset: int) -> None:
        self.calendar = Calendar(year)
        self.ids = IdMaker(self.calendar)
        self.phones = PhoneMaker(phone_offset)


def build_members(r: Draw, people: Population, plan: Plan, ethnicity: str, lean: Lean) -> list[Person]:
    """Turn a family plan into members with names, IDs and every trait the national export records."""
    head_family = surname(r, ethnicity)
    spouse_family = ""
    members: list[Person] = []
    for relation, male, age in plan:
        nation = ethnicity
        if relation in MARRIED_IN:
            nation = ethnicity if r() < 0.85 else pick(r, words.ETHNICITY_MIX)
            family = surname(r, nation)
            if relation == SPOUSE:
                spouse_family = family
        elif relation in HEAD_LINE:
            family = head_family
        else:
            family = head_family if plan[0][1] or not spouse_family else spouse_family
        members.append(make_person(r, people, relation, male, age, nation, family, lean))
    return members


def make_person(
    r: Draw, people: Population, relation: str, male: bool, age: int, ethnicity: str, family: str, lean: Lean
) -> Person:
    """Create one member and draw all of their traits consistently with their age and health."""
    p = Person(relation, male, age, ethnicity)
    identity(r, p, people.calendar, people.ids)
    p.name = person_name(r, ethnicity, male, people.calendar.birth_year[p.day], family)
    health(r, p, lean.boost)
    p.school, schooled, p.out_reason = schooling(r, p.school_age, p.disability_grade in SEVERE_DISABILITY_GRADES)
    p.education = schooled if (p.school or p.out_reason) else education(r, age)
    p.political = political(r, p)
    p.labour = labour(r, p)
    certify_disability(r, p)
    work(r, p, lean.work_share, lean.pay_factor)
    insurance(r, p)
    if 18 <= age <= 64 and r() < 0.5:
        p.phone = people.phones.make(r)
    return p


def registered(members: list[Person]) -> list[Person]:
    """Return the members still registered (人员状态 在册)."""
    return [p for p in members if not p.removed]


def assign_assistance(r: Draw, members: list[Person], lifted: bool, monitored: bool) -> None:
    """Decide who enjoys 低保 and 特困供养; a household without labour is never left with neither."""
    current = registered(members)
    labour_free = not any(p.has_labour for p in current)
    if len(current) == 1 and labour_free and r() < 0.6:
        current[0].tekun = True
        return
    chance = 0.45 if monitored else 0.15 if lifted else 0.05
    if not ((labour_free and not monitored) or r() < chance):
        return
    if r() < 0.7:
        needy = current
    else:
        needy = [p for p in current if p.labour not in STRONG_LABOUR or p.disabled or p.serious] or current[:1]
    for p in needy:
        p.dibao = True


def give_public_job(r: Draw, members: list[Person]) -> Person | None:
    """Give a 公益性岗位 to someone able who lives at home; None when nobody can take one."""
    able = [
        p for p in members
        if not p.removed and p.has_labour and 18 <= p.age <= 64 and not p.student and not p.public_job
        and p.work_place not in words.OUTSIDE_COUNTY
    ]
    if not able:
        return None
    p = able[int(r() * len(able))]
    p.public_job = pick(r, words.PUBLIC_JOBS)
    p.public_job_months = 12 if r() < 0.6 else between(r, 6, 11)
    p.public_job_pay = between(r, 60, 100) * 10
    return p


def give_work(r: Draw, members: list[Person]) -> Person | None:
    """Send someone able-bodied out to work (what an 就业帮扶 measure did); None when nobody can go."""
    able = [
        p for p in members if not p.removed and p.labour in STRONG_LABOUR and 16 <= p.age <= 64 and not p.work_months
        and not p.public_job
    ]
    if not able:
        return None
    p = able[int(r() * len(able))]
    go_to_work(r, p, 0.9)
    p.planning_work = False
    return p
