"""Counts in words: "1 card", "2 cards" (a message never says "1 cards")."""

from __future__ import annotations


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``count`` with the noun in the right number; ``many`` for irregular plurals."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"
