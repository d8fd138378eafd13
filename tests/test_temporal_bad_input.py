"""Bad input gives a clear result (unresolved, with the reason), never an exception."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.temporal import find_times, is_timex3_value, parse_anchor

ANCHOR = dt.date(2023, 5, 23)
RELATIVE = "In April, two days ago, last week and later that year, talks went on since March."


@pytest.mark.parametrize(
    ("text", "value", "reason"),
    [
        ("It was signed on 31 February 2023.", "2023-02-XX", "31 February 2023 is not a date"),
        ("It was signed on February 30, 2023.", "2023-02-XX", "30 February 2023 is not a date"),
        ("It was signed on 29 February 2023.", "2023-02-XX", "29 February 2023 is not a date"),
        ("It was signed on 31 April.", "XXXX-04-XX", "31 April is not a date"),
        ("It was signed on 2023-02-30.", "2023-02-XX", "30 February 2023 is not a date"),
        ("It was signed on 31/02/2023.", "2023-02-XX", "31 February 2023 is not a date"),
        ("It was signed on 13/13/2023.", "2023-XX-XX", "there is no month 13"),
    ],
)
def test_impossible_dates_are_unresolved_with_the_reason(
    text: str, value: str, reason: str
) -> None:
    (expr,) = find_times(text, anchor=ANCHOR)
    assert (expr.value, expr.date_start, expr.date_end, expr.granularity) == (
        value,
        None,
        None,
        "unknown",
    )
    assert expr.reason is not None and reason in expr.reason
    assert is_timex3_value(expr.value)


def test_a_leap_day_is_a_date() -> None:
    (expr,) = find_times("It was signed on 29 February 2024.", anchor=ANCHOR)
    assert (expr.value, expr.reason) == ("2024-02-29", None)
    (expr,) = find_times("It was signed on 29 February.", anchor=ANCHOR)
    assert expr.value == "2020-02-29"  # the latest 29 February before the anchor


@pytest.mark.parametrize("anchor", ["garbage", "2023-13-45", "23/05/2023", ""])
def test_a_bad_anchor_leaves_relative_expressions_open_with_the_reason(anchor: str) -> None:
    found = find_times(RELATIVE, anchor=anchor)
    assert [t.text for t in found] == [
        "April",
        "two days ago",
        "last week",
        "later that year",
        "since March",
    ]
    for expr in found:
        assert expr.date_start is None and expr.date_end is None
        assert expr.reason is not None and repr(anchor) in expr.reason, expr
        assert is_timex3_value(expr.value), expr.value
    assert parse_anchor(anchor)[0] is None


def test_a_string_anchor_is_read_as_a_date() -> None:
    assert find_times(RELATIVE, anchor="2023-05-23") == find_times(RELATIVE, anchor=ANCHOR)
    assert parse_anchor(dt.datetime(2023, 5, 23, 14, 0)) == (ANCHOR, None)


@pytest.mark.parametrize("anchor", [dt.date(1, 1, 1), dt.date(1, 3, 2), dt.date(9999, 12, 31)])
def test_anchors_at_the_ends_of_the_calendar_do_not_raise(anchor: dt.date) -> None:
    text = RELATIVE + " Next year, last year, tomorrow, the next decade and on Friday it ends."
    found = find_times(text, anchor=anchor)
    assert len(found) >= 8
    for expr in found:
        assert is_timex3_value(expr.value), expr.value
        assert (expr.date_start is None) == (expr.reason is not None)
    out_of_range = [t for t in found if t.reason and "outside the calendar" in t.reason]
    assert out_of_range, found


def test_without_an_anchor_the_reason_says_to_pass_one() -> None:
    (expr,) = find_times("They met in April.", anchor=None)
    assert expr.value == "XXXX-04"
    assert expr.reason is not None and "no anchor date" in expr.reason


@pytest.mark.parametrize(
    "text",
    ["", "   ", "No dates here at all.", "\x00\x01 binary \ufffd junk", "May I? March on!", "31"],
)
def test_text_without_dates_gives_nothing(text: str) -> None:
    assert find_times(text, anchor=ANCHOR) == []


def test_durations_and_vague_references_say_why_they_have_no_date() -> None:
    found = find_times("For three days, recently, every week, talks went on.", anchor=ANCHOR)
    reasons = {t.text: t.reason for t in found}
    assert reasons == {
        "three days": "a duration: a length of time, not a point in time",
        "recently": "a vague reference to the past",
        "every week": "a set: a recurring time, not a point in time",
    }
