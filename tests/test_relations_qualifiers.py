"""Dates and amounts found in sentence text (no model needed)."""

import pytest

from blogweave.relations.qualifiers import Dates, apply_dates, find_amount, find_dates


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I moved on back in 2012.", Dates(point="2012")),
        ("In late 2023 it was time to go.", Dates(point="2023")),
        ("From 2015 to 2023, I helped startups.", Dates(start="2015", end="2023")),
        ("Between March 2010 and June 2012 she ran the lab.", Dates(start="2010-03", end="2012-06")),
        ("He was there 2016-2019.", Dates(start="2016", end="2019")),
        ("Since 2018 I have led the team.", Dates(start="2018")),
        ("It opened on March 3, 2019.", Dates(point="2019-03-03")),
        ("I stayed until 2020.", Dates(end="2020")),
        ("Nothing about time here.", Dates()),
    ],
)
def test_absolute_dates(text, expected):
    assert find_dates(text) == expected


@pytest.mark.parametrize(
    "text, base, point",
    [
        ("I start there next month.", "2022-06-15", "2022-07"),
        ("I left last week.", "2022-06-15", "2022-06-08"),
        ("We met three years ago.", "2022-06-15", "2019-06-15"),
        ("I start there next month.", None, None),
    ],
)
def test_relative_dates_resolve_against_the_post_date(text, base, point):
    assert find_dates(text, base).point == point


def test_apply_dates_by_verb_direction():
    assert apply_dates(Dates(point="2019"), "start") == ("2019", None)
    assert apply_dates(Dates(point="2019"), "end") == (None, "2019")
    assert apply_dates(Dates(point="2019"), None) == (None, None)
    assert apply_dates(Dates(start="2015", end="2019"), "end") == ("2015", "2019")


def test_amounts():
    assert find_amount("a $250,000 grant from them") == "$250,000"
    assert find_amount("they gave 2 million euros") == "2 million euros"
    assert find_amount("no money mentioned") is None
