"""Export actions: render a brief, the side-by-side map or a classroom packet and write it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from debateprep import exporters, paths
from debateprep.actions.base import ActionsBase
from debateprep.actions.briefs import brief_or_outline
from debateprep.convert import card_record, link_record, motion_record, source_record
from debateprep.errors import UserError
from debateprep.export_target import check_export_target
from debateprep.files import write_bytes
from debateprep.formats import CiteStyle, check_cite_style
from debateprep.models import Card, Link, Source
from debateprep.progress import Report
from debateprep.records import BriefRecord, MotionBundle, Side

Variant = Literal["teacher", "worksheet"]
VARIANTS: tuple[Variant, ...] = ("teacher", "worksheet")


class ExportActions(ActionsBase):
    def export_target(self, out: Path) -> Path:
        """``out`` (``~`` expanded) if an export may write it; UserError for the library's
        own files (database, journals, lock, index folder) or any other database.

        The writers check again; callers check first so a refusal comes before the work.
        """
        return check_export_target(out, self._store.db_path)

    def write_export(self, out: Path, data: str | bytes) -> Path:
        """Write an export to ``out`` atomically, never over the library's own files."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        return write_bytes(out, payload, library_db=self._store.db_path)

    def motion_bundle(
        self, motion_id: int, *, extra_card_ids: Collection[int] = (), texts: bool = False
    ) -> MotionBundle:
        """The motion's cards, links and quoted sources, loaded in one transaction."""
        with self._store.read() as session:
            return _load_bundle(session, self, motion_id, extra_card_ids, texts)

    def render_brief(self, brief: BriefRecord, *, cite_style: CiteStyle = "debate") -> str:
        check_cite_style(cite_style)
        cards = {card_id for section in brief.sections for card_id in section.card_ids}
        bundle = self.motion_bundle(brief.motion_id, extra_card_ids=cards)
        return exporters.render_brief(brief, bundle, cite_style=cite_style)

    def render_map(
        self, motion_id: int, *, blank_answers: bool = False, cite_style: CiteStyle = "debate"
    ) -> str:
        check_cite_style(cite_style)
        return exporters.render_map(
            self.motion_bundle(motion_id), blank_answers=blank_answers, cite_style=cite_style
        )

    def render_packet(
        self,
        motion_id: int,
        variant: Variant = "teacher",
        *,
        cite_style: CiteStyle = "debate",
        progress: Report | None = None,
    ) -> tuple[str, str]:
        """The packet as (Markdown, standalone HTML); ``progress`` hears the HTML's making
        and may raise to stop it."""
        if variant not in VARIANTS:
            raise UserError(f"Unknown packet variant {variant!r}; use teacher or worksheet.")
        check_cite_style(cite_style)
        bundle = self.motion_bundle(motion_id, texts=True)
        css = paths.resource("packet.css").read_text(encoding="utf-8")
        markdown_text = exporters.render_packet_markdown(bundle, variant, cite_style=cite_style)
        # The HTML is that same Markdown rendered: pass it rather than build it twice.
        html_text = exporters.render_packet_html(
            bundle, variant, css=css, markdown_text=markdown_text, progress=progress
        )
        return markdown_text, html_text

    def export_brief(
        self,
        out: Path,
        *,
        brief_id: int | None = None,
        motion_id: int | None = None,
        side: str | Side = Side.A,
        cite_style: CiteStyle = "debate",
    ) -> Path:
        """Write a stored brief, or the default outline of a motion's side, as Markdown."""
        with self._store.read() as session:
            brief = brief_or_outline(session, brief_id, motion_id, side)
        self.export_target(out)
        return self.write_export(out, self.render_brief(brief, cite_style=cite_style))

    def export_map(
        self, out: Path, *, motion_id: int | None = None, cite_style: CiteStyle = "debate"
    ) -> Path:
        self.export_target(out)
        return self.write_export(
            out, self.render_map(self._resolve_motion(motion_id), cite_style=cite_style)
        )

    def export_packet(
        self,
        out: Path,
        *,
        motion_id: int | None = None,
        variant: Variant = "teacher",
        cite_style: CiteStyle = "debate",
        progress: Report | None = None,
    ) -> tuple[Path, Path]:
        """Write the packet as ``out`` (Markdown) and the same name with ``.html``."""
        html_path = packet_html_path(out)
        # Both targets before any work: neither file is written if either is refused.
        self.export_target(out)
        self.export_target(html_path)
        markdown_text, html_text = self.render_packet(
            self._resolve_motion(motion_id), variant, cite_style=cite_style, progress=progress
        )
        return self.write_export(out, markdown_text), self.write_export(html_path, html_text)

    def _resolve_motion(self, motion_id: int | None) -> int:
        with self._store.read() as session:
            return self._motion_or_default(session, motion_id).id


def packet_html_path(out: Path) -> Path:
    """Where a Markdown packet's HTML copy goes: beside it, with ``.html``."""
    html_path = out.with_suffix(".html")
    if html_path == out:
        raise UserError("Give the packet a .md file name; the HTML copy goes beside it.")
    return html_path


def _load_bundle(
    session: Session,
    actions: ActionsBase,
    motion_id: int,
    extra_card_ids: Collection[int],
    with_texts: bool,
) -> MotionBundle:
    motion = motion_record(actions._motion(session, motion_id))
    condition = Card.motion_id == motion_id
    if extra_card_ids:
        condition = condition | Card.id.in_(extra_card_ids)
    cards = session.scalars(
        select(Card)
        .where(condition)
        .options(selectinload(Card.labels))
        .order_by(Card.side, Card.position, Card.id)
    ).all()
    ids = {card.id for card in cards}
    links = session.scalars(
        select(Link).where(Link.from_id.in_(ids), Link.to_id.in_(ids)).order_by(Link.id)
    ).all()
    source_ids = {card.source_id for card in cards if card.source_id is not None}
    sources = session.scalars(
        select(Source).where(Source.id.in_(source_ids)).order_by(Source.id)
    ).all()
    # One pass over the cards (counting per source by scanning them all was sources x cards).
    counts = Counter(card.source_id for card in cards if card.source_id is not None)
    return MotionBundle(
        motion=motion,
        cards=tuple(card_record(card) for card in cards),
        links=tuple(link_record(link) for link in links),
        sources=tuple(source_record(source, counts[source.id]) for source in sources),
        texts={source.id: source.text for source in sources} if with_texts else {},
    )
