"""The classroom packet's questions, and the model answers the teacher copy gives under them.

Every model answer is computed from the bundle, so it fits any motion: the strongest-evidence
argument per side (Q1), a model answer for each row of the argument map (Q2), and each
source's author, qualifications, date and outlet with what is missing flagged (Q3). A row
nobody answers says so visibly, so the teacher sees the gap instead of a silent omission.
"""

from __future__ import annotations

import re

from debateprep.exporters.argument_map import side_rows
from debateprep.records import CardKind, CardRecord, MotionBundle, ReadLevel, Side, SourceRecord
from debateprep.text import citations  # module import: citations itself imports markdown_text
from debateprep.text.bundleindex import BundleIndex, display_tag, short_side_name, side_label
from debateprep.text.cite_fields import clean_field
from debateprep.text.cite_gaps import cite_gaps, gaps_text
from debateprep.text.intervals import merge_spans
from debateprep.text.markdown_text import collapse_whitespace, escape_inline, strong
from debateprep.text.note_kinds import caveats
from debateprep.text.plural import plural

QUESTIONS = (
    "Which argument on each side has the strongest evidence? Why?",
    "Choose one blank cell of the argument map and write the best counterargument you can. "
    "Which evidence card supports it, and which words of the quote would you read aloud?",
    "Compare two sources that disagree, using the Sources list: it shows each source's "
    "author, qualifications, date and outlet, and flags any that are missing. How do they "
    "affect how far you trust each one?",
)
MODEL_ANSWER = "*Model answer:*"
NO_MODEL_ANSWER = "⚠ No model answer yet:"
NO_ANSWER_EVIDENCE = "⚠ No evidence card supports this answer yet."
# A quote's first sentence ends with . ! or ? (and any closing quote) before a space.
_SENTENCE_END = re.compile(r"[.!?][”\"’')]*(?=\s|$)")


def question_line(number: int, question: str) -> str:
    """``**1.** Which argument…``: numbered the same way in both variants."""
    return f"**{number}.** {question}"


def source_gaps(source: SourceRecord) -> tuple[str, ...]:
    """What a source's cite lacks ("author", "date", "qualifications"), then "outlet"."""
    gaps = cite_gaps(source.cite)
    return (*gaps, "outlet") if not clean_field(source.outlet) else gaps


def source_flag(source: SourceRecord) -> str:
    """`` — ⚠ no author, no date`` after a reference in the Sources list; "" when complete."""
    gaps = source_gaps(source)
    return f" — ⚠ *{gaps_text(gaps)}*" if gaps else ""


def _side(bundle: MotionBundle, side: Side) -> str:
    """ "Pro" for "Pro: for sanctuary policies": the answers name sides often."""
    return escape_inline(short_side_name(side_label(bundle.motion, side)))


def _cite(card: CardRecord, index: BundleIndex, cite_style: citations.CiteStyle) -> str:
    return escape_inline(citations.in_text_cite(index.cite_of(card), cite_style))


def _caveat_count(card: CardRecord, index: BundleIndex) -> int:
    return sum(len(caveats(evidence.notes)) for evidence in index.evidence_for(card.id))


def _clean_count(card: CardRecord, index: BundleIndex) -> int:
    """How many of a claim's evidence cards carry no caveat note."""
    return sum(not caveats(evidence.notes) for evidence in index.evidence_for(card.id))


def _strength(card: CardRecord, index: BundleIndex) -> tuple[int, int, int]:
    """Sort key, strongest first: cards without a caveat, then cards, then fewer caveats.

    Counting cards alone would crown the argument with the most anecdotes; a coach weighs
    the evidence that survives the same scepticism on both sides.
    """
    cards = len(index.evidence_for(card.id))
    return (-_clean_count(card, index), -cards, _caveat_count(card, index))


def _why(best: CardRecord, ranked: list[CardRecord], index: BundleIndex, side: str) -> str:
    """Why ``best`` ranks first against the runner-up, in the order :func:`_strength` uses."""
    if len(ranked) == 1:
        return f"it is the only {side} argument"
    runner = ranked[1]
    clean, other_clean = _clean_count(best, index), _clean_count(runner, index)
    cards, other_cards = len(index.evidence_for(best.id)), len(index.evidence_for(runner.id))
    other = escape_inline(display_tag(runner))
    if clean > other_clean:
        return (
            f"more evidence cards without a caveat than any other {side} argument "
            f"({clean} of {cards}; next best: {other_clean})"
        )
    if cards > other_cards:
        return (
            f"as many uncaveated cards as *{other}*, and more evidence cards "
            f"({cards} to {other_cards})"
        )
    if _caveat_count(best, index) < _caveat_count(runner, index):
        return f"as many evidence cards as *{other}*, but fewer caveats"
    return f"it ties with *{other}* on evidence cards and caveats; either is a good answer"


