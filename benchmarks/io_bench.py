"""Import and export benchmarks of issue 4: ours via ``Library`` vs an SQLite floor, same run.

* **bulk import** of 1,000 article files (a third each ``.txt``, ``.md`` with YAML front matter
  and saved ``.html`` pages, ~700 words each) through ``Library.import_paths`` (what
  ``debateprep import FOLDER`` and the window's import call), one transaction per file because
  each file is one result the user sees. Two figures: articles/s until every article is
  committed, and until every article is searchable (``wait_for_index``). Reference: plain
  ``sqlite3`` reading the same files and inserting each decoded file text into a sources table
  (unique content hash, checked first as ours does) and an FTS5 table, also one transaction per
  file; its commit is its "searchable", so the reference is the same for both rows.
* **exports** through the facade methods the CLI calls (``debateprep export map|brief|packet``),
  written to files: the side-by-side map of one motion of ~500 arguments (2,000-card library),
  a brief of 1,000 cards (built in setup with the brief actions, not timed) and the Markdown +
  HTML packet of a motion quoting 50 sources (1,000-card library). Reference: a floor measured
  in the same run: the same rows read with raw SQL and written with a minimal formatter.

Prints a table (ours, reference, ratio, target, pass/fail) and optionally writes JSON.

    python -m benchmarks.io_bench --json out.json
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import platform
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.common import Row, format_table, percentile
from benchmarks.generate import Sizes, write_article_files, write_library
from debateprep.facade.library import Library
from debateprep.importers import read_document
from debateprep.records import ImportStatus, Side

Log = Callable[[str], None]

IMPORT_FILES = 1000
IMPORT_TARGET = 100.0  # articles/s (issue 4)
EXPORT_REPEATS = 5
MAP_CARDS = 2000  # one motion of ~500 arguments per 2,000 generated cards
BRIEF_CARDS = 1000
PACKET_CARDS = 1000  # 1,000 generated cards quote 50 articles
MOTION_ID = 1
OUTLETS = ("The Civic Ledger", "Border Policy Review", "Metro Daily", "Justice Quarterly")


def _quiet(message: str) -> None:
    del message


# -- article files -------------------------------------------------------------------------


def write_mixed_article_files(folder: Path, count: int) -> list[Path]:
    """``count`` generated articles, a third each as .txt, .md (front matter) and .html.

    ``generate.write_article_files`` writes plain text only; real imports mix formats, and
    front matter and HTML parsing are part of the cost, so two of three become the others.
    """
    paths: list[Path] = []
    for i, path in enumerate(write_article_files(folder, count)):
        title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        paragraphs = [p for p in body.strip().split("\n\n") if p.strip()]
        author = f"Author {i % 97}"
        outlet = OUTLETS[i % len(OUTLETS)]
        date = f"20{10 + i % 14:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        url = f"https://example.org/{i:05d}/{path.stem}"
        if i % 3 == 0:
            paths.append(path)
            continue
        path.unlink()
        if i % 3 == 1:
            target = path.with_suffix(".md")
            front = "\n".join(
                [
                    "---",
                    f"title: {json.dumps(title)}",  # a JSON string is a valid YAML scalar
                    f"author: {json.dumps(author)}",
                    f"publication: {json.dumps(outlet)}",
                    f"date: {date}",
                    f"url: {url}",
                    "---",
                ]
            )
            target.write_text(f"{front}\n\n# {title}\n\n" + "\n\n".join(paragraphs) + "\n")
        else:
            target = path.with_suffix(".html")
            target.write_text(_html_page(title, author, outlet, date, url, paragraphs))
        paths.append(target)
    return paths


def _html_page(
    title: str, author: str, outlet: str, date: str, url: str, paragraphs: list[str]
) -> str:
    """A saved news page: meta tags, menus, a share bar, a related rail, scripts."""
    e = html.escape
    body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(title)} | {e(outlet)}</title>
<meta property="og:title" content="{e(title)}">
<meta property="og:site_name" content="{e(outlet)}">
<meta name="author" content="{e(author)}">
<meta property="article:published_time" content="{date}T08:00:00Z">
<link rel="canonical" href="{url}">
<style>body {{ font-family: serif; }} .share {{ display: flex; }}</style>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{page: "{url}"}});</script>
</head><body>
<header><nav class="menu"><a href="/">Home</a> <a href="/politics">Politics</a>
<a href="/immigration">Immigration</a> <a href="/opinion">Opinion</a></nav></header>
<main><article><h1>{e(title)}</h1><p class="byline">By {e(author)}</p>
<time datetime="{date}">{date}</time>
<div class="share-bar"><a href="#">Share</a> <a href="#">Tweet</a></div>
{body}
</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">Detainers, explained</a></li>
<li><a href="/b">What sanctuary means</a></li></ul></aside></main>
<footer><p>© {date[:4]} {e(outlet)}. All rights reserved.</p></footer>
<script>track("{url}");</script>
</body></html>
"""


