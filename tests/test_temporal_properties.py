"""Property tests: a date written in any supported format normalises back to itself."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from detente.temporal import find_times

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
