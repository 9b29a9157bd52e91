"""Cycles are collected on the GUI thread only (gui/collector.py)."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QApplication

from debateprep.gui import collector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector frees it


def test_the_application_collects_on_its_own_thread(qapp: QApplication) -> None:
    was = gc.isenabled()
    gc.enable()
    try:
        installed = collector.install(qapp)
        assert collector.install(qapp) is installed  # one per application
        assert not gc.isenabled()  # no collection in whatever thread allocates
        node = _Node()
        gone = weakref.ref(node)
        del node
        assert gone() is not None
        installed.collect()  # what its timer does on the GUI thread
        assert gone() is None
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()
