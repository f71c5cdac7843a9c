"""The rule catalogue: every rule of RULES.md (and ours), one module per group, in report order."""

from fangfanpin.quality.catalogue import (
    age,
    category,
    department,
    elimination,
    gap,
    household,
    identity,
    income,
    insurance,
    measures,
    missing,
    procedure,
    village,
    work,
)
from fangfanpin.quality.rules import Catalogue

GROUPS = (
    identity,
    household,
    missing,
    age,
    insurance,
    work,
    gap,
    category,
    measures,
    elimination,
    income,
    village,
    procedure,
    department,
)
CATALOGUE = Catalogue()
for _module in GROUPS:
    CATALOGUE.add(*_module.RULES)
