"""Reproducible measurements of DebatePrep (run as ``python -m benchmarks.<name>``)."""