# -- bulk import ---------------------------------------------------------------------------


def _reference_import(db_path: Path, files: list[Path]) -> float:
    """Seconds for plain sqlite3 + FTS5 to store the same files, one transaction per file."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # as the library's connections
        conn.execute(
            "CREATE TABLE sources(id INTEGER PRIMARY KEY, title TEXT, origin TEXT, text TEXT, "
            "content_hash TEXT UNIQUE)"
        )
        conn.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61')"
        )
        t0 = time.perf_counter()
        for path in files:
            text = path.read_bytes().decode("utf-8").strip()
            title = text.split("\n", 1)[0][:200]
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            conn.execute("BEGIN IMMEDIATE")
            found = conn.execute("SELECT id FROM sources WHERE content_hash = ?", (digest,))
            if found.fetchone() is None:
                cur = conn.execute(
                    "INSERT INTO sources(title, origin, text, content_hash) VALUES (?, ?, ?, ?)",
                    (title, path.name, text, digest),
                )
                conn.execute(
                    "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
                    (cur.lastrowid, title, text),
                )
            conn.execute("COMMIT")
        return time.perf_counter() - t0
    finally:
        conn.close()


def bench_import(
    workdir: Path,
    files: int = IMPORT_FILES,
    *,
    base_cards: int = 0,
    log: Log = _quiet,
    details: dict[str, Any] | None = None,
) -> list[Row]:
    """Import ``files`` article files into a library (``base_cards`` generated cards first)."""
    folder = workdir / f"articles{files}"
    if not folder.exists():
        write_mixed_article_files(folder, files)
    paths = sorted(p for p in folder.iterdir() if p.is_file())
    library_dir = workdir / f"import_lib{base_cards}"
    if base_cards:
        write_library(library_dir, Sizes.for_cards(base_cards))
    with Library.open(library_dir, starter=False) as library:  # builds the index: not timed
        before, _ = library.counts()
        statuses: dict[str, int] = {}
        t0 = time.perf_counter()
        for step in library.import_paths([folder]):
            status = step.outcome.status.value
            statuses[status] = statuses.get(status, 0) + 1
        committed_s = time.perf_counter() - t0
        library.wait_for_index()  # the background index writer catches up: searchable
        searchable_s = time.perf_counter() - t0
        after, _ = library.counts()
        last_title = library.sources()[-1].title
        found = library.search(last_title, prefix=False, limit=5)
    if statuses != {ImportStatus.IMPORTED.value: files} or after - before != files:
        raise RuntimeError(f"import went wrong: {statuses}, {after - before} new sources")
    if not found:
        raise RuntimeError(f"an imported article is not searchable: {last_title!r}")
    ref_s = _reference_import(workdir / f"import_ref{base_cards}.db", paths)
    # How much of our time is reading and parsing the files (the reference parses nothing).
    t0 = time.perf_counter()
    for path in paths:
        read_document(path)
    parse_s = time.perf_counter() - t0
    log(
        f"[import {files}] committed {committed_s:.1f} s, searchable {searchable_s:.1f} s "
        f"(reading and parsing alone {parse_s:.1f} s); sqlite3+FTS5 {ref_s:.2f} s"
    )
    ref_rate = files / ref_s
    reference = "sqlite3+FTS5 insert of the files' text, 1 tx/file"
    rows = []
    for measure, seconds in (
        ("import: committed", committed_s),
        ("import: searchable", searchable_s),
    ):
        rate = files / seconds
        rows.append(
            Row(
                files,
                measure,
                "files/s",
                rate,
                ref_rate,
                f">= {IMPORT_TARGET:.0f}/s",
                rate >= IMPORT_TARGET,
                reference_name=reference,
            )
        )
    if details is not None:
        details[f"import{files}"] = {
            "base_cards": base_cards,
            "committed_s": committed_s,
            "searchable_s": searchable_s,
            "reference_s": ref_s,
            "parse_s": parse_s,
            "formats": sorted({p.suffix for p in paths}),
        }
    return rows


# -- exports -------------------------------------------------------------------------------


def _ms(fn: Callable[[], object], repeats: int) -> list[float]:
    fn()  # warm caches (templates, compiled SQL) as a user's second export would have them
    times: list[float] = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return times


def _connect(library: Library) -> sqlite3.Connection:
    # as_uri() escapes "?", "#" and "%" in the path; "file:" + path would not.
    return sqlite3.connect(f"{library.path.resolve().as_uri()}?mode=ro", uri=True)


def _floor_map(library: Library, out: Path) -> None:
    """The map's rows (the motion's cards, their cite and what links to them) in one query."""
    with _connect(library) as conn:
        rows = conn.execute(
            "SELECT c.side, c.kind, c.tag, c.cite_author, c.cite_date, l.kind, l.from_id "
            "FROM cards c LEFT JOIN links l ON l.to_id = c.id "
            "WHERE c.motion_id = ? ORDER BY c.side, c.position, c.id, l.id",
            (MOTION_ID,),
        ).fetchall()
    lines = ["| side | kind | tag | cite | link |", "| --- | --- | --- | --- | --- |"]
    lines += [
        f"| {s} | {k} | {t} | {a} {d} | {lk or ''} {to or ''} |" for s, k, t, a, d, lk, to in rows
    ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _floor_brief(library: Library, brief_id: int, out: Path) -> None:
    """The brief's cards in order with their cite and quote, in one query, a few lines each."""
    with _connect(library) as conn:
        rows = conn.execute(
            "SELECT s.title, c.tag, c.cite_author, c.cite_date, c.cite_title, c.cite_outlet, "
            "c.quote, c.notes FROM brief_sections s JOIN brief_items i ON i.section_id = s.id "
            "JOIN cards c ON c.id = i.card_id WHERE s.brief_id = ? ORDER BY s.position, i.position",
            (brief_id,),
        ).fetchall()
    lines: list[str] = []
    section = None
    for title, tag, author, date, cite_title, outlet, quote, notes in rows:
        if title != section:
            section = title
            lines.append(f"\n### {title}\n")
        lines += [f"#### {tag}", f"{author} {date}, {cite_title}, {outlet}", f"> {quote}", notes]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _floor_packet(library: Library, out: Path) -> None:
    """The packet's sources (with their texts) and cards in two queries; Markdown and HTML."""
    with _connect(library) as conn:
        sources = conn.execute(
            "SELECT id, title, author, date, outlet, text FROM sources WHERE id IN "
            "(SELECT source_id FROM cards WHERE motion_id = ?) ORDER BY id",
            (MOTION_ID,),
        ).fetchall()
        cards = conn.execute(
            "SELECT side, kind, tag, cite_author, cite_date, quote FROM cards "
            "WHERE motion_id = ? ORDER BY side, position, id",
            (MOTION_ID,),
        ).fetchall()
    md: list[str] = []
    page: list[str] = []
    for n, (_, title, author, date, outlet, text) in enumerate(sources, 1):
        md.append(f"### {n}. {title}\n\n{author}, {date}, {outlet}\n")
        page.append(f"<h3>{n}. {html.escape(title)}</h3>")
        for k, paragraph in enumerate(text.split("\n\n"), 1):
            md.append(f"**¶{k}** {paragraph}\n")
            page.append(f"<p><b>¶{k}</b> {html.escape(paragraph)}</p>")
    for side, kind, tag, author, date, quote in cards:
        md.append(f"- **{tag}** ({side}, {kind}) {author} {date}\n  > {quote}")
        page.append(
            f"<li><b>{html.escape(tag)}</b> <blockquote>{html.escape(quote)}</blockquote></li>"
        )
    out.write_text("\n".join(md) + "\n", encoding="utf-8")
    out.with_suffix(".html").write_text("<html><body>\n" + "\n".join(page) + "\n</body></html>\n")


