"""Fixtures for exporter tests: the sample bundle and brief, and the packet stylesheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from exporter_samples import sample_brief, sample_bundle

from debateprep.records import BriefRecord, MotionBundle

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def bundle() -> MotionBundle:
    return sample_bundle()


@pytest.fixture
def brief() -> BriefRecord:
    return sample_brief()


@pytest.fixture(scope="session")
def packet_css() -> str:
    return (REPO / "resources" / "packet.css").read_text(encoding="utf-8")
