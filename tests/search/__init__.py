"""Tests of debateprep.search (no Qt)."""
