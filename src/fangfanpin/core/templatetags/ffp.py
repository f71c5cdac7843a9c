"""Template filters: masked IDs and phones, money."""

from decimal import Decimal

from django import template

from fangfanpin.core.idcard import mask_id, mask_phone

register = template.Library()
EMPTY = "—"


@register.filter
def id_shown(number: str, revealed: bool = False) -> str:
    """Show an ID number masked, or in full after an audited reveal."""
    if not number:
        return EMPTY
    return number if revealed else mask_id(number)


@register.filter
def phone_shown(number: str, revealed: bool = False) -> str:
    """Show a phone number masked, or in full after an audited reveal."""
    if not number:
        return EMPTY
    return number if revealed else mask_phone(number)


@register.filter
def money(value: Decimal | int | None | str) -> str:
    """Format yuan with two decimals and thousands separators; a dash when unknown."""
    if value is None or value == "":  # a missing attribute renders as ""
        return EMPTY
    return f"{Decimal(value):,.2f}"
