"""The database schema as SQLAlchemy 2.x typed ORM classes.

Only portable column types and constraints live here; SQLite specifics belong in ``db.py``
so the same models can run on PostgreSQL for a class's shared library.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column, relationship

# Bump with a step in ``debateprep/storage/migrations.py``: 1 = first release; 2 = created/updated
# timestamps on sources and cards, and an index on card labels; 3 = a level on brief sections
# (1 pocket, 2 hat, 3 block: Verbatim's Heading 1-3); 4 = where each page of an imported PDF
# starts in its source's text, and the printed page numbers (sources.pages), the spans of
# boilerplate hidden from the default view (sources.hidden), and a quoted speaker on cards;
# 5 = the user's alias edits (aliases: added, or learned/built-in ones removed); 6 = a class
# library's bookkeeping: who owns each source, motion, card, link and brief, a version on
# cards, links and briefs (a save over somebody else's newer change is refused), who changed
# a card or brief last, locked motions, and the change log clients follow (change_log).
SCHEMA_VERSION = 6

# Rows from before version 2 have no known time; they keep this empty value, never a guess.
UNKNOWN_TIME = ""


def utc_now() -> str:
    """The current time as ISO 8601 text in UTC, e.g. ``2024-01-15T10:00:00+00:00``."""
    # Text, not a DateTime column: portable, sorts correctly, and reads the same everywhere.
    return datetime.now(UTC).isoformat(timespec="seconds")


def _created_at() -> MappedColumn[str]:
    # server_default keeps a freshly created table identical to one upgraded by ALTER TABLE.
    return mapped_column(String(32), default=utc_now, server_default=UNKNOWN_TIME)


def _updated_at() -> MappedColumn[str]:
    return mapped_column(String(32), default=utc_now, onupdate=utc_now, server_default=UNKNOWN_TIME)


def _owner() -> MappedColumn[str]:
    # Schema 6: the database user who made the row ('' in a personal library and for rows
    # from before version 6). A class library's row-level security policies read it.
    return mapped_column(Text, default="", server_default="")


def _version() -> MappedColumn[int]:
    # Schema 6: bumped by every ORM update (``version_id_col``), so an update based on an
    # older read changes nothing and fails instead of overwriting somebody else's save.
    return mapped_column(Integer, default=1, server_default=sql_text("1"))


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key/value facts about the library: schema version, change counter, starter flag."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")
    qualifications: Mapped[str] = mapped_column(Text, default="")
    outlet: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[str] = mapped_column(String(64), default="")
    url: Mapped[str] = mapped_column(Text, default="")
    accessed: Mapped[str] = mapped_column(String(64), default="")
    lean: Mapped[str] = mapped_column(String(64), default="")
    origin: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Bookkeeping only: kept out of records and exports so those stay deterministic.
    created_at: Mapped[str] = _created_at()
    updated_at: Mapped[str] = _updated_at()
    # Schema 4 (last, in the order ALTER TABLE adds them). PDF pages as JSON: {"starts":
    # [0, 2588], "labels": ["1043", "1044"]}, where each page's text starts and its printed
    # number; boilerplate spans of ``text`` hidden from the default view: [[start, end], ...].
    pages: Mapped[str] = mapped_column(Text, default="", server_default="")
    hidden: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner: Mapped[str] = _owner()

    cards: Mapped[list[Card]] = relationship(back_populates="source")


class Motion(Base):
    __tablename__ = "motions"

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution: Mapped[str] = mapped_column(Text)
    side_a: Mapped[str] = mapped_column(String(200))
    side_b: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = _owner()
    # Schema 6: 1 when the teacher has locked the motion: only teachers change it or its cards.
    locked: Mapped[int] = mapped_column(Integer, default=0, server_default=sql_text("0"))


class Card(Base):
    """An argument, counterargument or evidence card; evidence keeps its exact span."""

    __tablename__ = "cards"
    __table_args__ = (
        CheckConstraint("kind IN ('argument', 'counterargument', 'evidence')", name="card_kind"),
        CheckConstraint("side IN ('A', 'B')", name="card_side"),
        CheckConstraint(
            "(kind = 'evidence') = (source_id IS NOT NULL)", name="evidence_has_source"
        ),
        Index("ix_cards_motion_side", "motion_id", "side", "position"),
        Index("ix_cards_source", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    side: Mapped[str] = mapped_column(String(1))
    tag: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    motion_id: Mapped[int | None] = mapped_column(
        ForeignKey("motions.id", ondelete="SET NULL"), nullable=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Evidence only. Deleting a quoted source is refused by the facade, and RESTRICT backs it.
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="RESTRICT"), nullable=True
    )
    start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quote: Mapped[str] = mapped_column(Text, default="")
    # JSON list of [start, end] pairs inside the quote; stored as text to stay portable.
    highlights: Mapped[str] = mapped_column(Text, default="[]")
    cite_author: Mapped[str] = mapped_column(Text, default="")
    cite_qualifications: Mapped[str] = mapped_column(Text, default="")
    cite_date: Mapped[str] = mapped_column(String(64), default="")
    cite_title: Mapped[str] = mapped_column(Text, default="")
    cite_outlet: Mapped[str] = mapped_column(Text, default="")
    cite_url: Mapped[str] = mapped_column(Text, default="")
    cite_accessed: Mapped[str] = mapped_column(String(64), default="")
    # Set by the ORM; label-only edits touch card_labels, not this row, so they leave it.
    created_at: Mapped[str] = _created_at()
    updated_at: Mapped[str] = _updated_at()
    # Schema 4: who the quote's words belong to when not the source's author, and their
    # qualifications. After the timestamps, as ALTER TABLE
    # adds them; server_default keeps a new table identical to an upgraded one.
    speaker: Mapped[str] = mapped_column(Text, default="", server_default="")
    speaker_quals: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner: Mapped[str] = _owner()
    version: Mapped[int] = _version()
    updated_by: Mapped[str] = mapped_column(Text, default="", server_default="")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's own dict)

    source: Mapped[Source | None] = relationship(back_populates="cards")
    labels: Mapped[list[CardLabel]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="CardLabel.label"
    )


class CardLabel(Base):
    __tablename__ = "card_labels"
    # The primary key starts with card_id; filtering the map by a label needs its own index.
    __table_args__ = (Index("ix_card_labels_label", "label"),)

    card_id: Mapped[int] = mapped_column(
        ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True
    )
    label: Mapped[str] = mapped_column(String(100), primary_key=True)


class Link(Base):
    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("kind", "from_id", "to_id", name="uq_link"),
        CheckConstraint("from_id <> to_id", name="no_self_link"),
        CheckConstraint("kind IN ('supports', 'answers')", name="link_kind"),
        Index("ix_links_to", "to_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    from_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    to_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    owner: Mapped[str] = _owner()
    version: Mapped[int] = _version()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Brief(Base):
    __tablename__ = "briefs"

    id: Mapped[int] = mapped_column(primary_key=True)
    motion_id: Mapped[int] = mapped_column(ForeignKey("motions.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(1))
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = _owner()
    version: Mapped[int] = _version()
    updated_by: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[str] = _updated_at()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    sections: Mapped[list[BriefSection]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="BriefSection.position"
    )


class BriefSection(Base):
    __tablename__ = "brief_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    brief_id: Mapped[int] = mapped_column(ForeignKey("briefs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    # 1 pocket, 2 hat, 3 block (records.SectionLevel); sections from before version 3 are
    # blocks. server_default keeps a new table identical to one upgraded by ALTER TABLE.
    level: Mapped[int] = mapped_column(Integer, default=3, server_default=sql_text("3"))

    items: Mapped[list[BriefItem]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="BriefItem.position"
    )


class BriefItem(Base):
    __tablename__ = "brief_items"
    __table_args__ = (UniqueConstraint("section_id", "card_id", name="uq_brief_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("brief_sections.id", ondelete="CASCADE"))
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)


class AliasEdit(Base):
    """The user's alias edits: an added alias ('user') or a learned/built-in one hidden
    ('removed'). The learned aliases themselves are derived from the texts, not stored."""

    __tablename__ = "aliases"
    __table_args__ = (CheckConstraint("origin IN ('user', 'removed')", name="alias_origin"),)

    short: Mapped[str] = mapped_column(Text, primary_key=True)
    long: Mapped[str] = mapped_column(Text, primary_key=True)
    origin: Mapped[str] = mapped_column(Text)


class ChangeLog(Base):
    """One row per committed write action of a class library, numbered by the change counter
    (assigned in commit order): clients bring their search index and open views up to date
    by reading the rows after the last number they saw. Personal libraries leave it empty."""

    __tablename__ = "change_log"

    counter: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    actor: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[str] = mapped_column(String(32), default=utc_now)
    summary: Mapped[str] = mapped_column(Text, default="")
    # JSON lists of index keys ("card:12", "source:3") written and deleted.
    upserts: Mapped[str] = mapped_column(Text, default="[]")
    deletes: Mapped[str] = mapped_column(Text, default="[]")
