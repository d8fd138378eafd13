"""Temporal stage: find TIMEX3 expressions and normalise them against an anchor date."""

from detente.temporal.find import expression_for_span, find_times

__all__ = ["expression_for_span", "find_times"]
