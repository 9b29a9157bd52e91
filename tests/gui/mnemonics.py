"""Collect every Alt mnemonic a window offers, per scope, for the uniqueness test.

Collected from the live widgets (not from a list), so menu items and labels other parts add
later are checked too. Scopes: the window (its menu bar titles plus every label buddy, button,
group box and tab of its widgets: Alt+letter is looked up among all of them) and each menu
(its own items, opened with the menu).
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QToolButton,
    QWidget,
)


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ("&&" is a literal ampersand), lower-cased."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 2
        else:
            i += 1
    return None


def _in_menu(widget: QWidget) -> bool:
    parent: QWidget | None = widget
    while parent is not None:
        if isinstance(parent, QMenu):
            return True
        parent = parent.parentWidget()
    return False


def _widget_texts(window: QMainWindow) -> list[tuple[str, str]]:
    """(where, text) of everything in the window that can carry a mnemonic."""
    texts: list[tuple[str, str]] = []
    for widget in window.findChildren(QWidget):
        if _in_menu(widget) or widget.window() is not window:
            continue
        name = f"{type(widget).__name__} {widget.objectName()}".strip()
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            texts.append((f"label for {widget.buddy().objectName()}", widget.text()))
        elif isinstance(widget, QToolButton) and widget.defaultAction() is not None:
            continue  # a toolbar button shows its action's text without the mnemonic
        elif isinstance(widget, QAbstractButton):
            texts.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            texts.append((name, widget.title()))
        elif isinstance(widget, QTabBar):
            texts.extend((f"tab of {name}", widget.tabText(i)) for i in range(widget.count()))
    return texts


def _menu_scopes(menu: QMenu, scopes: dict[str, list[tuple[str, str]]]) -> None:
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        scopes[f"menu {menu.title()}"].append((action.objectName() or action.text(), action.text()))
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            _menu_scopes(submenu, scopes)


def collisions(window: QMainWindow) -> dict[str, dict[str, list[str]]]:
    """Scope -> letter -> the places using it, for letters used more than once."""
    scopes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for action in window.menuBar().actions():
        scopes["window"].append((f"menu {action.text()}", action.text()))
        menu = action.menu()
        if isinstance(menu, QMenu):
            _menu_scopes(menu, scopes)
    scopes["window"].extend(_widget_texts(window))
    found: dict[str, dict[str, list[str]]] = {}
    for scope, entries in scopes.items():
        by_letter: dict[str, list[str]] = defaultdict(list)
        for where, text in entries:
            letter = mnemonic(text)
            if letter is not None:
                by_letter[letter].append(f"{where}: {text!r}")
        clashes = {letter: places for letter, places in by_letter.items() if len(places) > 1}
        if clashes:
            found[scope] = clashes
    return found