def _evidence_item(card: CardRecord, index: BundleIndex, cite_style: citations.CiteStyle) -> str:
    """``*tag* (cite; caveat: no data, anecdote)``."""
    kinds = ", ".join(dict.fromkeys(kind for kind, _text in caveats(card.notes)))
    caveat = f"; caveat: {kinds}" if kinds else "; no caveat"
    return f"*{escape_inline(display_tag(card))}* ({_cite(card, index, cite_style)}{caveat})"


def _strongest(
    bundle: MotionBundle, index: BundleIndex, side: Side, cite_style: citations.CiteStyle
) -> str:
    """One side's strongest-supported argument (see :func:`_strength`), with its counts and
    its cards' tags and caveats."""
    name = _side(bundle, side)
    ranked = sorted(
        (
            card
            for card in index.cards.values()
            if card.kind is CardKind.ARGUMENT and card.side is side
        ),
        key=lambda card: _strength(card, index),
    )
    if not ranked:
        return f"- {name}: {NO_MODEL_ANSWER} this side has no arguments."
    best = ranked[0]
    evidence = index.evidence_for(best.id)
    if not evidence:
        return f"- {name}: {NO_MODEL_ANSWER} no argument on this side has evidence."
    counts = (
        plural(len(evidence), "evidence card") + ", " + plural(_caveat_count(best, index), "caveat")
    )
    cards = "; ".join(_evidence_item(card, index, cite_style) for card in evidence)
    why = _why(best, ranked, index, name)
    return f"- {name}: {strong(display_tag(best))} ({counts}): {cards}. Why: {why}."


def read_aloud(card: CardRecord) -> str:
    """The words of a card to read aloud: its highlights, else its quote's first sentence."""
    spans = merge_spans(
        sorted(
            (mark.start, mark.end) for mark in card.highlights if mark.level is ReadLevel.HIGHLIGHT
        )
    )
    pieces = [collapse_whitespace(card.quote[start:end]) for start, end in spans]
    words = " … ".join(piece for piece in pieces if piece)
    if not words:
        quote = collapse_whitespace(card.quote)
        end = _SENTENCE_END.search(quote)
        words = quote[: end.end()] if end else quote
    if not words:
        return "⚠ the card has no quote"
    # A quote that is itself a quotation already has its marks; do not double them.
    quoted = words[0] in '“"' and words[-1] in '”"'
    return escape_inline(words) if quoted else "“" + escape_inline(words) + "”"


def _answer_lines(
    answer: CardRecord, bundle: MotionBundle, index: BundleIndex, cite_style: citations.CiteStyle
) -> list[str]:
    side = _side(bundle, answer.side)
    lines = [f"    - Answer ({side}): {strong(display_tag(answer))}"]
    evidence = index.evidence_for(answer.id)
    if not evidence:
        lines[0] += " " + NO_ANSWER_EVIDENCE
    for card in evidence:
        lines.append(
            f"        - Evidence: *{escape_inline(display_tag(card))}* "
            f"({_cite(card, index, cite_style)}). Read aloud: {read_aloud(card)}"
        )
    return lines


def row_answers(
    bundle: MotionBundle, index: BundleIndex, cite_style: citations.CiteStyle
) -> list[str]:
    """Q2: for every row of the map, the counterarguments answering its argument, the
    evidence for each and the words to read aloud; a row nobody answers is flagged."""
    lines: list[str] = []
    for number, row in enumerate(side_rows(bundle), start=1):
        anchor = row.anchor
        side = _side(bundle, anchor.side)
        where = f"{strong(display_tag(anchor))} ({side})"
        answers = [
            card for card in index.answered_by(anchor.id) if card.kind is CardKind.COUNTERARGUMENT
        ]
        if not answers:
            lines.append(f"- Row {number}: {NO_MODEL_ANSWER} nobody answers {where}.")
            continue
        lines.append(f"- Row {number}: {where}")
        for answer in answers:
            lines += _answer_lines(answer, bundle, index, cite_style)
    return ["\n".join(lines) if lines else "*The map has no rows yet.*"]


