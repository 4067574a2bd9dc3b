"""How numbers read on pages: quantities without needless decimals."""

from __future__ import annotations

from decimal import Decimal


def quantity(value: Decimal | int | float | None) -> str:
    """20.00 → "20", 12.50 → "12.5", None → "—"."""
    if value is None:
        return "—"
    number = Decimal(str(value)).normalize()
    return format(number, "f")
