"""DebatePrep: prepare debates from sources, evidence cards and argument maps."""

__version__ = "0.1.0"
