"""Number formatting per language (Vietnamese: decimal comma, dot thousands), shared by the CLI and the UI."""

from __future__ import annotations

import math
from functools import lru_cache

from babel.numbers import format_decimal as babel_format_decimal

LOCALES = {"vi": "vi_VN", "en": "en_US"}


@lru_cache(maxsize=8192)
def format_decimal(value: float, format: str, locale: str) -> str:  # noqa: A002 - Babel's keyword names
    """Babel's format_decimal, memoised: it dominated the scorecard's status texts, and figures repeat."""
    return babel_format_decimal(value, format=format, locale=locale)


def fmt_number(value: float | None, lang: str = "vi", max_decimals: int = 2) -> str:
    """A figure as written for readers of lang: 973.692 / 68,7 in Vietnamese, 973,692 / 68.7 in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "#" * max_decimals if max_decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES.get(lang, "vi_VN"))


def fmt_signed_pct(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """A rate in percent with one decimal and its sign: +5,9% / -3.8%."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = format_decimal(abs(value), format="#,##0." + "0" * decimals, locale=LOCALES.get(lang, "vi_VN"))
    return ("-" if value < 0 else "+") + text + "%"
