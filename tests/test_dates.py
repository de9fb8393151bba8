"""blogweave.dates: the one home of date parsing (post dates, relative phrases, ISO checks)."""

import datetime as dt

import pytest

from blogweave.dates import is_iso_date, parse_date, relative_date


@pytest.mark.parametrize("value, expected", [
    (dt.date(2021, 5, 4), "2021-05-04"),
    (dt.datetime(2021, 5, 4, 13, 30), "2021-05-04"),
    ({"Created": "2020-02-03", "updated": "2021-01-01"}, "2020-02-03"),
    ("  Tuesday,   4th   May 2021 ", "2021-05-04"),
    ("2021-02-30", None),
    ("no date here", None),
    (None, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("phrase, base, expected", [
    ("last year", "2020-06-15", "2019"),
    ("next month", "2020-06-15", "2020-07"),
    ("yesterday", "2020-06-15", "2020-06-14"),
    ("last year", None, None),
    ("last year", "not a date", None),
])
def test_relative_date(phrase, base, expected):
    assert relative_date(phrase, base) == expected


@pytest.mark.parametrize("value, expected", [
    ("2020", True), ("2020-02", True), ("2020-02-29", True), ("2021-02-29", False), ("2020-13", False),
    ("20-01-01", False), (2020, False), (None, False),
])
def test_is_iso_date(value, expected):
    assert is_iso_date(value) is expected
