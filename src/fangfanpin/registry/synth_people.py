"""People of the synthetic registry: birth days, unique IDs and phones, names, and member traits.

Hot path: a million persons in well under a minute, so draws go through a bare `random()` callable and
flat tables, and dates are day numbers into precomputed texts rather than `datetime` objects.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

from fangfanpin.core.enums import (
    DISABILITY_GRADES,
    DISABILITY_KINDS,
    HAS_LABOUR,
    HEALTH_STATES,
    SEVERE_DISABILITY_GRADES,
)
from fangfanpin.core.idcard import check_char
from fangfanpin.core.values import format_value
from fangfanpin.registry import synth_names as words

Draw = Callable[[], float]  # random.Random.random of the village being generated
MAX_AGE = 100
SHARDS = 2  # fixed, so that the output never depends on how many processes generated it
_SERIALS = tuple(f"{i:03d}" for i in range(1000))
_CHECK_CHARS = "10X98765432"  # GB 11643: the check character of a weighted sum ≡ i (mod 11)
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
        self.age_hi = [
            min(len(self.compact) - 1, (dt.date(year - a, 9, 30) - first).days) for a in range(MAX_AGE + 1)
        ]
        period_start = dt.date(year - 1, 10, 1)
        self.period_iso = tuple(format_value("date", period_start + dt.timedelta(days=i)) for i in range(365))

    def birth_day(self, r: Draw, age: int) -> int:
        """Draw a birth day of someone aged `age` at the end of the income period."""
        return between(r, self.age_lo[age], self.age_hi[age])


class IdMaker:
    """Hand out valid resident IDs that never repeat: one bit per (area prefix, birth day, serial).

    The 3-digit serial is laid out as (k · SHARDS + shard) · 2 + sex, so each shard draws from its own
    lane and shards never need to talk to each other; the last bit is the sex digit's parity (odd = 男).
    """

    LANES = 1000 // (2 * SHARDS)  # values of k

    def __init__(self, calendar: Calendar, shard: int) -> None:
        self._calendar = calendar
        self._lane = shard
        self._bits: dict[str, bytearray] = {}
        self._prefix_residues: dict[str, int] = {}
        self._day_residues = [-1] * len(calendar.compact)  # filled on first use

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
        sex, lane, lanes = int(male), self._lane, self.LANES
        serial = (int(r() * lanes) * SHARDS + lane) * 2 + sex
        while not self.claim(prefix, day, serial):
            serial = (int(r() * lanes) * SHARDS + lane) * 2 + sex
        return self.assemble(prefix, day, serial)

    def assemble(self, prefix: str, day: int, serial: int) -> str:
        """Write the 18 characters of an ID from its parts."""
        compact = self._calendar.compact[day]
        of_day = self._day_residues[day]
        if of_day < 0:
            of_day = self._day_residues[day] = _residue(compact, 6)
        of_prefix = self._prefix_residues.get(prefix)
        if of_prefix is None:
            of_prefix = self._prefix_residues[prefix] = _residue(prefix, 0)
        check = _CHECK_CHARS[(of_prefix + of_day + _SERIAL_RESIDUES[serial]) % 11]
        return f"{prefix}{compact}{_SERIALS[serial]}{check}"


def _residue(digits: str, at: int) -> int:
    """Return the GB 11643 weighted sum mod 11 of some digits at a position, as core's check_char sees it.

    The sum is linear, so an ID's check character follows from the residues of its area prefix, birth
    date and serial, each asked of check_char once and kept: a million IDs cost a few thousand calls.
    """
    padded = "0" * at + digits + "0" * (17 - at - len(digits))
    return _CHECK_CHARS.index(check_char(padded))


_SERIAL_RESIDUES = tuple(_residue(serial, 14) for serial in _SERIALS)


class PhoneMaker:
    """Hand out mobile numbers that never repeat: per prefix, a counter through a bijection of 8 digits."""

    _STEP = 61803399  # odd and not a multiple of 5: c → c·STEP mod 10⁸ is one-to-one
    _SPREAD = 37_124_517  # shifts each prefix's sequence, so that no two prefixes share their endings

    def __init__(self, offset: int, shard: int) -> None:
        self._offset = offset
        self._shard = shard
        self._next = [0] * len(words.MOBILE_PREFIXES)

    def make(self, r: Draw) -> str:
        """Return a fresh mobile number (shards count in separate lanes of the same sequence)."""
        i = int(r() * len(self._next))
        count = self._next[i]
        self._next[i] = count + 1
        number = ((count * SHARDS + self._shard) * self._STEP + self._offset + i * self._SPREAD) % 100_000_000
        return f"{words.MOBILE_PREFIXES[i]}{number:08d}"


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
        if not (self.chronic or self.serious or self.disability_kind):
            return "健康"
        states = zip(HEALTH_STATES[1:], (self.chronic, self.serious, self.disabled), strict=True)
        return "、".join(word for word, on in states if on)


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
        return (
            "共青团员"
            if x < (0.35 if p.student else 0.15)
            else "中共党员"
            if x > 0.98 and age >= 18
            else "群众"
        )
    x = r()
    if x < (0.10 if p.male else 0.04):
        return "中共党员"
    return "中共预备党员" if x > 0.997 else "群众"


def identity(r: Draw, p: Person, calendar: Calendar, ids: IdMaker) -> None:
    """Give a person a birth day fitting their age and a unique ID agreeing with it."""
    p.day = day = calendar.birth_day(r, p.age)
    p.school_age = calendar.school_age[day]
    p.id18 = p.id_number = ids.make(r, day, p.male)
    p.birth_text = calendar.iso[day]


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


# --- shared by a shard's households ---------------------------------------------------------------------


@dataclass(frozen=True)
class Lean:
    """How a household leans: more illness and less work away in poor and monitored households."""

    boost: float = 1.0
    work_share: float = 0.55
    pay_factor: float = 1.0


@functools.cache
def calendar_for(year: int) -> Calendar:
    """Return the year's calendar, built once per process (forked shards inherit it)."""
    return Calendar(year)


class Population:
    """What every household of a shard draws from: the calendar and the makers of unique IDs and phones."""

    def __init__(self, year: int, phone_offset: int, shard: int) -> None:
        self.calendar = calendar_for(year)
        self.ids = IdMaker(self.calendar, shard)
        self.phones = PhoneMaker(phone_offset, shard)


def registered(members: list[Person]) -> list[Person]:
    """Return the members still registered (人员状态 在册)."""
    return [p for p in members if not p.removed]
