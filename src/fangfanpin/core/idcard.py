"""Resident ID numbers (GB 11643-1999) and 残疾人证 numbers built on them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


def normalize_text(value: str) -> str:
    """Trim and turn full-width digits, letters and spaces into half-width."""
    if not value:
        return ""
    if value.isascii():  # nothing to fold: skip the Unicode normalisation
        return value.strip()
    return unicodedata.normalize("NFKC", value).strip()


def normalize_id(value: str) -> str:
    """Return the ID as the registry keeps it: half-width, no spaces, upper-case X."""
    text = normalize_text(value).replace(" ", "").replace("\t", "").upper()
    return text


def upgrade_id15(old: str) -> str:
    """Turn a 15-digit first-generation ID into its 18-digit form: "19" after the area, a check digit at the end."""
    first17 = f"{old[:6]}19{old[6:]}"
    return first17 + check_char(first17)


SCIENTIFIC_ID = "证件号码被Excel转成了科学计数法（{}），无法还原，请把该列设为文本后重新导出"
NUMERIC_ID = "证件号码在Excel中存成了数字，末几位已经丢失，无法还原，请把该列设为文本后重新导出"
EMPTY_ID = "证件号码为空"


def id_clean(value: Any) -> tuple[str, str]:
    """Normalise an ID as another system exported it: (18-character ID, "") or ("", why it cannot be used).

    Spaces anywhere, full-width characters and a lower-case x are fixed; a 15-digit old ID becomes 18 digits;
    a 20/22-character 残疾人证 number gives its first 18. The check digit is not judged here.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # An Excel number holds about 15 significant digits: an exact 15-digit old ID survives, an 18-digit one not.
        if not float(value).is_integer() or not 0 < value < 1e15:
            return "", NUMERIC_ID
        value = str(int(value))
    text = normalize_text(str(value)) if value is not None else ""
    if is_scientific(text.replace(" ", "")):
        return "", SCIENTIFIC_ID.format(text)
    number = "".join(normalize_id(text).split())
    if not number:
        return "", EMPTY_ID
    if len(number) == 15 and number.isascii() and number.isdigit():
        return upgrade_id15(number), ""
    if (
        len(number) in (18, 20, 22)
        and number.isascii()
        and number[:17].isdigit()
        and number[17] in _CHECK_CHARS
    ):
        return number[:18], ""
    return "", _shape_problem(number)


def _shape_problem(number: str) -> str:
    if len(number) not in (15, 18, 20, 22):
        return f"证件号码长度为{len(number)}位，应为18位"
    return "证件号码含有数字以外的字符（只有第18位可以是X）"


def is_scientific(value: str) -> bool:
    """Tell whether Excel turned an ID into scientific notation (precision lost for good)."""
    return bool(_SCIENTIFIC.match(value))


def check_char(first17: str) -> str:
    """Compute the GB 11643 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdInfo:
    birth_date: dt.date
    sex: str


def parse_resident_id(number: str, *, today: dt.date | None = None) -> IdInfo | None:
    """Return birth date and sex of a valid 18-character ID, or None when it is not valid."""
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return None
    if check_char(number[:17]) != number[17]:
        return None
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    if birth > (today or dt.date.today()) or birth.year < 1880:
        return None
    return IdInfo(birth_date=birth, sex="男" if int(number[16]) % 2 else "女")


def id_problem(number: str, *, today: dt.date | None = None) -> str:
    """Describe what is wrong with an ID or 残疾人证 number in Chinese, or return '' when it is valid."""
    if not number:
        return "证件号码为空"
    if len(number) not in (18, 20, 22):
        return f"证件号码长度为{len(number)}位，应为18位（残疾人证20或22位）"
    if parse_resident_id(number[:18], today=today) is None:
        return "证件号码校验位或出生日期不正确"
    if len(number) > 18:
        if number[18] not in "1234567":
            return "残疾人证号第19位（残疾类别）应为1-7"
        if number[19] not in "1234":
            return "残疾人证号第20位（残疾等级）应为1-4"
    return ""


def make_id(area6: str, birth: dt.date, serial3: int) -> str:
    """Build a valid 18-character ID from an area prefix, a birth date and a 3-digit serial."""
    first17 = f"{area6}{birth:%Y%m%d}{serial3:03d}"
    return first17 + check_char(first17)


def mask_id(number: str) -> str:
    """Mask an ID for lists: keep the first 6 and last 4 characters."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(number: str) -> str:
    """Mask a phone number: keep the first 3 and last 4 digits."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
