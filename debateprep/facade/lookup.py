"""Shared lookups for the action parts: fetch a row by id or fail with a clear message.

Plain functions of a session, so every part (and helpers such as ``bundles``) uses the same
messages without inheriting them.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from debateprep.errors import UserError
from debateprep.storage.models import Brief, BriefSection, Card, Motion, Source


def source(session: Session, source_id: int) -> Source:
    row = session.get(Source, source_id)
    if row is None:
        raise UserError(f"There is no source with id {source_id}.")
    return row


def card(session: Session, card_id: int) -> Card:
    row = session.get(Card, card_id, options=[selectinload(Card.labels)])
    if row is None:
        raise UserError(f"There is no card with id {card_id}.")
    return row


def motion(session: Session, motion_id: int) -> Motion:
    row = session.get(Motion, motion_id)
    if row is None:
        raise UserError(f"There is no motion with id {motion_id}.")
    return row


def brief(session: Session, brief_id: int) -> Brief:
    row = session.get(Brief, brief_id)
    if row is None:
        raise UserError(f"There is no brief with id {brief_id}.")
    return row


def section(session: Session, section_id: int) -> BriefSection:
    row = session.get(BriefSection, section_id)
    if row is None:
        raise UserError(f"There is no brief section with id {section_id}.")
    return row


def motion_or_default(session: Session, motion_id: int | None) -> Motion:
    """The named motion, or the library's first one when none is named."""
    if motion_id is not None:
        return motion(session, motion_id)
    row = session.scalar(select(Motion).order_by(Motion.id).limit(1))
    if row is None:
        raise UserError("This library has no motion yet; create one first.")
    return row


def next_position(session: Session, motion_id: int | None, side: str) -> int:
    current = session.scalar(
        select(func.max(Card.position)).where(Card.motion_id == motion_id, Card.side == side)
    )
    return 0 if current is None else current + 1
