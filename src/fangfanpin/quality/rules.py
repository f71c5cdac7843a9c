"""How a rule is declared: code, title, severity, subject, parameters kept as data, and one SQL query.

The query is written once, in the portable subset of SQL that DuckDB runs and sqlglot turns into Spark
SQL, over the prelude's tables (`hh`, `mem`, … see prelude.py). It returns the failing subjects with the
values that explain the finding, always in these columns:

    subject, household_id, village_code, id_number, name, description

`:name` in the query is replaced by the parameter's value (a city admin may change it) or by one of the
run's constants (`:year`, `:ref_date`, `:school_date`, `:ref_md`, `:school_md`, `:prev_year`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models

from fangfanpin.quality.models import FindingKind, Severity

ParamValue = int | Decimal | str | tuple[str, ...]
FINDING_COLUMNS = ("subject", "household_id", "village_code", "id_number", "name", "description")
_PLACEHOLDER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)\b")


class Subject(models.TextChoices):
    MEMBER = "member", "成员"
    HOUSEHOLD = "household", "户"
    VILLAGE = "village", "村"
    DEPARTMENT_ROW = "department_row", "部门数据"


@dataclass(frozen=True)
class Param:
    """A value the rule reads, with its Chinese name for the rule page."""

    name: str
    title: str
    default: ParamValue


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    severity: Severity
    subject: Subject
    sql: str
    params: tuple[Param, ...] = ()
    kind: FindingKind = FindingKind.PROBLEM

    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    def query(self, constants: Mapping[str, ParamValue | dt.date], overrides: Mapping[str, object]) -> str:
        """The rule's SQL with every `:name` replaced by a literal."""
        values: dict[str, ParamValue | dt.date] = {**constants, **self.defaults()}
        for name, value in overrides.items():
            if name in values:
                values[name] = param_parse(self.defaults()[name], value)

        return substitute(self.sql, values, self.code)


def substitute(sql: str, values: Mapping[str, ParamValue | dt.date], where: str = "prelude") -> str:
    """Replace every `:name` in `sql` by the literal of its value."""

    def literal(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"{where}: unknown parameter :{name}")
        return sql_literal(values[name])

    return _PLACEHOLDER.sub(literal, sql)


def sql_literal(value: ParamValue | dt.date) -> str:
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, tuple | list):
        return "(" + ", ".join(sql_literal(v) for v in value) + ")"
    return str(value)


def param_parse(default: ParamValue, value: object) -> ParamValue:
    """Read an admin's value as the type of the default; ValueError with a Chinese message if it is not."""
    text = value if isinstance(value, str) else None
    try:
        if isinstance(default, bool):
            raise ValueError
        if isinstance(default, int):
            return int(text.strip()) if text is not None else int(value)  # type: ignore[call-overload]
        if isinstance(default, Decimal):
            return Decimal(text.strip() if text is not None else str(value))
    except (ArithmeticError, ValueError, TypeError):
        raise ValueError(f"“{value}”不是数字") from None
    if isinstance(default, tuple):
        items = re.split(r"[、,，\s]+", text) if text is not None else list(value)  # type: ignore[call-overload]
        return tuple(str(v) for v in items if str(v))
    return str(value)


def constants_for(year: int) -> dict[str, ParamValue | dt.date]:
    """The run's dates (RULES.md conventions): 30 September for income, 1 September for school."""
    ref = dt.date(year, 9, 30)
    school = dt.date(year, 9, 1)
    return {
        "year": year,
        "prev_year": year - 1,
        "ref_date": ref,
        "school_date": school,
        "ref_md": ref.month * 100 + ref.day,
        "school_md": school.month * 100 + school.day,
    }


@dataclass
class Catalogue:
    """Every rule by code; modules in `catalogue/` add theirs with `add`."""

    rules: dict[str, Rule] = field(default_factory=dict)

    def add(self, *rules: Rule) -> None:
        for rule in rules:
            if rule.code in self.rules:
                raise ValueError(f"rule {rule.code} declared twice")
            self.rules[rule.code] = rule

    def select(self, codes: Sequence[str] | None = None) -> list[Rule]:
        """The rules named (every rule if none), in catalogue order; unknown codes are refused."""
        if not codes:
            return list(self.rules.values())
        unknown = [c for c in codes if c not in self.rules]
        if unknown:
            raise KeyError("、".join(unknown))
        wanted = set(codes)
        return [r for r in self.rules.values() if r.code in wanted]
