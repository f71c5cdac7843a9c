"""Monitoring of the synthetic registry: category, risks drawn from the members' facts, and measures.

Every choice here follows GLOSSARY's rules so that clean data raises none of RULES.md's CAT, RISK, MEAS or
ELIM findings: a risk needs the fact behind it, each risk gets one of its expected measures, and a measure
that names work, a public job, 低保 or 雨露计划 only appears where a member really has it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fangfanpin.core.enums import (
    DEVELOPMENT_MEASURES,
    EXPECTED_MEASURES,
    MEASURES,
    EliminationWay,
    HouseholdKind,
    MonitoringCategory,
)
from fangfanpin.registry import synth_names as words
from fangfanpin.registry.synth_family import give_public_job, give_work
from fangfanpin.registry.synth_people import STRONG_LABOUR, VOCATIONAL_PREFIXES, Draw, Person, between, pick

FIRST_YEAR = 2019  # 回头看 covers every household monitored since 2019
MIN_MONTHS_TO_ELIMINATE = 6
# Measures for risks the GLOSSARY expects nothing particular of.
OTHER_RISK_MEASURES = {
    "因自然灾害": ("住房安全保障", "社会帮扶", "产业帮扶"),
    "因意外事故": ("综合保障", "社会帮扶", "健康帮扶"),
    "其他": ("社会帮扶", "综合保障"),
}
SUDDEN_RISKS = frozenset({"因病", "因意外事故", "因自然灾害"})


@dataclass(slots=True)
class Monitoring:
    category: str
    identified: int  # months since January of FIRST_YEAR
    eliminated_at: int | None = None
    way: str = ""
    risks: list[str] = field(default_factory=list)
    disaster: str = ""
    remark: str = ""
    measures: dict[str, str] = field(default_factory=dict)

    @property
    def eliminated(self) -> bool:
        return self.eliminated_at is not None

    @property
    def development_done(self) -> str:
        return "已实施" if any(m in self.measures for m in DEVELOPMENT_MEASURES) else "尚未实施"


def month_text(months: int) -> str:
    """Write a month counted from January of FIRST_YEAR as YYYYMM."""
    return f"{FIRST_YEAR + months // 12}{months % 12 + 1:02d}"


def category(r: Draw, kind: str) -> str:
    """Draw the category the household's kind allows: 脱贫不稳定户 only for 脱贫户, 边缘易致贫户 only for others."""
    if kind == HouseholdKind.LIFTED:
        return MonitoringCategory.UNSTABLE if r() < 0.75 else MonitoringCategory.SUDDEN
    return MonitoringCategory.MARGINAL if r() < 0.7 else MonitoringCategory.SUDDEN


def start(r: Draw, category: str, year: int) -> Monitoring:
    """Open monitoring in a category, identified in a month from January 2019 to August of the year."""
    last = (year - FIRST_YEAR) * 12 + 7
    return Monitoring(category=category, identified=between(r, 0, last))


def maybe_eliminate(r: Draw, watch: Monitoring, year: int, members: list[Person]) -> None:
    """Mark about half the households eliminated, at least six months after identification.

    Only households with labour qualify: one without it would be flagged for roll-back at once (GAP-08).
    """
    latest = (year - FIRST_YEAR) * 12 + 8  # September of the year
    earliest = watch.identified + MIN_MONTHS_TO_ELIMINATE
    if earliest > latest or not any(p.has_labour for p in members) or r() >= 0.62:
        return
    watch.eliminated_at = between(r, earliest, latest)
    watch.way = EliminationWay.BY_ASSISTANCE if r() < 0.8 else EliminationWay.NATURAL


# --- risks ---------------------------------------------------------------------------------------------


def choose_risks(r: Draw, watch: Monitoring, members: list[Person]) -> None:
    """Draw 1-3 risks among those the household's facts support (illness needs a sick member, …)."""
    candidates = _risk_weights(watch, members)
    count = 1 if (x := r()) < 0.5 else 2 if x < 0.85 else 3
    while candidates and len(watch.risks) < count:
        risk = _draw_weighted(r, candidates)
        watch.risks.append(risk)
        del candidates[risk]
    if "因自然灾害" in watch.risks:
        watch.disaster = pick(r, words.DISASTER_MIX)
    if "其他" in watch.risks:
        watch.remark = pick(r, words.OTHER_REMARKS)


