"""Relations analysis: stories, dyad series, alerts, networks, timelines and reports."""

from detente.analysis.filter import AnalysisError, AnalysisFilter
from detente.analysis.notebook import Workspace, open

__all__ = ["AnalysisError", "AnalysisFilter", "Workspace", "open"]
