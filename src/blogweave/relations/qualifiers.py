"""Qualifiers of a fact: dates (resolved against the post's date), and a grant's amount.

Dates are found with a small matcher of our own over the sentence text (the
entity stage may drop spaCy's DATE entities), then resolved: absolute years and
months directly, relative phrases ("last week", "next month", "three years
ago") with dateparser, whose RELATIVE_BASE is the post's date. dateparser is
only called on those short relative phrases, so the cost stays small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from blogweave.dates import relative_date

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
MONTH_NUM = {
    name: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        1,
    )
    for name in names
}
YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
# "March 2019", "March 3, 2019", "2019", "2019-03", "2019-03-04"
POINT = (
    rf"(?:(?:{MONTHS})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{YEAR}"
    rf"|{YEAR}-\d{{2}}(?:-\d{{2}})?|{YEAR})"
)
RANGE_RE = re.compile(
    rf"\b(?:from|between)\s+(?:(?:early|late|mid)[- ]?)?(?P<a>{POINT})\s+(?:to|until|till|through|and)\s+"
    rf"(?:(?:early|late|mid)[- ]?)?(?P<b>{POINT}|the present|present|now|today)\b"
    rf"|\b(?P<c>{YEAR})\s*[-\u2013]\s*(?P<d>{YEAR})\b",
    re.IGNORECASE,
)
POINT_RE = re.compile(
    rf"\b(?P<prep>since|until|till|in|on|by|back in|as of)?\s*(?:(?:early|late|mid)[- ]?)?(?P<p>{POINT})\b",
    re.IGNORECASE,
)
RELATIVE_RE = re.compile(
    r"\b(?:(?:last|next|this|past|coming)\s+(?:week|month|year|spring|summer|fall|autumn|winter|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|yesterday|today|tomorrow"
    r"|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?:days?|weeks?|months?|years?)\s+ago"
    r"|in\s+(?:\d+|one|two|three|four|five|six|a)\s+(?:days?|weeks?|months?))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dates:
    """The dates a sentence gives: a range, or points with an optional since/until."""

    start: str | None = None  # from a range or "since"
    end: str | None = None  # from a range or "until"
    point: str | None = None  # a single date with no direction


def _iso_point(text: str) -> str | None:
    text = text.strip().lower().replace(".", "")
    m = re.fullmatch(rf"({YEAR})(?:-(\d{{2}}))?(?:-(\d{{2}}))?", text)
    if m:
        return "-".join(g for g in m.groups() if g)
    m = re.fullmatch(rf"({MONTHS})\s+(?:(\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?({YEAR})", text)
    if m:
        month = MONTH_NUM.get(m.group(1))
        if month is None:
            return m.group(3)
        day = m.group(2)
        return f"{m.group(3)}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    return None


def find_dates(text: str, base: str | None = None) -> Dates:
    """The dates one sentence gives, ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)."""
    m = RANGE_RE.search(text)
    if m:
        a, b = (m.group("a"), m.group("b")) if m.group("a") else (m.group("c"), m.group("d"))
        end = None if b.lower() in ("present", "the present", "now", "today") else _iso_point(b)
        return Dates(start=_iso_point(a), end=end)
    for m in POINT_RE.finditer(text):
        iso = _iso_point(m.group("p"))
        if not iso:
            continue
        prep = (m.group("prep") or "").lower()
        if prep == "since":
            return Dates(start=iso)
        if prep in ("until", "till"):
            return Dates(end=iso)
        return Dates(point=iso)
    m = RELATIVE_RE.search(text)
    if m:
        return Dates(point=relative_date(m.group(0), base))
    return Dates()


def apply_dates(dates: Dates, mode: str | None) -> tuple[str | None, str | None]:
    """(start_date, end_date) for a fact whose verb says how its date counts ("start" or "end")."""
    if dates.start or dates.end:
        return dates.start, dates.end
    if dates.point and mode == "start":
        return dates.point, None
    if dates.point and mode == "end":
        return None, dates.point
    return None, None


AMOUNT_RE = re.compile(
    r"(?:[$\u20ac\u00a3]\s?\d[\d,.]*(?:\s?(?:million|billion|thousand|[mbk])\b)?"
    # a number starts where no digit, comma or point comes before it, so "1,1,1,..." is read once (linear time)
    r"|\b(?<![\d,.])\d[\d,.]*+\s?(?:million|billion|thousand)?\s?(?:dollars|euros|pounds|usd|eur)\b)",
    re.IGNORECASE,
)


def find_amount(text: str) -> str | None:
    """A money amount in the sentence ("$2 million", "50,000 euros"), as written."""
    m = AMOUNT_RE.search(text)
    return " ".join(m.group(0).split()) if m else None