def _draw_weighted(r: Draw, weights: dict[str, float]) -> str:
    """Draw a key with probability proportional to its weight (dicts keep insertion order: deterministic)."""
    point = r() * sum(weights.values())
    for key, weight in weights.items():
        point -= weight
        if point < 0:
            return key
    return key


def _risk_weights(watch: Monitoring, members: list[Person]) -> dict[str, float]:
    weights: dict[str, float] = {}
    if any(p.chronic or p.serious for p in members):
        weights["因病"] = 5
    if any(p.disabled for p in members):
        weights["因残"] = 4
    if any(p.student for p in members):
        weights["因学"] = 3
    if 2 * sum(p.labour in STRONG_LABOUR for p in members) <= len(members):
        weights["缺劳动力"] = 3
    if any(p.work_months for p in members) or _can_take_job(members):
        weights["因务工就业不稳"] = 2
    weights.update(
        {"因产业项目失败": 2, "因自然灾害": 2, "因意外事故": 2, "因安全住房": 1, "因安全饮水": 1, "其他": 0.3}
    )
    if watch.category == MonitoringCategory.SUDDEN:
        for risk in SUDDEN_RISKS & weights.keys():
            weights[risk] *= 3
    return weights


def _can_take_job(members: list[Person]) -> bool:
    return any(p.has_labour and 18 <= p.age <= 64 and not p.student for p in members)


# --- measures ------------------------------------------------------------------------------------------


def choose_measures(r: Draw, watch: Monitoring, members: list[Person]) -> None:
    """Give each risk one expected measure the household can really have, plus 开发式 help where there is labour."""
    for risk in watch.risks:
        options = EXPECTED_MEASURES.get(risk) or OTHER_RISK_MEASURES[risk]
        for measure in _shuffled(r, options):
            if measure in watch.measures or _apply(r, measure, watch, members):
                break
    if any(p.dibao or p.tekun for p in members) and "综合保障" not in watch.measures:
        _apply(r, "综合保障", watch, members)
    if any(p.has_labour for p in members) and watch.development_done != "已实施":
        for measure in _shuffled(r, ("产业帮扶", "产业帮扶", "金融帮扶", "就业帮扶")):
            if _apply(r, measure, watch, members):
                break
    if r() < 0.2:
        _apply(r, pick(r, ("生产生活条件改善", "基础设施建设", "社会帮扶")), watch, members)


def _shuffled(r: Draw, options: tuple[str, ...]) -> list[str]:
    items = list(options)
    for i in range(len(items) - 1, 0, -1):
        j = int(r() * (i + 1))
        items[i], items[j] = items[j], items[i]
    return items


def _apply(r: Draw, measure: str, watch: Monitoring, members: list[Person]) -> bool:
    """Record a measure's cell text; False when the household cannot have it (no one to employ, …)."""
    text = _measure_text(r, measure, members)
    if not text:
        return False
    watch.measures[measure] = text
    return True


def _measure_text(r: Draw, measure: str, members: list[Person]) -> str:
    if measure == "就业帮扶":
        if not any(p.work_months for p in members) and give_work(r, members) is None:
            return ""
        return "、".join(MEASURES[measure][:3][i] for i in sorted({int(r() * 3), int(r() * 3)}))
    if measure == "公益岗位帮扶":
        holder = next((p for p in members if p.public_job), None) or give_public_job(r, members)
        return holder.public_job if holder else ""
    if measure == "综合保障":
        return _security_text(r, members)
    if measure == "健康帮扶":
        aided = any(p.medical_aid for p in members)
        return "城乡居民基本医疗保险个人缴费补贴" + ("、医疗救助" if aided else "")
    if measure == "教育帮扶":
        vocational = any(p.school.startswith(VOCATIONAL_PREFIXES) for p in members)
        return "雨露计划" if vocational else "其他"
    if measure == "金融帮扶":
        return "小额信贷"
    return pick(r, words.MEASURE_WORDING[measure])


def _security_text(r: Draw, members: list[Person]) -> str:
    """List 低保/特困供养 exactly when a member enjoys them, so MEAS-04 and MEAS-05 stay quiet."""
    parts = []
    if any(p.dibao for p in members):
        parts.append("低保")
    if any(p.tekun for p in members):
        parts.append("特困供养")
    if any(p.disabled for p in members) and r() < 0.7:
        parts.append("残疾人补贴")
    return "、".join(parts) if parts else "临时救助"
