"""Families of the synthetic registry: who lives in a household, who joins or leaves, and who gets help.

Ages keep generations apart the way HH-06 expects (children 18-40 years younger than the head, parents
20-36 years older), spouses are of the other sex, and relations always agree with sex.
"""

from __future__ import annotations

from fangfanpin.core.enums import HEAD, SPOUSE
from fangfanpin.registry import synth_names as words
from fangfanpin.registry.synth_people import (
    MAX_AGE,
    SEVERE_DISABILITY_GRADES,
    STRONG_LABOUR,
    Draw,
    Lean,
    Person,
    Population,
    between,
    certify_disability,
    education,
    go_to_work,
    health,
    identity,
    insurance,
    labour,
    person_name,
    pick,
    political,
    registered,
    schooling,
    surname,
    work,
)

# --- family structure ----------------------------------------------------------------------------------

SIZE_MIX = tuple(
    size
    for size, weight in ((1, 7), (2, 13), (3, 19), (4, 24), (5, 18), (6, 10), (7, 5), (8, 4))
    for _ in range(weight)
)
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
    plan.append(
        ("之儿媳", False, max(18, age - between(r, 0, 5)))
        if son
        else ("之女婿", True, age + between(r, 0, 4))
    )
    kid_age = age - between(r, 20, 30)
    while len(plan) < size and kid_age >= 0:
        male = r() < 0.515
        plan.append(
            (
                (("之孙子" if male else "之孙女") if son else ("之外孙子" if male else "之外孙女")),
                male,
                kid_age,
            )
        )
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


# --- a household's members -----------------------------------------------------------------------------

MARRIED_IN = frozenset({SPOUSE, "之母", "之儿媳", "之女婿"})  # own surname, sometimes another nationality
HEAD_LINE = frozenset({HEAD, "之父", "之兄弟姐妹"})  # the head's own surname


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
    p.school, schooled, p.out_reason = schooling(
        r, p.school_age, p.disability_grade in SEVERE_DISABILITY_GRADES
    )
    p.education = schooled if (p.school or p.out_reason) else education(r, age)
    p.political = political(r, p)
    p.labour = labour(r, p)
    certify_disability(r, p)
    work(r, p, lean.work_share, lean.pay_factor)
    insurance(r, p)
    if 18 <= age <= 64 and r() < 0.5:
        p.phone = people.phones.make(r)
    return p


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
        needy = [p for p in current if p.labour not in STRONG_LABOUR or p.disabled or p.serious] or current[
            :1
        ]
    for p in needy:
        p.dibao = True


def give_public_job(r: Draw, members: list[Person]) -> Person | None:
    """Give a 公益性岗位 to someone able who lives at home; None when nobody can take one."""
    able = [
        p
        for p in members
        if not p.removed
        and p.has_labour
        and 18 <= p.age <= 64
        and not p.student
        and not p.public_job
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
        p
        for p in members
        if not p.removed
        and p.labour in STRONG_LABOUR
        and 16 <= p.age <= 64
        and not p.work_months
        and not p.public_job
    ]
    if not able:
        return None
    p = able[int(r() * len(able))]
    go_to_work(r, p, 0.9)
    p.planning_work = False
    return p