def _quoted_by(source_id: int, index: BundleIndex) -> dict[Side, int]:
    """How many evidence cards of each side quote a source (sides with none left out)."""
    counts = {side: 0 for side in (Side.A, Side.B)}
    for card in index.cards.values():
        if card.is_evidence and card.source_id == source_id:
            counts[card.side] += 1
    return {side: n for side, n in counts.items() if n}


def _fact(label: str, value: str, missing: bool) -> str:
    if clean_field(value):
        return f"{label}: {escape_inline(value)}"
    return f"{label}: ⚠ missing" if missing else f"{label}: not needed (an organisation)"


def _quoted_text(bundle: MotionBundle, quoted: dict[Side, int]) -> str:
    if not quoted:
        return " Quoted by no card."
    parts = [f"{_side(bundle, side)} ({plural(n, 'card')})" for side, n in quoted.items()]
    return " Quoted by " + " and ".join(parts) + "."


def _comparison(bundle: MotionBundle, shares: dict[int, dict[Side, int]]) -> list[str]:
    """A pair of sources that disagree: the one each side leans on most, by its share of the
    source's cards (quoted by one side only counts as all)."""

    def leaning(side: Side) -> int | None:
        scored = [
            (quoted.get(side, 0) / sum(quoted.values()), quoted.get(side, 0), -n)
            for n, quoted in shares.items()
            if quoted.get(side, 0) * 2 > sum(quoted.values())
        ]
        return -max(scored)[2] if scored else None

    pro, con = leaning(Side.A), leaning(Side.B)
    if pro is None or con is None:
        return []

    def described(n: int, side: Side) -> str:
        quoted = shares[n]
        return (
            f"source {n} ({quoted[side]} of its {plural(sum(quoted.values()), 'card')} on "
            f"{_side(bundle, side)})"
        )

    return [
        f"To compare two that disagree: {described(pro, Side.A)} against {described(con, Side.B)}."
    ]


def source_facts(bundle: MotionBundle, index: BundleIndex) -> list[str]:
    """Q3: each source's author, qualifications, date, outlet and recorded stance, what is
    missing flagged, and which side quotes it how often; then a pair of sources to compare."""
    lines = []
    shares: dict[int, dict[Side, int]] = {}
    for source_id, n in index.source_numbers.items():
        source = index.sources[source_id]
        gaps = source_gaps(source)
        title = source.title if collapse_whitespace(source.title) else "Untitled source"
        facts = "; ".join(
            _fact(label, value, label in gaps)
            for label, value in (
                ("author", source.author),
                ("qualifications", source.qualifications),
                ("date", source.date),
                ("outlet", source.outlet),
            )
        )
        if clean_field(source.lean):
            facts += f"; stance: {escape_inline(source.lean)}"
        quoted = shares[n] = _quoted_by(source_id, index)
        lines.append(
            f"- {strong(f'{n}. {title}')}: {facts}."
            + (f" Missing: {gaps_text(gaps)}." if gaps else "")
            + _quoted_text(bundle, quoted)
        )
    if not lines:
        return ["*The packet has no sources.*"]
    return ["\n".join(lines), *_comparison(bundle, shares)]


def model_answers(
    bundle: MotionBundle, index: BundleIndex, cite_style: citations.CiteStyle
) -> list[list[str]]:
    """The model answers' Markdown blocks, one list per question of :data:`QUESTIONS`."""
    strongest = "\n".join(_strongest(bundle, index, side, cite_style) for side in (Side.A, Side.B))
    return [[strongest], row_answers(bundle, index, cite_style), source_facts(bundle, index)]


def questions_blocks(
    bundle: MotionBundle, index: BundleIndex, teacher: bool, cite_style: citations.CiteStyle
) -> list[str]:
    """The Questions section; the teacher copy has a model answer under each question."""
    answers = model_answers(bundle, index, cite_style) if teacher else [[] for _ in QUESTIONS]
    blocks = ["## Questions"]
    for number, (question, answer) in enumerate(zip(QUESTIONS, answers, strict=True), start=1):
        blocks.append(question_line(number, question))
        if teacher:
            blocks += [MODEL_ANSWER, *answer]
    return blocks
