"""Deterministic generator of realistic DebatePrep libraries for the benchmark suite (issue 4).

Text is English-like: a Zipf-distributed vocabulary (common English words first, then
pronounceable synthetic words) mixed with the topic's own words (sanctuary, detainer, ICE,
1373, Byrne, 287(g), deportation, ...), with curly quotes, apostrophes and em dashes. Articles
are ~700 words; cards are 20–300 words (evidence quotes cut from an article's exact span, or
argument notes) with tags, sides, kinds, labels and supports/answers links. Articles number
cards/20 (100k cards -> 5k articles).

Rows go straight into the database with SQLAlchemy Core executemany in one transaction (the
change counter is bumped once); the search index is then built with ``Library.reindex()``.

    python -m benchmarks.generate --cards 10000 --out DIR
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, String, cast, insert, update

from debateprep.facade.library import Library
from debateprep.facade.starter import STARTER_FLAG
from debateprep.storage.models import Base, Card, CardLabel, Link, Meta, Motion, Source

SEED = 20240415
ARTICLE_WORDS = 700
CARDS_PER_ARTICLE = 20
BATCH = 5000
TOPIC_RATE = 0.08  # share of tokens drawn from the topic vocabulary
CARDS_PER_MOTION = 2000  # 100k cards -> 50 motions of ~500 arguments and ~300 answers each
RESOLUTIONS = (
    "Resolved: The United States federal government should substantially reduce its "
    "cooperation requirements for sanctuary jurisdictions.",
    "Resolved: States should refuse to honor ICE detainer requests without a judicial warrant.",
    "Resolved: Local police should end 287(g) agreements.",
    "Resolved: Federal law enforcement grants should not be conditioned on immigration "
    "cooperation.",
)


def _words(text: str) -> list[str]:
    """The words of a whitespace-separated literal."""
    return text.split()


COMMON = _words(
    "the of and to a in that is was he for it with as his on be at by i this had not are but "
    "from or have an they which one you were her all she there would their we him been has "
    "when who will more no if out so said what up its about into than them can only other new "
    "some could time these two may then do first any my now such like our over man me even most "
    "made after also did many before must through back years where much your way well down "
    "should because each just those people how too little state good very make world still own "
    "see men work long get here between both life being under never day same another know while "
    "last might us great old year off come since against go came right used take three states "
    "himself few house use during without again place american around however home small found "
    "thought went say part once general high upon school every does got united left number "
    "course war until always away something fact though water less public put think almost hand "
    "enough far took head yet government system better set told nothing night end why called "
    "didn't eyes find going look asked later knew point next program city business give group "
    "toward young days let room president side social given present several order national "
    "possible rather second face per among form important often things looked early white case "
    "john become large big need four within felt along children saw best church ever least power "
    "development light thing seemed family interest want members mind country area others done "
    "turned although open god service certain kind problem began different door thus help means "
    "sense whole matter perhaps itself york times law human line above name example action "
    "company local show whether five history gave today either act feet across taken past "
    "quite anyone having seen death experience body word half really field am car words already "
    "themselves information tell together college shall money period held keep sure probably "
    "free seems political real behind cannot miss question air office making brought whose "
    "special major heard problems federal ago became moment study known available result street "
    "economic boy position reason change south board individual job society areas west close "
    "turn love community true court force full seem policy evidence research data officials "
    "report according analysis residents cities county jail local police safety crime rates"
)

TOPIC = _words(
    "sanctuary sanctuary detainer detainers ICE ICE immigration immigrant immigrants "
    "undocumented deportation deportations deport deported 1373 Byrne JAG 287(g) enforcement "
    "jurisdiction jurisdictions noncitizen noncitizens removal asylum DHS CBP Secure Communities "
    "Tenth Amendment anticommandeering Printz commandeering cooperation trust reporting "
    "victims witnesses grants funding Sessions Trump Obama Priority Enforcement Program "
    "warrant warrants Fourth Amendment custody release notification hold holds Galarza "
    "Miranda-Olivares Philadelphia Chicago San Francisco California SB54 Texas SB4 county "
    "sheriffs policing community crime recidivism"
)

LABELS = (
    "1AC",
    "2NC",
    "DA",
    "CP",
    "K",
    "T",
    "impact",
    "uniqueness",
    "link",
    "framework",
    "solvency",
    "federalism",
    "crime",
    "econ",
    "legal",
)
OUTLETS = (
    "Cato Institute",
    "Center for Immigration Studies",
    "Migration Policy Institute",
    "The Atlantic",
    "Urban Institute",
    "Harvard Law Review",
    "Texas Tribune",
    "Police Executive Research Forum",
)
QUALS = ("Professor of Law", "Senior Fellow", "Policy Analyst", "Former ICE Director", "Reporter")
SYLLABLES = _words(
    "ba be bi bo bu ca co cu da de di do fa fe fi ga ge go la le li lo lu ma me mi mo na ne ni "
    "no pa pe pi po pu ra re ri ro ru sa se si so ta te ti to tu va ve vi ex in con pre pro "
    "ter ment tion ing ous ate ive al er or ic ist ure"
)


@dataclass(frozen=True)
class Sizes:
    cards: int
    articles: int

    @classmethod
    def for_cards(cls, cards: int) -> Sizes:
        return cls(cards=cards, articles=max(1, cards // CARDS_PER_ARTICLE))


class TextMaker:
    """English-like text from a seeded Zipf vocabulary plus the topic's words."""

    def __init__(self, rng: random.Random, vocab_size: int = 20000) -> None:
        self.rng = rng
        words: list[str] = list(dict.fromkeys(COMMON))
        seen = set(words)
        synth_rng = random.Random(SEED + 1)
        while len(words) < vocab_size:
            word = "".join(synth_rng.choice(SYLLABLES) for _ in range(synth_rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.vocab = words
        self._cum = list(
            itertools.accumulate(1.0 / (rank + 1) ** 1.07 for rank in range(len(words)))
        )
        self._topic_cum = list(
            itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(TOPIC)))
        )

    def words(self, n: int) -> list[str]:
        rng = self.rng
        out = rng.choices(self.vocab, cum_weights=self._cum, k=n)
        for i in range(n):
            if rng.random() < TOPIC_RATE:
                out[i] = rng.choices(TOPIC, cum_weights=self._topic_cum)[0]
        return out

    def sentence(self, n: int) -> str:
        rng = self.rng
        words = self.words(n)
        words[0] = words[0][:1].upper() + words[0][1:]
        roll = rng.random()
        if roll < 0.12 and n > 6:  # an em-dash aside
            at = rng.randint(2, n - 3)
            words[at] = "— " + words[at]
        elif roll < 0.22 and n > 6:  # a curly quotation
            a = rng.randint(1, n - 4)
            b = min(n - 1, a + rng.randint(2, 5))
            words[a] = "“" + words[a]
            words[b] = words[b] + "”"
        elif roll < 0.30:
            at = rng.randrange(n)
            words[at] = words[at] + "’s"
        if n > 8 and rng.random() < 0.35:
            at = rng.randint(3, n - 3)
            words[at] += ","
        return " ".join(words) + ("?" if rng.random() < 0.08 else ".")

    def text(self, n_words: int) -> str:
        """About ``n_words`` words in sentences and paragraphs."""
        rng = self.rng
        paragraphs: list[str] = []
        sentences: list[str] = []
        total = 0
        while total < n_words:
            n = min(max(4, int(rng.gauss(18, 7))), 45)
            sentences.append(self.sentence(n))
            total += n
            if len(sentences) >= rng.randint(3, 7):
                paragraphs.append(" ".join(sentences))
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs)

    def tag(self) -> str:
        words = self.words(self.rng.randint(5, 14))
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words)

    def title(self) -> str:
        return " ".join(w[:1].upper() + w[1:] for w in self.words(self.rng.randint(4, 9)))

    def person(self) -> str:
        first = self.rng.choice(("Maria", "James", "Wei", "Aisha", "Daniel", "Priya", "Luis"))
        last = self.rng.choice(self.vocab[400:3000])
        return f"{first} {last[:1].upper()}{last[1:]}"


