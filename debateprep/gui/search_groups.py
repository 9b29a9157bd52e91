"""Search results in groups (Sources, Evidence, Arguments): the rows the results list shows
and the counts the status line gives, as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from debateprep.search import SearchHit

# Result groups as the search core ranks them (search/forgiving.py: best of each first); the
# list shows them in this order. Kinds outside these go last, under "Other".
GROUP_TITLES = ("Sources", "Evidence", "Arguments")
_GROUP_OF = {"source": 0, "evidence": 1, "argument": 2, "counterargument": 2}
_GROUP_NAMES = (("source", "sources"), ("evidence", "evidence"), ("argument", "arguments"))


def group_of(hit: SearchHit) -> str:
    """The title of the group ``hit`` is listed under."""
    group = _GROUP_OF.get(hit.kind)
    return "Other" if group is None else GROUP_TITLES[group]


def group_counts(hits: list[SearchHit]) -> str:
    """'2 sources, 9 evidence, 1 argument': how the rows shown divide into groups."""
    counts = [0, 0, 0]
    for hit in hits:
        if hit.kind in _GROUP_OF:
            counts[_GROUP_OF[hit.kind]] += 1
    parts = [
        f"{n} {one if n == 1 else many}"
        for n, (one, many) in zip(counts, _GROUP_NAMES, strict=True)
        if n
    ]
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class GroupHeader:
    """The row above a group's hits: "Evidence (7)"."""

    name: str
    count: int

    @property
    def label(self) -> str:
        return f"{self.name} ({self.count})"


Row = SearchHit | GroupHeader


def grouped_rows(hits: Sequence[SearchHit]) -> list[Row]:
    """Sources, Evidence, Arguments (then any other kind), each under its header and in the
    order the search ranked it; groups without hits get no header."""
    groups: dict[str, list[SearchHit]] = {name: [] for name in GROUP_TITLES}
    for hit in hits:
        groups.setdefault(group_of(hit), []).append(hit)
    rows: list[Row] = []
    for name, members in groups.items():
        if members:
            rows.append(GroupHeader(name, len(members)))
            rows.extend(members)
    return rows
