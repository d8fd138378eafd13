"""Expressions of real news narrative, each with the anchor it must be counted from.

Deictic expressions ("late last month") count from the document's date; anaphoric
ones ("next day", "the same day", "the following week") from the last explicit date
of the passage, which ``TimeExpr.anchored_by`` names.
"""

from __future__ import annotations

import datetime as dt

import pytest

from detente.models import TimeExpr
from detente.temporal import find_times

D = dt.date


def expr(text: str, anchor: str, phrase: str, *, ranges: bool = True) -> TimeExpr:
    """The expression of ``text`` written ``phrase``."""
    found = [t for t in find_times(text, anchor=anchor, ranges=ranges) if t.text == phrase]
    assert len(found) == 1, find_times(text, anchor=anchor, ranges=ranges)
    return found[0]


def test_crisis_tracker_next_day_counts_from_the_date_in_the_clause_before() -> None:
    text = "Moise 15 March asked the OAS for help; next day requested UN support."
    first = expr(text, "2021-03-20", "15 March")
    assert (first.value, first.anchored_by) == ("2021-03-15", "anchor 2021-03-20")
    nxt = expr(text, "2021-03-20", "next day")
    assert (nxt.value, nxt.date_start, nxt.basis) == ("2021-03-16", D(2021, 3, 16), "reference")
    assert nxt.anchored_by == "'15 March' (2021-03-15)"


def test_the_next_day_without_an_earlier_date_counts_from_the_anchor() -> None:
    found = expr("Talks resume the next day.", "2023-05-23", "the next day")
    assert (found.value, found.anchored_by) == ("2023-05-24", "anchor 2023-05-23")


def test_same_day_takes_the_last_date() -> None:
    text = (
        "On November 20 last year the director was detained. "
        "On the same day his house was searched."
    )
    dated = expr(text, "2024-02-09", "November 20 last year")
    assert (dated.value, dated.anchored_by) == ("2023-11-20", "anchor 2024-02-09")
    same = expr(text, "2024-02-09", "the same day")
    assert (same.value, same.basis) == ("2023-11-20", "reference")
    assert same.anchored_by == "'November 20 last year' (2023-11-20)"


def test_that_same_day() -> None:
    text = "Troops crossed on 3 May. That same day the envoy left."
    same = expr(text, "2023-05-23", "That same day")
    assert (same.value, same.anchored_by) == ("2023-05-03", "'3 May' (2023-05-03)")


def test_the_following_week_counts_from_the_last_date() -> None:
    text = "The ceasefire was signed on 2 May. The following week, fighting resumed."
    week = expr(text, "2023-05-23", "The following week")
    assert (week.value, week.date_start, week.date_end) == (
        "2023-W19",
        D(2023, 5, 8),
        D(2023, 5, 14),
    )
    assert week.anchored_by == "'2 May' (2023-05-02)"


def test_late_last_month_is_the_last_third_of_the_month_before_the_anchor() -> None:
    found = expr("Troops withdrew late last month.", "2023-05-24", "late last month")
    assert (found.value, found.date_start, found.date_end) == (
        "2023-04",
        D(2023, 4, 21),
        D(2023, 4, 30),
    )
    assert found.anchored_by == "anchor 2023-05-24"


def test_earlier_this_week_runs_from_monday_to_the_anchor() -> None:
    found = expr("Earlier this week the envoy arrived.", "2023-05-24", "this week")
    assert (found.value, found.date_start, found.date_end) == (
        "2023-W21",
        D(2023, 5, 22),
        D(2023, 5, 24),
    )
    assert found.anchored_by == "anchor 2023-05-24"


@pytest.mark.parametrize(
    ("text", "anchor", "phrase", "value", "start", "end"),
    [
        (
            "Protests grew over the summer.",
            "2023-05-24",
            "the summer",
            "2022-SU",
            D(2022, 6, 1),
            D(2022, 8, 31),
        ),
        (
            "Talks resumed last spring.",
            "2023-05-24",
            "last spring",
            "2022-SP",
            D(2022, 3, 1),
            D(2022, 5, 31),
        ),
        (
            "Talks resume this autumn.",
            "2023-05-24",
            "this autumn",
            "2023-FA",
            D(2023, 9, 1),
            D(2023, 11, 30),
        ),
        (
            "Fighting began in the winter of 2022.",
            "2023-05-24",
            "the winter of 2022",
            "2022-WI",
            D(2022, 12, 1),
            D(2023, 2, 28),
        ),
        (
            "Prices fell to the level we saw in the winter of nineteen ninety-four.",
            "1998-02-23",
            "the winter of nineteen ninety-four",
            "1994-WI",
            D(1994, 12, 1),
            D(1995, 2, 28),
        ),
        (
            "The case may be resolved in a court hearing the week of March 6.",
            "2000-02-24",
            "the week of March 6",
            "2000-W10",
            D(2000, 3, 6),
            D(2000, 3, 12),
        ),
    ],
)
def test_seasons_and_weeks(
    text: str, anchor: str, phrase: str, value: str, start: dt.date, end: dt.date
) -> None:
    """A season of a year written out in words; "the week of March 6" is the week that
    holds the date, its year from the anchor."""
    found = expr(text, anchor, phrase)
    assert (found.value, found.date_start, found.date_end) == (value, start, end)


