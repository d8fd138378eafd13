"""Property tests: round trips, TIMEX3 values, and no future dates in past narrative."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from detente.temporal import find_times, is_timex3_value

FORMATS = (
    "{d.day} {month} {d.year}",
    "{month} {d.day}, {d.year}",
    "{weekday}, {d.day} {month} {d.year}",
    "{d:%Y-%m-%d}",
    "{d.day:02d}/{d.month:02d}/{d.year}",
    "the {d.day}th of {month} {d.year}",
)

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
anchors = st.one_of(st.none(), dates)


@given(day=dates, fmt=st.sampled_from(FORMATS), anchor=anchors)
def test_formatted_date_round_trips(day: dt.date, fmt: str, anchor: dt.date | None) -> None:
    if fmt.startswith("{d.day:02d}/") and day.day <= 12:
        fmt = "{d:%Y-%m-%d}"  # 05/04/2023 is ambiguous; month-first wins by design
    written = fmt.format(d=day, month=f"{day:%B}", weekday=f"{day:%A}")
    text = f"The delegation arrived on {written} and stayed."
    found = find_times(text, anchor=anchor)
    assert len(found) == 1, (text, found)
    expr = found[0]
    assert (expr.value, expr.date_start, expr.date_end) == (day.isoformat(), day, day)
    assert text[expr.start : expr.end] == expr.text


@given(day=dates, anchor=anchors)
def test_value_written_back_is_found_again(day: dt.date, anchor: dt.date | None) -> None:
    first = find_times(f"It happened on {day:%d %B %Y}.", anchor=anchor)[0]
    again = find_times(f"Again on {first.value}.", anchor=anchor)[0]
    assert again.value == first.value


@given(text=st.text(max_size=200), anchor=anchors)
def test_any_text_gives_sorted_spans_inside_the_text(text: str, anchor: dt.date | None) -> None:
    found = find_times(text, anchor=anchor)
    previous_end = 0
    for expr in found:
        assert previous_end <= expr.start < expr.end <= len(text)
        assert text[expr.start : expr.end] == expr.text
        previous_end = expr.end


# Phrases the recogniser knows, for generated texts; {y} is a year, {m} a month name.
PHRASES = (
    "{d} {m} {y}",
    "{m} {y}",
    "in {m}",
    "on {m} {d}",
    "in mid-{m}",
    "in early {m} {y}",
    "late {y}",
    "the 1990s",
    "from {y} to 2019",
    "since {m} {y}",
    "yesterday",
    "last week",
    "last month",
    "earlier this month",
    "two days ago",
    "a decade ago",
    "on Tuesday",
    "last Friday",
    "this year",
    "later that year",
    "that month",
    "three days later",
    "the past three years",
    "in the third quarter",
    "last summer",
    "in spring {y}",
    "several months later",
    "every week",
    "recently",
    "now",
    "5 p.m. Tuesday",
    "Q3 {y}",
)
phrases = st.builds(
    lambda template, year, month, day: template.format(y=year, m=f"{month:%B}", d=day),
    st.sampled_from(PHRASES),
    st.integers(min_value=1900, max_value=2030),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2000, 12, 1)),
    st.integers(min_value=1, max_value=28),
)
anchors_any = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(["2023-05-23", "garbage", "2023-13-45", ""]),
)


@given(parts=st.lists(phrases, min_size=1, max_size=4), anchor=anchors_any)
def test_every_value_is_timex3_and_every_open_one_has_a_reason(
    parts: list[str], anchor: dt.date | str | None
) -> None:
    text = "The talks, " + ", then ".join(parts) + ", went on."
    for expr in find_times(text, anchor=anchor):
        assert is_timex3_value(expr.value), (expr.text, expr.value)
        if expr.date_start is None:
            assert expr.reason, expr
            assert expr.date_end is None
        else:
            assert expr.date_end is not None and expr.date_start <= expr.date_end
            assert expr.reason is None


# Expressions that point forward say so ("next", "tomorrow", "later", "coming"...).
BACKWARD = (
    "in {m}",
    "on {m} {d}",
    "on {d} {m}",
    "in mid-{m}",
    "in early {m}",
    "on Tuesday",
    "on Friday",
    "last Friday",
    "yesterday",
    "last week",
    "last month",
    "last year",
    "earlier this month",
    "earlier this year",
    "two days ago",
    "a year ago",
    "three weeks ago",
    "in the third quarter",
    "last summer",
    "this past winter",
    "since {m}",
    "the day before yesterday",
    "this morning",
)
backward = st.builds(
    lambda template, month, day: template.format(m=f"{month:%B}", d=day),
    st.sampled_from(BACKWARD),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2000, 12, 1)),
    st.integers(min_value=1, max_value=28),
)
past_anchors = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))


@given(phrase=backward, anchor=past_anchors)
def test_past_narrative_never_dates_after_the_anchor(phrase: str, anchor: dt.date) -> None:
    text = f"The foreign minister visited Baku {phrase} and met the president."
    found = [t for t in find_times(text, anchor=anchor) if t.date_start is not None]
    assert found, text
    for expr in found:
        assert expr.date_start is not None, (text, expr)
        # the one exception the text makes: a named day of the anchor's own month
        # ("on July 11" in a paper dated 2 July) is this month's, never last year's
        named_day_this_month = expr.granularity == "day" and (
            expr.date_start.year,
            expr.date_start.month,
        ) == (anchor.year, anchor.month)
        assert expr.date_start <= anchor or named_day_this_month, (text, expr)
        assert expr.basis == "anchor", (text, expr)


@given(day=dates)
def test_explicit_dates_are_explicit_and_deictic_ones_are_not(day: dt.date) -> None:
    text = f"It was signed on {day:%d %B %Y} and ratified yesterday."
    signed, ratified = find_times(text, anchor=day + dt.timedelta(days=30))
    assert (signed.basis, ratified.basis) == ("explicit", "anchor")
    follow = find_times(f"It was signed in {day:%B %Y}. Later that year it lapsed.", anchor=None)
    assert [t.basis for t in follow] == ["explicit", "reference"]
