"""Shared lookups for the action groups: fetch a row by id or fail with a clear message."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from debateprep.errors import UserError
from debateprep.models import Brief, BriefSection, Card, Motion, Source
from debateprep.store import Store


class ActionsBase:
    """What every action group needs: the store and typed, user-friendly lookups."""

    _store: Store

    @staticmethod
    def _source(session: Session, source_id: int) -> Source:
        source = session.get(Source, source_id)
        if source is None:
            raise UserError(f"There is no source with id {source_id}.")
        return source

    @staticmethod
    def _card(session: Session, card_id: int) -> Card:
        card = session.get(Card, card_id, options=[selectinload(Card.labels)])
        if card is None:
            raise UserError(f"There is no card with id {card_id}.")
        return card

    @staticmethod
    def _motion(session: Session, motion_id: int) -> Motion:
        motion = session.get(Motion, motion_id)
        if motion is None:
            raise UserError(f"There is no motion with id {motion_id}.")
        return motion

    @staticmethod
    def _brief(session: Session, brief_id: int) -> Brief:
        brief = session.get(Brief, brief_id)
        if brief is None:
            raise UserError(f"There is no brief with id {brief_id}.")
        return brief

    @staticmethod
    def _section(session: Session, section_id: int) -> BriefSection:
        section = session.get(BriefSection, section_id)
        if section is None:
            raise UserError(f"There is no brief section with id {section_id}.")
        return section

    @staticmethod
    def _motion_or_default(session: Session, motion_id: int | None) -> Motion:
        """The named motion, or the library's first one when none is named."""
        if motion_id is not None:
            return ActionsBase._motion(session, motion_id)
        motion = session.scalar(select(Motion).order_by(Motion.id).limit(1))
        if motion is None:
            raise UserError("This library has no motion yet; create one first.")
        return motion

    @staticmethod
    def _next_position(session: Session, motion_id: int | None, side: str) -> int:
        current = session.scalar(
            select(func.max(Card.position)).where(Card.motion_id == motion_id, Card.side == side)
        )
        return 0 if current is None else current + 1
