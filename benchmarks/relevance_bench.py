"""Relevance on a judged query set (issue 14): success@3, MRR and nDCG@10, with the misses.

    python -m benchmarks.relevance_bench            # table of figures and per-query misses

The library is the bundled corpus and starter map (what a new user opens) plus the few short
sources of tests/search/judged_queries.json that stand in for the news articles the issue
quotes. Each judged query lists the sources/cards that should come first, by stable keys:
``src:NNN`` (corpus file NNN_*.txt), ``x-*`` (an extra source) or a starter-map card ref. A
query is run as the search box's full pass runs it (everything scope, last word a prefix).
Quality, not time: the figures are the same on every machine, so tests assert the targets.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import Row
from debateprep import paths
from debateprep.facade.library import Library
from debateprep.facade.validation import clean_tag
from debateprep.search.analysis import STOP_WORDS, stem, tokens

JUDGED = Path(__file__).resolve().parent.parent / "tests" / "search" / "judged_queries.json"
TARGET_SUCCESS_AT_3 = 0.9
LIMIT = 20


@dataclass
class QueryResult:
    query: str
    relevant: list[str]
    ranked: list[str]  # stable keys of the hits, best first
    notice: str = ""

    @property
    def first_relevant(self) -> int | None:
        """1-based rank of the first relevant hit, None if none was returned."""
        for rank, key in enumerate(self.ranked, 1):
            if key in self.relevant:
                return rank
        return None

    def ndcg(self, k: int = 10) -> float:
        gains = [1.0 if key in self.relevant else 0.0 for key in self.ranked[:k]]
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
        ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(self.relevant))))
        return dcg / ideal if ideal else 0.0


@dataclass
class Report:
    results: list[QueryResult] = field(default_factory=list)
    zero_but_known: list[str] = field(default_factory=list)  # no hits though words appear
    library_keys: set[str] = field(default_factory=set)  # every stable key in the library

    @property
    def success_at_3(self) -> float:
        hits = [r for r in self.results if (r.first_relevant or 99) <= 3]
        return len(hits) / len(self.results)

    @property
    def mrr(self) -> float:
        return sum(1 / (r.first_relevant or math.inf) for r in self.results) / len(self.results)

    @property
    def ndcg10(self) -> float:
        return sum(r.ndcg(10) for r in self.results) / len(self.results)

    def misses(self) -> list[QueryResult]:
        return [r for r in self.results if (r.first_relevant or 99) > 3]


def load_judged() -> dict[str, Any]:
    return dict(json.loads(JUDGED.read_text(encoding="utf-8")))


def open_judged_library(folder: Path) -> tuple[Library, dict[str, str]]:
    """The corpus library plus the extra sources; returns it and search key -> stable key."""
    judged = load_judged()
    library = Library.open(folder / "library.db")
    for extra in judged["extra_sources"]:
        library.add_source(extra["text"], title=extra["title"], author=extra["author"])
    library.wait_for_index(60)
    names = {extra["title"]: extra["key"] for extra in judged["extra_sources"]}
    keys: dict[str, str] = {}
    for source in library.sources():
        if source.origin and source.origin[:3].isdigit():
            keys[f"source:{source.id}"] = f"src:{source.origin[:3]}"
        elif source.title in names:
            keys[f"source:{source.id}"] = names[source.title]
    starter = json.loads(paths.resource("starter_map.json").read_text(encoding="utf-8"))
    refs = {clean_tag(entry["tag"]): entry["ref"] for entry in starter["cards"]}
    for card in library.cards():
        if card.tag in refs:
            keys[f"card:{card.id}"] = refs[card.tag]
    return library, keys


def library_words(library: Library) -> set[str]:
    """Every folded word and stem of the library's texts, tags and notes."""
    texts = [library.source_text(s.id) + " " + s.title for s in library.sources()]
    texts += [f"{c.tag} {c.notes}" for c in library.cards()]
    words: set[str] = set()
    for text in texts:
        for word, _, _ in tokens(text):
            words.update((word, stem(word)))
    return words


def evaluate(library: Library, keys: dict[str, str]) -> Report:
    report = Report(library_keys=set(keys.values()))
    known = library_words(library)
    for item in load_judged()["queries"]:
        hits = library.search(item["query"], limit=LIMIT)
        ranked = [keys.get(hit.key, hit.key) for hit in hits]
        notice = str(getattr(hits, "notice", "") or "")
        report.results.append(QueryResult(item["query"], list(item["relevant"]), ranked, notice))
        words = [w for w, _, _ in tokens(item["query"]) if w not in STOP_WORDS]
        if not hits and any(w in known or stem(w) in known for w in words):
            report.zero_but_known.append(item["query"])
    return report


def run() -> Report:
    with tempfile.TemporaryDirectory(prefix="dp-relevance-") as tmp:
        library, keys = open_judged_library(Path(tmp))
        try:
            return evaluate(library, keys)
        finally:
            library.close()


def rows(report: Report) -> list[Row]:
    """The suite's rows: the figures beside their targets (no reference system here)."""
    n = len(report.results)
    return [
        Row(n, "relevance success@3", "share", report.success_at_3, TARGET_SUCCESS_AT_3,
            f">= {TARGET_SUCCESS_AT_3}", report.success_at_3 >= TARGET_SUCCESS_AT_3, "target"),
        Row(n, "relevance MRR", "score", report.mrr, 1.0, "", None, "perfect"),
        Row(n, "relevance nDCG@10", "score", report.ndcg10, 1.0, "", None, "perfect"),
        Row(n, "zero hits, words known", "queries", len(report.zero_but_known), 0.0, "0",
            not report.zero_but_known, "target"),
    ]  # fmt: skip


def describe(report: Report) -> str:
    lines = [
        f"{len(report.results)} judged queries: success@3 {report.success_at_3:.3f}, "
        f"MRR {report.mrr:.3f}, nDCG@10 {report.ndcg10:.3f}",
        f"zero results although the words are in the library: {report.zero_but_known or 'none'}",
    ]
    for miss in report.misses():
        rank = miss.first_relevant
        where = f"first relevant at {rank}" if rank else "no relevant hit"
        lines.append(f"  miss {miss.query!r}: {where}; top {miss.ranked[:5]}")
        if miss.notice:
            lines.append(f"       notice: {miss.notice}")
    return "\n".join(lines)


def main() -> None:
    report = run()
    print(describe(report))
    failed = report.success_at_3 < TARGET_SUCCESS_AT_3 or report.zero_but_known
    sys.exit(1 if failed and "--check" in sys.argv else 0)


if __name__ == "__main__":
    main()
