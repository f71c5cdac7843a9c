import datetime as dt
from decimal import Decimal

import pytest

from fangfanpin.core.values import parse_cell


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1990-05-01", (dt.date(1990, 5, 1), None)),
        (" 1990-05-01 ", (dt.date(1990, 5, 1), None)),
        ("1990/5/1", (dt.date(1990, 5, 1), None)),
        ("1990年5月1日", (dt.date(1990, 5, 1), None)),
        ("19900501", (dt.date(1990, 5, 1), None)),
        ("32994", (dt.date(1990, 5, 1), None)),  # an Excel serial number
        ("1990-02-30", (None, "1990-02-30")),
        ("1990-13-01", (None, "1990-13-01")),
        ("1990-W1-01", (None, "1990-W1-01")),
        ("１９９０-０５-０１", (dt.date(1990, 5, 1), None)),  # full-width digits
    ],
)
def test_dates(text, parsed):
    assert parse_cell("date", text) == parsed


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("12345.67", (Decimal("12345.67"), None)),
        ("-12.5", (Decimal("-12.5"), None)),
        ("+12.5", (Decimal("12.5"), None)),
        ("1,234.50", (Decimal("1234.50"), None)),
        ("999999999999.99", (Decimal("999999999999.99"), None)),
        ("1000000000000", (None, "1000000000000")),  # 13 integer digits
        ("12.345", (None, "12.345")),  # a money amount has at most 2 decimals
        ("12.", (Decimal("12"), None)),
        (".5", (Decimal("0.5"), None)),
        ("12元", (None, "12元")),
        ("1" * 30, (None, "1" * 30)),  # too many digits for the decimal context: refused, not a crash
        ("1,2,3", (Decimal("123"), None)),
    ],
)
def test_amounts(text, parsed):
    assert parse_cell("decimal", text) == parsed


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("99.750329", (Decimal("99.750329"), None)),  # as a phone's GPS gives it
        ("-28.0119", (Decimal("-28.0119"), None)),
        ("180", (Decimal("180"), None)),
        ("180.000001", (None, "180.000001")),
        ("99.7503291", (None, "99.7503291")),  # more than six decimals: not what the field holds
        ("1234.5", (None, "1234.5")),
        ("东经99度", (None, "东经99度")),
    ],
)
def test_coordinates(text, parsed):
    assert parse_cell("coordinate", text) == parsed