def test_that_season_takes_the_year_of_the_last_date() -> None:
    text = "The war began in early 2020. That autumn, the army retreated."
    found = expr(text, "2023-05-24", "That autumn")
    assert (found.value, found.date_start, found.anchored_by) == (
        "2020-FA",
        D(2020, 9, 1),
        "'early 2020' (2020)",
    )


def test_the_past_two_weeks_end_at_the_anchor() -> None:
    found = expr("Clashes over the past two weeks killed 40.", "2023-05-24", "the past two weeks")
    assert (found.type, found.value) == ("DURATION", "P2W")
    assert (found.date_start, found.date_end) == (D(2023, 5, 11), D(2023, 5, 24))


@pytest.mark.parametrize(
    ("text", "anchor", "start", "end"),
    [
        (
            "The blockade ran from 20 December to 3 January.",
            "2023-12-27",
            D(2023, 12, 20),
            D(2024, 1, 3),
        ),
        (
            "The blockade ran from 20 December to 3 January.",
            "2024-02-10",
            D(2023, 12, 20),
            D(2024, 1, 3),
        ),
        (
            "The blockade lasted from December 2022 to February 2023.",
            "2023-05-24",
            D(2022, 12, 1),
            D(2023, 2, 28),
        ),
        (
            "Markets closed from Christmas to New Year's Day.",
            "2023-12-27",
            D(2023, 12, 25),
            D(2024, 1, 1),
        ),
    ],
)
def test_ranges_across_a_year_end(text: str, anchor: str, start: dt.date, end: dt.date) -> None:
    (found,) = find_times(text, anchor=anchor)
    assert (found.granularity, found.date_start, found.date_end) == ("range", start, end)


def test_a_day_after_an_event_is_a_duration_between_events() -> None:
    text = "Ruto said Wednesday he won't sign it, a day after protestors stormed parliament."
    found = expr(text, "2024-06-26", "a day")
    assert (found.type, found.value, found.date_start) == ("DURATION", "P1D", None)
    alone = expr("They met on 3 May. Two days later, talks failed.", "2023-05-23", "Two days later")
    assert (alone.value, alone.anchored_by) == ("2023-05-05", "'3 May' (2023-05-03)")


def test_a_dotted_dateline_is_day_first() -> None:
    found = expr("Brussels 06.01.2022 The council met.", "2022-01-06", "06.01.2022")
    assert (found.value, found.basis, found.anchored_by) == ("2022-01-06", "explicit", None)


@pytest.mark.parametrize(
    ("text", "phrase", "start"),
    [
        ("They waited almost four years ago.", "almost four years ago", 12),
        ("The strike lasted at least 30 days.", "at least 30 days", 18),
        ("The strike lasted about 30 days.", "30 days", 24),
        ("Sales rose in fiscal 1989.", "fiscal 1989", 14),
    ],
)
def test_timeml_extents(text: str, phrase: str, start: int) -> None:
    assert expr(text, "2023-05-23", phrase).start == start


@pytest.mark.parametrize(
    ("text", "anchor", "phrase", "value"),
    [
        ("Elian was found on Thanksgiving Day.", "2000-04-03", "Thanksgiving Day", "1999-11-25"),
        ("He was found last Thanksgiving.", "2000-04-03", "last Thanksgiving", "1999-11-25"),
        ("Talks will resume after Christmas.", "2023-05-23", "Christmas", "2023-12-25"),
        ("They met last Easter.", "2000-04-03", "last Easter", "1999-04-04"),
        ("Voters chose on Election Day.", "1998-11-20", "Election Day", "1998-11-03"),
    ],
)
def test_holidays(text: str, anchor: str, phrase: str, value: str) -> None:
    found = expr(text, anchor, phrase)
    assert (found.value, found.granularity) == (value, "day")


def test_the_next_morning_follows_the_last_date() -> None:
    text = "He was arrested on 22 February. He appeared in court the next morning."
    found = expr(text, "2000-02-24", "the next morning")
    assert (found.value, found.anchored_by) == ("2000-02-23", "'22 February' (2000-02-22)")


@pytest.mark.parametrize(
    ("text", "phrase", "kind", "value"),
    [
        ("For the year, pet food volume was flat.", "the year", "DATE", "1989"),
        ("Sales for the full year were $6.6 billion.", "the full year", "DATE", "1989"),
        ("Net income for the year ended Aug. 31 rose.", "the year", "DURATION", "P1Y"),
    ],
)
def test_the_year_of_a_report(text: str, phrase: str, kind: str, value: str) -> None:
    found = expr(text, "1989-10-30", phrase)
    assert (found.type, found.value) == (kind, value)


