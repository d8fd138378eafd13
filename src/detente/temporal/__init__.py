"""Temporal stage: find TIMEX3 expressions and normalise them against an anchor date."""

from detente.temporal.find import expression_for_span, find_times, parse_anchor
from detente.temporal.timex import is_timex3_value

__all__ = ["expression_for_span", "find_times", "is_timex3_value", "parse_anchor"]