def _build_brief(library: Library, cards: int) -> int:
    """A brief of exactly ``cards`` cards of motion 1, made with the brief actions."""
    brief = library.create_brief(MOTION_ID, Side.A, "Benchmark brief", outline=True)
    in_brief = [cid for section in brief.sections for cid in section.card_ids]
    if len(in_brief) > cards:
        raise RuntimeError(f"the outline already holds {len(in_brief)} cards (> {cards})")
    if len(in_brief) < cards:
        # Top up from the motion's other cards, as a user dragging cards in would.
        brief = library.add_brief_section(brief.id, "More evidence")
        section_id = brief.sections[-1].id
        taken = set(in_brief)
        extra = [c.id for c in library.cards(motion_id=MOTION_ID) if c.id not in taken]
        for card_id in extra[: cards - len(in_brief)]:
            library.add_to_brief(section_id, card_id)
        brief = library.brief(brief.id)
    total = sum(len(section.card_ids) for section in brief.sections)
    if total != cards:
        raise RuntimeError(f"the benchmark brief holds {total} cards, not {cards}")
    return brief.id


def bench_exports(
    workdir: Path,
    *,
    repeats: int = EXPORT_REPEATS,
    log: Log = _quiet,
    details: dict[str, Any] | None = None,
) -> list[Row]:
    """Map (~500 arguments), brief (1,000 cards), packet (50 sources): ms p50 of ``repeats``."""
    rows: list[Row] = []
    out = workdir / "exports"
    out.mkdir(parents=True, exist_ok=True)
    reference = "raw SQL of the same rows + minimal writer"
    info: dict[str, Any] = {}

    def add(size: int, measure: str, ours: list[float], ref: list[float]) -> None:
        rows.append(
            Row(size, measure, "ms", percentile(ours, 50), percentile(ref, 50), "", None, reference)
        )
        info[measure] = {"ours_ms": ours, "reference_ms": ref}
        log(f"[exports {size}] {measure}: {percentile(ours, 50):.0f} ms")

    big = workdir / f"export_lib{MAP_CARDS}"
    write_library(big, Sizes.for_cards(MAP_CARDS))
    with Library.open(big, starter=False, index=False) as library:
        library.reindex()
        bundle = library.motion_bundle(MOTION_ID)
        arguments = sum(1 for card in bundle.cards if card.kind.value == "argument")
        info["map_arguments"] = arguments
        ours = _ms(lambda: library.export_map(out / "map.md", motion_id=MOTION_ID), repeats)
        ref = _ms(lambda: _floor_map(library, out / "map_floor.md"), repeats)
        add(MAP_CARDS, f"export map {arguments} args", ours, ref)

        brief_id = _build_brief(library, BRIEF_CARDS)
        ours = _ms(lambda: library.export_brief(out / "brief.md", brief_id=brief_id), repeats)
        ref = _ms(lambda: _floor_brief(library, brief_id, out / "brief_floor.md"), repeats)
        add(MAP_CARDS, f"export brief {BRIEF_CARDS} cards", ours, ref)

    small = workdir / f"export_lib{PACKET_CARDS}"
    write_library(small, Sizes.for_cards(PACKET_CARDS))
    with Library.open(small, starter=False, index=False) as library:
        library.reindex()
        sources = len(library.motion_bundle(MOTION_ID).sources)
        info["packet_sources"] = sources

        def packet() -> None:
            library.export_packet(out / "packet.md", motion_id=MOTION_ID, variant="teacher")

        ours = _ms(packet, repeats)
        ref = _ms(lambda: _floor_packet(library, out / "packet_floor.md"), repeats)
        add(PACKET_CARDS, f"export packet {sources} srcs", ours, ref)
    if details is not None:
        details["exports"] = info
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="DebatePrep import and export (issue 4)")
    parser.add_argument("--files", type=int, default=IMPORT_FILES, help="article files to import")
    parser.add_argument("--base-cards", type=int, default=0, help="cards in the library first")
    parser.add_argument("--repeats", type=int, default=EXPORT_REPEATS, help="export repetitions")
    parser.add_argument("--only", choices=("import", "exports"), help="run one part")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--workdir", type=Path, help="keep generated files here (must be empty)")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    rows: list[Row] = []
    details: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="dp-io-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        if any(workdir.iterdir()):
            parser.error(f"{workdir} is not empty; use an empty --workdir")
        if args.only != "exports":
            rows += bench_import(
                workdir, args.files, base_cards=args.base_cards, log=log, details=details
            )
        if args.only != "import":
            rows += bench_exports(workdir, repeats=args.repeats, log=log, details=details)
    print(format_table(rows))
    if args.json:
        payload = {
            "machine": {"python": sys.version.split()[0], "platform": platform.platform()},
            "rows": [asdict(r) | {"ratio": r.ratio} for r in rows],
            "details": details,
        }
        args.json.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
