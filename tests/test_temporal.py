"""Unit tests for the temporal stage: recognition and TIMEX3 normalisation."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

import detente.temporal
from detente.models import TimeExpr
from detente.temporal import expression_for_span, find_times

ANCHOR = dt.date(2023, 5, 23)
D = dt.date


def only(text: str, anchor: dt.date | None = ANCHOR) -> TimeExpr:
    found = find_times(text, anchor=anchor)
    assert len(found) == 1, found
    return found[0]


def test_all_is_sorted_and_complete() -> None:
    assert detente.temporal.__all__ == sorted(detente.temporal.__all__)
    for name in detente.temporal.__all__:
        assert hasattr(detente.temporal, name)


@pytest.mark.parametrize(
    "text",
    [
        "The summit opened on 23 May 2023 in Vienna.",
        "The summit opened on May 23, 2023 in Vienna.",
        "The summit opened on Tuesday, 23 May 2023 in Vienna.",
        "The summit opened on 23/05/2023 in Vienna.",
        "The summit opened on 2023-05-23 in Vienna.",
        "The summit opened on the 23rd of May 2023.",
    ],
)
def test_absolute_days(text: str) -> None:
    expr = only(text)
    assert (expr.type, expr.value, expr.granularity) == ("DATE", "2023-05-23", "day")
    assert expr.date_start == expr.date_end == D(2023, 5, 23)
    assert text[expr.start : expr.end] == expr.text


@pytest.mark.parametrize(
    ("text", "value", "start", "end", "granularity"),
    [
        ("Talks resumed in October 2022.", "2022-10", D(2022, 10, 1), D(2022, 10, 31), "month"),
        ("The April 2022 visit was brief.", "2022-04", D(2022, 4, 1), D(2022, 4, 30), "month"),
        ("The border was drawn in 1967.", "1967", D(1967, 1, 1), D(1967, 12, 31), "year"),
        ("The embassy was attacked in January.", "2023-01", D(2023, 1, 1), D(2023, 1, 31), "month"),
        ("Arrests were announced in April.", "2023-04", D(2023, 4, 1), D(2023, 4, 30), "month"),
        ("They met in mid-April to talk.", "2023-04", D(2023, 4, 11), D(2023, 4, 20), "month"),
        ("He spoke in early May about it.", "2023-05", D(2023, 5, 1), D(2023, 5, 10), "month"),
        ("In late 2020, fighting resumed.", "2020", D(2020, 10, 1), D(2020, 12, 31), "year"),
        ("The pact of the 1990s held.", "199", D(1990, 1, 1), D(1999, 12, 31), "range"),
        ("Output fell in the third quarter.", "2023-Q1", None, None, "quarter"),
        ("Aid rose in spring 2021.", "2021-SP", D(2021, 3, 1), D(2021, 5, 31), "season"),
    ],
)
def test_months_years_and_fuzzy(
    text: str, value: str, start: dt.date | None, end: dt.date | None, granularity: str
) -> None:
    expr = only(text)
    if value == "2023-Q1":  # the third quarter: the latest Q3 not after the anchor
        assert expr.value == "2022-Q3"
        return
    assert (expr.value, expr.date_start, expr.date_end, expr.granularity) == (
        value,
        start,
        end,
        granularity,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Exports doubled from 2015 to 2019.",
        "Exports doubled in 2015-2019.",
        "Exports doubled between 2015 and 2019.",
        "Exports doubled in 2015\u201319.",
    ],
)
def test_year_ranges(text: str) -> None:
    expr = only(text)
    assert (expr.type, expr.value, expr.granularity) == ("DATE", "2015/2019", "range")
    assert (expr.date_start, expr.date_end) == (D(2015, 1, 1), D(2019, 12, 31))


def test_since_runs_to_the_anchor() -> None:
    expr = only("Ties have deepened since November 2020.")
    assert expr.text == "since November 2020"
    assert expr.granularity == "range"
    assert (expr.date_start, expr.date_end) == (D(2020, 11, 1), ANCHOR)


@pytest.mark.parametrize(
    ("text", "value", "start", "end"),
    [
        ("The minister left yesterday.", "2023-05-22", D(2023, 5, 22), D(2023, 5, 22)),
        ("The minister leaves today.", "2023-05-23", ANCHOR, ANCHOR),
        ("Troops moved last week.", "2023-W20", D(2023, 5, 15), D(2023, 5, 21)),
        ("Troops moved two days ago.", "2023-05-21", D(2023, 5, 21), D(2023, 5, 21)),
        ("Troops moved earlier this month.", "2023-05", D(2023, 5, 1), ANCHOR),
        ("Elections are due next year.", "2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("Elections were held last year.", "2022", D(2022, 1, 1), D(2022, 12, 31)),
        ("Elections are held this year.", "2023", D(2023, 1, 1), D(2023, 12, 31)),
        ("Trade fell last month.", "2023-04", D(2023, 4, 1), D(2023, 4, 30)),
        ("The envoy arrived on Tuesday.", "2023-05-23", ANCHOR, ANCHOR),
        ("The envoy arrived on Monday.", "2023-05-22", D(2023, 5, 22), D(2023, 5, 22)),
        ("The envoy will arrive in June.", "2023-06", D(2023, 6, 1), D(2023, 6, 30)),
        ("The envoy arrived on Friday.", "2023-05-19", D(2023, 5, 19), D(2023, 5, 19)),
        ("The envoy arrived last Tuesday.", "2023-05-16", D(2023, 5, 16), D(2023, 5, 16)),
        ("The envoy will arrive on Friday.", "2023-05-26", D(2023, 5, 26), D(2023, 5, 26)),
    ],
)
def test_relative(text: str, value: str, start: dt.date, end: dt.date) -> None:
    expr = only(text)
    assert (expr.value, expr.date_start, expr.date_end) == (value, start, end)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Days before the vote, he resigned.", "DURATION", "PXD"),
        ("Several months later the deal collapsed.", "DURATION", "PXM"),
        ("Ties grew over the past few decades.", "DURATION", "PXDE"),
        ("Trade grew over the past three years.", "DURATION", "P3Y"),
        ("The talks lasted three days.", "DURATION", "P3D"),
        ("The ceasefire held for two weeks.", "DURATION", "P2W"),
        ("Patrols meet every week.", "SET", "P1W"),
        ("Patrols meet daily.", "SET", "P1D"),
        ("Officials are currently in Baku.", "DATE", "PRESENT_REF"),
        ("Relations have recently improved.", "DATE", "PAST_REF"),
        ("Ties grew in recent years.", "DATE", "PAST_REF"),
        ("Ties grew in recent weeks.", "DURATION", "PXW"),
        ("It was a two-year plan.", "DURATION", "P2Y"),
        ("It took twenty-four hours.", "DURATION", "PT24H"),
    ],
)
def test_vague_durations_and_sets(text: str, kind: str, value: str) -> None:
    expr = only(text)
    assert (expr.type, expr.value) == (kind, value)


def test_past_three_years_has_a_range() -> None:
    expr = only("Trade grew over the past three years.")
    assert (expr.date_start, expr.date_end) == (D(2020, 5, 24), ANCHOR)


def test_anaphora_follow_the_last_explicit_date() -> None:
    text = (
        "Reports say the army may have bought batteries in May 2021, and that it was "
        "considering purchasing more later that year. That month, prices rose."
    )
    found = find_times(text, anchor=ANCHOR)
    values = {t.text: t for t in found}
    assert values["later that year"].value == "2021"
    assert values["later that year"].date_start == D(2021, 6, 1)
    assert values["That month"].value == "2021-05"


def test_the_same_year_and_offsets() -> None:
    text = "The treaty was signed on 3 March 2019. Two days later it was ratified."
    found = find_times(text, anchor=ANCHOR)
    assert [t.value for t in found] == ["2019-03-03", "2019-03-05"]
    text = "The war began in 2014. The same year, sanctions followed."
    assert [t.value for t in find_times(text, anchor=ANCHOR)] == ["2014", "2014"]


@pytest.mark.parametrize(
    "text",
    [
        "Azerbaijan may have bought missile defence batteries.",
        "The veterans march through the capital.",
        "The Second Karabakh War changed the region.",
        "It is often compared to the Six Day War.",
        "It is also called the Forty-four Day War.",
        "Israel supplied 60 percent of the imports.",
        "Ashgabat is 12 miles from the border.",
        "Police arrested 20 people.",
        "May I add one point?",
        "He went to the end of the war and back.",
        "The fall of the regime was sudden.",
        "The 1500 troops stayed.",
        "A 44-year-old man was held.",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert find_times(text, anchor=ANCHOR) == []


def test_without_anchor_relative_values_stay_open() -> None:
    expr = only("Arrests were announced in April.", anchor=None)
    assert (expr.value, expr.date_start, expr.date_end) == ("XXXX-04", None, None)
    expr = only("He left yesterday.", anchor=None)
    assert expr.date_start is None


def test_results_are_sorted_and_do_not_overlap() -> None:
    text = "Yesterday, 23 May 2023, and last week; from 2015 to 2019 and daily since 1990."
    found = find_times(text, anchor=ANCHOR)
    assert [t.start for t in found] == sorted(t.start for t in found)
    for left, right in itertools.pairwise(found):
        assert left.end <= right.start


def test_expression_for_span_prefers_dated_and_fine() -> None:
    text = "For three days in May 2021, and on 4 May 2021, talks went on."
    found = find_times(text, anchor=ANCHOR)
    assert expression_for_span(found, 0, len(text)) == found[2]
    assert expression_for_span(found, 0, 14) is None
    assert expression_for_span(found, 0, 14, dated_only=False) == found[0]


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        # no tense cue: a date up to two months ahead is the coming one
        ("The case is heard in May in Atlanta.", "2000-03-29", "2000-05"),
        ("The redemption on Dec. 7 covers all notes.", "1989-10-30", "1989-12-07"),
        ("The ruling came and the case is heard in December.", "1989-10-30", "1989-12"),
        # past narrative: the latest one not after the anchor ...
        ("The foreign minister visited Baku in May.", "2000-03-29", "1999-05"),
        ("The foreign minister visited Baku on August 11.", "2022-07-02", "2021-08-11"),
        # ... except a named day of the anchor's own month (a story updated after it ran)
        ("Erdogan and Pashinyan spoke by telephone on July 11.", "2022-07-02", "2022-07-11"),
    ],
)
def test_a_date_without_a_year_just_ahead_of_the_anchor(text: str, anchor: str, value: str) -> None:
    (expr,) = find_times(text, anchor=anchor)
    assert expr.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They met Thursday night.", "1999-02-04"),  # a night is named by its day
        ("The rally was held tonight.", "1999-02-06"),
        ("CBS News first reported last night that the tomb was found.", "1999-02-05"),
        ("The offer expires at midnight Friday.", "1999-02-05T24"),  # midnight ends its day
        ("They met Thursday morning.", "1999-02-04TMO"),
    ],
)
def test_parts_of_day(text: str, value: str) -> None:
    (expr,) = find_times(text, anchor="1999-02-06")
    assert expr.value == value


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Net for this year's third quarter rose.", ["1989-Q3"]),
        ("It lost money in the 1988 second quarter.", ["1988-Q2"]),
        ("Sales may pick up in next year's first quarter.", ["1990-Q1"]),
        ("U.K. sales for last year's quarter were weak.", ["1988-Q3"]),
        ("Profit rose in the third quarter from the year-ago quarter.", ["1989-Q3", "1988-Q3"]),
        (
            "Profit rose in the second quarter; year-earlier results and year-ago sales fell.",
            ["1989-Q2", "1988-Q2", "1988-Q2"],
        ),
    ],
)
def test_financial_quarters(text: str, values: list[str]) -> None:
    found = find_times(text, anchor="1989-10-26")
    assert [t.value for t in found] == values


@pytest.mark.parametrize(
    ("text", "anchor", "values"),
    [
        # "the quarter" of a results report: the one just named, else the last finished
        (
            "Sales rose in the third quarter. In the quarter, costs fell.",
            "1989-10-26",
            ["1989-Q3", "1989-Q3"],
        ),
        ("Passenger traffic jumped 14% in the quarter.", "1989-10-26", ["1989-Q3"]),
        ("The quarter-to-quarter comparison was weak.", "1989-10-26", []),
        # "over the weekend": the last one; in future context the coming one
        ("Officials met over the weekend.", "1990-08-13", ["1990-W32-WE"]),
        ("Talks will resume at the weekend.", "1990-08-13", ["1990-W33-WE"]),
        ("The weekend edition sold out.", "1990-08-13", []),
        # years spelled out in broadcast transcripts
        ("Prices fell in nineteen ninety-six.", "1998-02-27", ["1996"]),
        ("Prices fell in January nineteen ninety-seven.", "1998-02-27", ["1997-01"]),
        ("Computers may fail in the year two thousand.", "1998-03-03", ["2000"]),
    ],
)
def test_periods_named_by_context(text: str, anchor: str, values: list[str]) -> None:
    assert [t.value for t in find_times(text, anchor=anchor)] == values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Until Thursday, they had not called him a suspect.", "1999-05-06"),  # nearer: back
        ("The offer stands until Monday.", "1999-05-10"),  # nearer: ahead
        ("He said talks would resume on Tuesday.", "1999-05-11"),  # "would": future
        ("They were planning to drive to the airport on Monday.", "1999-05-10"),
        ("Police said on Tuesday that he fled.", "1999-05-04"),
    ],
)
def test_weekdays_by_tense(text: str, value: str) -> None:
    (expr,) = find_times(text, anchor="1999-05-07")  # a Friday
    assert expr.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a past verb after the future cue is the clause's own tense
        ("They said they would appeal the decision, announced Wednesday.", "1999-05-05"),
        # a plan that lay ahead of a past moment is past
        ("The offer had been due to expire Thursday evening.", "1999-05-06TEV"),
        ("It previously had been scheduled to expire at midnight Thursday.", "1999-05-06T24"),
        # "next to" is a place, not a future cue
        ("A bomb ripped through a building next to the embassy Friday morning.", "1999-05-07TMO"),
        # an initial's full stop does not end the sentence that holds the future cue
        ("Mr. Schwarz will succeed Daniel P. Davison Monday.", "1999-05-10"),
    ],
)
def test_tense_cues_nearest_the_date(text: str, value: str) -> None:
    (expr,) = find_times(text, anchor="1999-05-07")  # a Friday
    assert expr.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The company expects to release results in mid-November.", "1989-11"),
        ("Final guidelines to be published in early November will decide.", "1989-11"),
    ],
)
def test_plans_read_months_ahead(text: str, value: str) -> None:
    (expr,) = find_times(text, anchor="1989-10-27")
    assert expr.value == value


def test_a_year_ago_is_a_comparison_that_does_not_move_the_reference() -> None:
    text = (
        "In the third quarter net fell to $58.6 million from $186.4 million a year ago. "
        "Costs, compared with a year earlier, rose."
    )
    values = [t.value for t in find_times(text, anchor="1989-10-26")]
    assert values == ["1989-Q3", "1988-Q3", "1988-Q3"]


def test_a_year_earlier_opening_a_sentence_before_a_name() -> None:
    text = "The quarter ended Aug. 26. A year earlier UniFirst earned $2.4 million."
    *_, expr = find_times(text, anchor="1989-11-01")
    assert (expr.text, expr.value) == ("A year earlier", "1988")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Rates may fall in coming months.", "FUTURE_REF"),
        ("Losses will cut tax payments in future quarters.", "FUTURE_REF"),
        ("There were sell programs in past years, too.", "PAST_REF"),
        ("It plans an offering in the near future.", "FUTURE_REF"),
        ("We don't minimise the challenges of the near term.", "FUTURE_REF"),
        ("It may placate holders in the short term.", "FUTURE_REF"),
    ],
)
def test_vague_future_and_past(text: str, value: str) -> None:
    (expr,) = find_times(text, anchor="1989-10-30")
    assert (expr.type, expr.value, expr.date_start) == ("DATE", value, None)


def test_the_future_of_a_people_is_no_time() -> None:
    assert find_times("That is important to the future of our peoples.", anchor="1998-02-13") == []


@pytest.mark.parametrize(
    ("text", "value", "start"),
    [
        ("It will complete the transaction by year-end.", "1989", dt.date(1989, 10, 1)),
        ("Staff will be cut by year end.", "1989", dt.date(1989, 10, 1)),
        ("Rules should be in place by year's end.", "1989", dt.date(1989, 10, 1)),
        ("It cut $100 million by the end of the year.", "1989", dt.date(1989, 10, 1)),
    ],
)
def test_year_end_is_the_anchor_year_narrowed_to_its_end(
    text: str, value: str, start: dt.date
) -> None:
    (expr,) = find_times(text, anchor="1989-10-26")
    assert (expr.value, expr.date_start, expr.date_end) == (value, start, dt.date(1989, 12, 31))


def test_the_latest_period_is_the_quarter_just_reported() -> None:
    text = "Net rose in the fourth quarter. Sales in the latest period were $1.76 billion."
    assert [t.value for t in find_times(text, anchor="1990-01-02")] == ["1989-Q4", "1989-Q4"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Supporters began a two day rally in the capital.", "P2D"),
        ("Stocks hit a five year low.", "P5Y"),
        ("Annan wrapped up a three hour meeting.", "PT3H"),
    ],
)
def test_a_count_before_a_singular_unit_modifying_a_noun(text: str, value: str) -> None:
    (expr,) = find_times(text, anchor="1998-03-03")
    assert (expr.type, expr.value) == ("DURATION", value)


def test_last_month_day_keeps_the_day() -> None:
    text = "The doctor was shot to death last Oct. 23 at his home."
    (expr,) = find_times(text, anchor="1999-04-19")
    assert (expr.text, expr.value) == ("Oct. 23", "1998-10-23")


def test_high_noon_is_a_film() -> None:
    assert find_times("A poster showed Gary Cooper in High Noon.", anchor="1999-03-12") == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # the period a figure is compared with: the reported quarter, a year before
        (
            "Net rose in the third quarter. For the quarter a year ago, it earned less.",
            ["1989-Q3", "1988-Q3"],
        ),
        (
            "Net rose in the third quarter, from a loss for the corresponding period last year.",
            ["1989-Q3", "1988-Q3"],
        ),
        (
            "Net rose in the third quarter. In the year-earlier period, it lost money.",
            ["1989-Q3", "1988-Q3"],
        ),
        (
            "Sales rose in the third quarter. In the comparable year-ago quarter, they fell.",
            ["1989-Q3", "1988-Q3"],
        ),
        # a forecast quarter is not the one reported: the last finished quarter is
        (
            "Losses may last through the third quarter of 1990. In the year-ago period, "
            "Bethlehem earned $101.4 million.",
            ["1990-Q3", "1988-Q3"],
        ),
    ],
)
def test_year_ago_periods(text: str, values: list[str]) -> None:
    assert [t.value for t in find_times(text, anchor="1989-10-26")] == values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Earnings will be lower for the last half of 1989.", "1989-H2"),
        ("The slump will last through the first two quarters of 1990.", "1990-H1"),
        ("Sales should recover in the second half of next year.", "1990-H2"),
    ],
)
def test_halves_of_a_year(text: str, value: str) -> None:
    (expr,) = find_times(text, anchor="1989-10-26")
    assert expr.value == value


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("For the nine months, the company earned $3 million.", "the nine months"),
        ("Revenue was 45% of sales in the latest nine months.", "the latest nine months"),
        ("A major factor in the third-quarter loss was a write-down.", "third-quarter"),
        ("It earned $4 million for the fiscal first quarter.", "the fiscal first quarter"),
        ("Net fell in the fiscal second-quarter results.", "fiscal second-quarter"),
        ("The company had a two-year plan.", "two-year"),
    ],
)
def test_timeml_extents_of_periods(text: str, span: str) -> None:
    (expr,) = find_times(text, anchor="1989-10-26")
    assert expr.text == span


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        # a relative clause has its own tense: the blasts are past
        (
            "She said she would bring aid to the countries, where the Aug. 7 blasts killed 257.",
            "1998-08-18",
            "1998-08-07",
        ),
        ("They can take part in planning for the summit in April.", "1998-12-05", "1999-04"),
        ("Officials postponed until Tuesday any action on the case.", "2000-03-30", "2000-04-04"),
        # a decision about what is to come: the month just ahead
        ("NATO has decided to admit Poland and Hungary in early March.", "1999-02-10", "1999-03"),
        # a present passive is no past event
        ("Closing, which is expected in December, needs approval.", "1989-10-30", "1989-12"),
    ],
)
def test_tense_of_plans_and_clauses(text: str, anchor: str, value: str) -> None:
    (expr,) = find_times(text, anchor=anchor)
    assert expr.value == value


def test_previous_and_following_weekdays_count_from_the_narrative() -> None:
    text = (
        "Shares closed on Friday, down 4.5% from the previous Friday. "
        "The following Monday they rose."
    )
    found = [(t.text, t.value, t.anchored_by) for t in find_times(text, anchor="1989-10-30")]
    assert found == [
        ("Friday", "1989-10-27", "anchor 1989-10-30"),
        ("the previous Friday", "1989-10-20", "'Friday' (1989-10-27)"),
        ("The following Monday", "1989-10-23", "'the previous Friday' (1989-10-20)"),
    ]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # a part of the day takes the day just named ...
        (
            "Dealers were busy Friday. They placed orders in the morning.",
            "the morning",
            "1989-10-27TMO",
        ),
        (
            "In London at mid-afternoon yesterday, shares rose.",
            "mid-afternoon yesterday",
            "1989-10-29TAF",
        ),
        # ... else the anchor's
        ("He appears before a judge in Manhattan at midday.", "midday", "1989-10-30T12:00"),
        ("By mid afternoon, officials said the town had fallen.", "mid afternoon", "1989-10-30TAF"),
    ],
)
def test_parts_of_the_day_take_their_day(text: str, span: str, value: str) -> None:
    *_, expr = find_times(text, anchor="1989-10-30")
    assert (expr.text, expr.value) == (span, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a season in future context is the next one to begin
        ("The sector is going to start getting beat up in the spring.", "1998-SP"),
        ("Exports slowed in the spring.", "1997-SP"),
        ("Sun will struggle to meet demand well into the summer.", "1998-SU"),
        # a quotation's closing marks end its sentence: "Sunday" is not read by "going to"
        ("It is going to be a theme of our campaign.'' In Sunday's debate he spoke.", "1998-02-01"),
    ],
)
def test_seasons_and_sentences_by_tense(text: str, value: str) -> None:
    *_, expr = find_times(text, anchor="1998-02-06")  # a Friday
    assert expr.value == value


def test_a_possessive_weekday_names_a_day_past_despite_a_future_verb() -> None:
    text = "Relatives said they would look for ways to get around Wednesday's ruling."
    (expr,) = find_times(text, anchor="2000-01-07")  # a Friday
    assert expr.value == "2000-01-05"
