"""What the department generators work with: the persons, the scale, and a builder of rows and plants."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

PLANT_RATE = 0.002
# Departments whose files naturally hold several rows per person (years, terms, past events): they absorb
# the rows a larger --rows asks for, as history that agrees with the registry.
HISTORY_WEIGHTS = {
    "yibao_canbao": 0.5,
    "renshe_jiuye": 0.15,
    "jiaoyu_xueji": 0.1,
    "minzheng_jiuzhu": 0.1,
    "gongan_cheliang": 0.1,
    "yingji_shouzai": 0.05,
}
# About how many rows per person each department gives without history (for sizing --rows).
NATURAL_SHARE = 4.3


class Persons:
    """The persons of a household export, with the flags the generators need."""

    def __init__(self, columns: dict[str, np.ndarray], year: int) -> None:
        self.columns = columns
        self.year = year

    def __len__(self) -> int:
        return len(self.columns["证件号码"])

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def sample(self, share: float, rng: np.random.Generator) -> Persons:
        keep = rng.random(len(self)) < share
        return Persons({k: v[keep] for k, v in self.columns.items()}, self.year)

    def has(self, name: str, word: str) -> np.ndarray:
        return np.char.find(self[name].astype(str), word) >= 0

    @cached_property
    def ids(self) -> np.ndarray:
        """Resident IDs: a 残疾人证 number's first 18 characters."""
        ids = self["证件号码"]
        long = np.flatnonzero(np.char.str_len(ids.astype(str)) > 18)
        ids = ids.copy()
        ids[long] = [number[:18] for number in ids[long].tolist()]
        return ids

    @cached_property
    def registered(self) -> np.ndarray:
        return self["人员状态"] != "自然减少"

    @cached_property
    def monitored(self) -> np.ndarray:
        return (self["监测对象类别"] != "") & (self["监测对象类别"] != "清退")

    @cached_property
    def lifted(self) -> np.ndarray:
        return self["户类型"] == "脱贫户"

    @cached_property
    def head(self) -> np.ndarray:
        return self["与户主关系"] == "户主"

    @cached_property
    def age(self) -> np.ndarray:
        text = self["出生日期"].astype(str)
        born = np.where(text == "", "NaT", text).astype("datetime64[D]")
        return ((np.datetime64(f"{self.year}-09-30") - born).astype(int) // 365.25).astype(int)

    @cached_property
    def adult(self) -> np.ndarray:
        return self.registered & (self.age >= 18)


@dataclass
class Scale:
    """How many history rows each department adds, and what share of persons to draw on."""

    share: float = 1.0
    history: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_total(cls, persons: Persons, rows: int | None) -> Scale:
        natural = int(len(persons) * NATURAL_SHARE)
        if rows is None or rows == natural:
            return cls()
        if rows < natural:
            return cls(share=rows / natural)
        extra = rows - natural
        return cls(history={code: int(extra * w) for code, w in HISTORY_WEIGHTS.items()})


@dataclass
class Rows:
    columns: dict[str, np.ndarray]
    planted: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, ID, note)


class Builder:
    """Collects parts of a department's rows and what was planted among them."""

    def __init__(self, persons: Persons, rng: np.random.Generator) -> None:
        self.p, self.rng = persons, rng
        self.parts: list[dict[str, np.ndarray]] = []
        self.planted: list[tuple[str, str, str]] = []
        self.taken = np.zeros(len(persons), dtype=bool)

    def add(self, index: np.ndarray, **columns: Any) -> None:
        n = len(index)
        part = {"id": self.p.ids[index], "name": self.p["姓名"][index]}
        part |= {
            k: v if isinstance(v, np.ndarray) else np.full(n, v, dtype=object) for k, v in columns.items()
        }
        self.parts.append(part)

    def plant(self, rule: str, mask: np.ndarray, note: str, **columns: Any) -> np.ndarray:
        """Give a few persons of `mask` a row that rule `rule` must find; return who they are."""
        mask = mask & ~self.taken
        count = min(int(mask.sum()), max(1, round(mask.sum() * PLANT_RATE))) if mask.any() else 0
        index = (
            np.sort(self.rng.choice(np.flatnonzero(mask), count, replace=False))
            if count
            else np.array([], int)
        )
        self.taken[index] = True
        made = {k: v(len(index)) if callable(v) else v for k, v in columns.items()}
        self.add(index, **made)
        self.planted += [(rule, number, note) for number in self.p.ids[index].tolist()]
        return index

    def share(self, mask: np.ndarray, share: float) -> np.ndarray:
        return np.flatnonzero(mask & ~self.taken & (self.rng.random(len(mask)) < share))

    def draw(self, mask: np.ndarray, count: int) -> np.ndarray:
        candidates = np.flatnonzero(mask)
        return np.sort(self.rng.choice(candidates, count)) if count and len(candidates) else np.array([], int)

    def choice(self, values: tuple[Any, ...], n: int, p: tuple[float, ...] | None = None) -> np.ndarray:
        return np.array(values, dtype=object)[self.rng.choice(len(values), n, p=p)]

    def dates(self, n: int, first: str, last: str) -> np.ndarray:
        start, end = np.datetime64(first), np.datetime64(last)
        return (
            (start + self.rng.integers(0, int((end - start).astype(int)) + 1, n)).astype(str).astype(object)
        )

    def money(self, n: int, low: float, high: float) -> np.ndarray:
        return np.round(self.rng.uniform(low, high, n), 2).astype(str).astype(object)

    def rows(self) -> Rows:
        keys = list(self.parts[0]) if self.parts else ["id", "name"]
        return Rows({k: np.concatenate([part[k] for part in self.parts]) for k in keys}, self.planted)
