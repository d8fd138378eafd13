"""Relations analysis: stories, dyad series, alerts, networks, timelines and reports."""

from detente.analysis.notebook import Workspace, open
from detente.analysis.select import AnalysisError, AnalysisFilter

__all__ = ["AnalysisError", "AnalysisFilter", "Workspace", "open"]
