"""Dates, one entry point each: a post's date, a relative phrase in a sentence, an ISO check.

Every date blogweave stores is ISO 8601 text: ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``. dateparser (slow to import, lenient) is the last resort and is
imported only when a date needs it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DATE_FORMATS = (
    "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%Y/%m/%d", "%d.%m.%Y",
    "%b. %d, %Y", "%d %b. %Y",
)  # fmt: skip
#: Keys of a date given as a map (MkDocs Material: ``date: {created: ..., updated: ...}``), by preference.
_DATE_MAP_KEYS = ("created", "published", "date", "pubdate")


def parse_date(value: Any) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from a date, datetime, date map or date-like string, else None."""
    if isinstance(value, dict):
        lowered = {str(k).lower(): v for k, v in value.items()}
        value = next((lowered[k] for k in _DATE_MAP_KEYS if lowered.get(k)), None)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    match = _ISO_DATE.match(text)
    if match:
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    simple = re.sub(r"^[A-Za-z]+day,?\s+", "", text)  # a leading weekday
    simple = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", simple)  # ordinals: 1st, 22nd
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(simple, fmt).date().isoformat()
        except ValueError:
            continue
    if not re.search(r"\d{4}", text) or len(text) > 64:
        return None
    parsed = _dateparser(text, {"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


@lru_cache(maxsize=4096)
def relative_date(phrase: str, base: str | None) -> str | None:
    """Resolve "last week", "next month", "3 years ago" against ``base`` (the post's date; None without one).

    A year phrase gives ``YYYY``, a month phrase ``YYYY-MM``, others ``YYYY-MM-DD``.
    """
    if not base:
        return None
    try:
        base_dt = dt.datetime.combine(dt.date.fromisoformat(base[:10]), dt.datetime.min.time())
    except ValueError:
        return None
    low = phrase.lower()
    prefer = "future" if low.startswith(("next", "coming", "in ", "tomorrow")) else "past"
    parsed = _dateparser(low, {"RELATIVE_BASE": base_dt, "PREFER_DATES_FROM": prefer,
                               "RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        return None
    if "year" in low and "ago" not in low or low.endswith(("spring", "summer", "fall", "autumn", "winter")):
        return f"{parsed.year:04d}"
    if "month" in low:
        return f"{parsed.year:04d}-{parsed.month:02d}"
    return parsed.date().isoformat()


def is_iso_date(value: Any) -> bool:
    """True for an ISO 8601 year, year-month or calendar date that really exists."""
    if not isinstance(value, str) or not _ISO.match(value):
        return False
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _dateparser(text: str, settings: dict) -> dt.datetime | None:
    """dateparser's reading of ``text`` in English, or None (it is a lenient parser of arbitrary text)."""
    try:
        import dateparser

        return dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # noqa: BLE001 - third-party code on arbitrary text; no date is the answer
        return None