def test_that_same_day_after_a_month_keeps_the_month_and_leaves_the_day_open() -> None:
    text = "Slepian was killed last October. His name was crossed out that same day."
    found = expr(text, "1999-02-06", "that same day")
    assert (found.value, found.date_start, found.date_end) == (
        "1998-10-XX",
        D(1998, 10, 1),
        D(1998, 10, 31),
    )
    assert (found.basis, found.anchored_by) == ("reference", "'last October' (1998-10)")
    text = "The plant opened in 1990; that month, workers struck."
    month = expr(text, "1999-02-06", "that month")
    assert (month.value, month.anchored_by) == ("1990-XX", "'1990' (1990)")
    text = "Results for the third quarter of 1988 were weak; costs in that quarter rose."
    quarter = expr(text, "1989-10-27", "that quarter")
    assert (quarter.value, quarter.anchored_by) == (
        "1988-Q3",
        "'the third quarter of 1988' (1988-Q3)",
    )


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The third flight departs each Thursday from August 6.", "each Thursday", "XXXX-WXX-4"),
        ("Flights leave every Monday night.", "every Monday night", "XXXX-WXX-1TNI"),
    ],
)
def test_every_weekday_is_a_set(text: str, phrase: str, value: str) -> None:
    found = expr(text, "1998-02-13", phrase)
    assert (found.type, found.value, found.date_start) == ("SET", value, None)


@pytest.mark.parametrize(
    ("text", "phrase", "kind", "value"),
    [
        ("Islam will one day be the second largest religion.", "one day", "DATE", "FUTURE_REF"),
        ("Someday the wall will fall.", "Someday", "DATE", "FUTURE_REF"),
        ("The strike lasted one day.", "one day", "DURATION", "P1D"),
    ],
)
def test_one_day_after_a_modal_is_the_vague_future(
    text: str, phrase: str, kind: str, value: str
) -> None:
    found = expr(text, "1998-03-03", phrase)
    assert (found.type, found.value) == (kind, value)


def test_a_previously_planned_day_is_read_in_the_past() -> None:
    text = "Mr. Bush let the ground offensive begin as previously planned Saturday night."
    found = expr(text, "1991-02-25", "Saturday night")
    assert (found.value, found.anchored_by) == ("1991-02-23", "anchor 1991-02-25")
    ahead = expr("The vote is planned Saturday.", "1991-02-25", "Saturday")
    assert ahead.value == "1991-03-02"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        (
            "Burton said he subpoenaed Elian to testify before the committee on Feb. 10.",
            "Feb. 10",
            "2000-02-10",
        ),
        ("Dealers placed orders to start trading in February.", "February", "2000-02"),
        ("The minister flew to Baku on Feb. 10.", "Feb. 10", "1999-02-10"),
        ("The party returned to power in February.", "February", "1999-02"),
    ],
)
def test_a_date_of_an_infinitive_after_a_past_verb_may_lie_ahead(
    text: str, phrase: str, value: str
) -> None:
    """The date of "to testify" belongs to the testimony, not to the subpoena: read
    without tense, so a day just ahead of the anchor (2000-01-07) is the coming one."""
    found = expr(text, "2000-01-07", phrase)
    assert (found.value, found.anchored_by) == (value, "anchor 2000-01-07")


def test_a_title_cased_period_is_a_name_not_a_time() -> None:
    text = 'Baker said on ABC-TV\'s "This Week With David Brinkley" that talks failed this week.'
    found = find_times(text, anchor="1991-02-25")
    assert [(t.text, t.value) for t in found] == [("this week", "1991-W09")]


def test_a_year_ago_in_a_results_report_is_the_reported_quarter_a_year_before() -> None:
    text = (
        "Du Pont reported that third-quarter profit grew 19%. The dividend rose in April. "
        "The oil unit was helped by prices higher than a year ago; sales fell two years ago."
    )
    found = expr(text, "1989-10-26", "a year ago")
    assert (found.value, found.basis) == ("1988-Q3", "reference")
    assert found.anchored_by == "'third-quarter' (1989-Q3)"
    older = expr(text, "1989-10-26", "two years ago")
    assert (older.value, older.anchored_by) == ("1987", "anchor 1989-10-26")
    plain = expr("Prices were higher than a year ago.", "1989-10-26", "a year ago")
    assert (plain.value, plain.anchored_by) == ("1988", "anchor 1989-10-26")


def test_a_wire_datelines_date_is_an_expression_and_the_narratives_first_reference() -> None:
    """The dateline's date is the filing date, which may differ from the publication
    date (a story filed on 7 August, published on the 8th): it is kept as a DATE and
    anchors the anaphora that follow it."""
    text = "JOHANNESBURG, August 7 (Xinhua) -- Police said that same day a suspect was held."
    dateline = expr(text, "1998-08-08", "August 7")
    assert (dateline.value, dateline.anchored_by) == ("1998-08-07", "anchor 1998-08-08")
    same = expr(text, "1998-08-08", "that same day")
    assert (same.value, same.anchored_by) == ("1998-08-07", "'August 7' (1998-08-07)")