_WORD_RE = re.compile(r"\S+")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def generate_rows(sizes: Sizes, seed: int = SEED) -> dict[str, list[dict[str, Any]]]:
    """Every row of a library of ``sizes`` (ids assigned here), deterministic for ``seed``."""
    rng = random.Random(seed)
    maker = TextMaker(rng)
    stamp = "2024-04-15T12:00:00+00:00"
    sources: list[dict[str, Any]] = []
    spans: list[list[tuple[int, int]]] = []
    for sid in range(1, sizes.articles + 1):
        text = maker.text(int(rng.gauss(ARTICLE_WORDS, 60)))
        year = rng.randint(2012, 2024)
        sources.append(
            {
                "id": sid,
                "title": maker.title(),
                "author": maker.person(),
                "qualifications": rng.choice(QUALS),
                "outlet": rng.choice(OUTLETS),
                "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "url": f"https://example.org/{year}/article-{sid}",
                "accessed": "2024-04-01",
                "lean": rng.choice(("", "left", "right", "center")),
                "origin": f"generated:{sid}",
                "text": text,
                "content_hash": _hash(f"{sid}\n{text}"),
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        spans.append([(m.start(), m.end()) for m in _WORD_RE.finditer(text)])

    cards: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    positions: dict[tuple[int, str], int] = {}
    for cid in range(1, sizes.cards + 1):
        roll = rng.random()
        kind = "evidence" if roll < 0.6 else "argument" if roll < 0.85 else "counterargument"
        side = rng.choice("AB")
        motion_id = motion_of(cid)
        positions[motion_id, side] = positions.get((motion_id, side), 0) + 1
        n_words = rng.randint(20, 300)
        row: dict[str, Any] = {
            "id": cid,
            "kind": kind,
            "side": side,
            "tag": maker.tag(),
            "notes": "",
            "motion_id": motion_id,
            "position": positions[motion_id, side],
            "source_id": None,
            "start": None,
            "end": None,
            "quote": "",
            "highlights": "[]",
            "cite_author": "",
            "cite_qualifications": "",
            "cite_date": "",
            "cite_title": "",
            "cite_outlet": "",
            "cite_url": "",
            "cite_accessed": "",
            "created_at": stamp,
            "updated_at": stamp,
        }
        if kind == "evidence":
            source = sources[rng.randrange(len(sources))]
            words = spans[source["id"] - 1]
            n_words = min(n_words, len(words))
            first = rng.randint(0, len(words) - n_words)
            start, end = words[first][0], words[first + n_words - 1][1]
            row.update(
                source_id=source["id"],
                start=start,
                end=end,
                quote=source["text"][start:end],
                cite_author=source["author"],
                cite_qualifications=source["qualifications"],
                cite_date=source["date"],
                cite_title=source["title"],
                cite_outlet=source["outlet"],
                cite_url=source["url"],
                cite_accessed=source["accessed"],
            )
        else:
            row["notes"] = maker.text(n_words)
        cards.append(row)
        for label in rng.sample(LABELS, rng.choice((0, 1, 1, 2))):
            labels.append({"card_id": cid, "label": label})

    links: list[dict[str, Any]] = []
    seen: set[tuple[str, int, int]] = set()
    arguments: dict[int, list[int]] = {}
    for card in cards:
        if card["kind"] == "argument":
            arguments.setdefault(card["motion_id"], []).append(card["id"])
    for card in cards:
        if card["kind"] == "argument" or rng.random() < 0.3:
            continue
        kind = "supports" if card["kind"] == "evidence" else "answers"
        target = rng.choice(arguments.get(card["motion_id"]) or [card["id"]])
        key = (kind, card["id"], target)
        if target != card["id"] and key not in seen:
            seen.add(key)
            links.append({"kind": kind, "from_id": card["id"], "to_id": target})
    motions = [
        {
            "id": mid,
            "resolution": RESOLUTIONS[(mid - 1) % len(RESOLUTIONS)]
            + ("" if mid <= len(RESOLUTIONS) else f" ({mid})"),
            "side_a": "Affirmative",
            "side_b": "Negative",
        }
        for mid in range(1, motion_of(sizes.cards) + 1)
    ]
    return {
        "motions": motions,
        "sources": sources,
        "cards": cards,
        "labels": labels,
        "links": links,
    }


def motion_of(card_id: int) -> int:
    """Cards come in blocks of CARDS_PER_MOTION per motion (~500 arguments each)."""
    return (card_id - 1) // CARDS_PER_MOTION + 1


def _batched(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def write_library(path: Path, sizes: Sizes, seed: int = SEED) -> dict[str, float]:
    """Create a library at ``path`` (a folder) filled with generated rows, index not built.

    Returns timings in seconds: ``generate`` (making rows) and ``insert`` (database).
    """
    t0 = time.perf_counter()
    rows = generate_rows(sizes, seed)
    t1 = time.perf_counter()
    library = Library.open(path, starter=False)
    try:
        engine = library._store.engine  # benchmark only: bulk insert bypasses the facade
        with engine.begin() as conn:
            conn.execute(insert(Motion), rows["motions"])
            tables: tuple[tuple[str, type[Base]], ...] = (
                ("sources", Source),
                ("cards", Card),
                ("labels", CardLabel),
                ("links", Link),
            )
            for name, table in tables:
                for batch in _batched(rows[name]):
                    conn.execute(insert(table), batch)
            # Marked as already holding its first-open content: the window and the CLI open
            # it with starter=True and must not add the bundled corpus to it.
            conn.execute(insert(Meta), [{"key": STARTER_FLAG, "value": "1"}])
            conn.execute(
                update(Meta)
                .where(Meta.key == "change_counter")
                .values(value=cast(cast(Meta.value, Integer) + 1, String))
            )
    finally:
        library.close()
    t2 = time.perf_counter()
    return {"generate": t1 - t0, "insert": t2 - t1}


def build_library(path: Path, cards: int, seed: int = SEED) -> dict[str, float]:
    """Generate a library of ``cards`` cards and build its search index; returns timings."""
    sizes = Sizes.for_cards(cards)
    timings = write_library(path, sizes, seed)
    t0 = time.perf_counter()
    with Library.open(path, starter=False, index=False) as library:
        docs = library.reindex()
    timings["reindex"] = time.perf_counter() - t0
    timings["docs"] = float(docs)
    return timings


def write_article_files(folder: Path, count: int, seed: int = SEED + 7) -> list[Path]:
    """Write ``count`` ~700-word article ``.txt`` files (title on the first line)."""
    rng = random.Random(seed)
    maker = TextMaker(rng)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i in range(1, count + 1):
        title = maker.title()
        body = maker.text(int(rng.gauss(ARTICLE_WORDS, 60)))
        path = folder / f"article_{i:05d}.txt"
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True, help="library folder to create")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--articles-dir", type=Path, help="also write article files here")
    parser.add_argument("--article-files", type=int, default=1000)
    args = parser.parse_args(argv)
    if (args.out / "library.db").exists():
        parser.error(f"{args.out} already holds a library; choose a new folder")
    timings = build_library(args.out, args.cards, args.seed)
    print(
        f"{args.cards} cards in {args.out}: rows {timings['generate']:.1f} s, "
        f"insert {timings['insert']:.1f} s, reindex {timings['reindex']:.1f} s "
        f"({timings['docs'] / timings['reindex']:.0f} docs/s)"
    )
    if args.articles_dir:
        files = write_article_files(args.articles_dir, args.article_files)
        print(f"{len(files)} article files in {args.articles_dir}")


if __name__ == "__main__":
    main()
