"""Who made and who last changed a row, stamped on every write session's flush.

New sources, motions, cards, links and briefs get the writer as ``owner`` (in a class library
the server's row-level security checks that it is the database user writing); a changed card
or brief records ``updated_by``. A change to a brief's sections or items counts as a change to
the brief, so its version moves and a concurrent edit of the same brief is noticed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, object_session, sessionmaker
from sqlalchemy.orm.attributes import flag_modified

from debateprep.storage.models import (
    Brief,
    BriefItem,
    BriefSection,
    Card,
    Link,
    Motion,
    Source,
    utc_now,
)

_OWNED = (Source, Motion, Card, Link, Brief)


def stamp_writes(factory: sessionmaker[Session], user: str) -> None:
    """Every session ``factory`` makes stamps owner and updated_by with ``user``."""

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        briefs: set[int] = set()
        for obj in session.new:
            if isinstance(obj, _OWNED) and not obj.owner:
                obj.owner = user
            if isinstance(obj, Card | Brief):
                obj.updated_by = user
            _note_brief(obj, briefs)
        for obj in list(session.dirty) + list(session.deleted):
            if isinstance(obj, Card | Brief) and session.is_modified(
                obj, include_collections=False
            ):
                obj.updated_by = user
            _note_brief(obj, briefs)
        for brief_id in briefs:
            brief = session.get(Brief, brief_id)
            if brief is not None and brief not in session.deleted:
                # Touching it makes the ORM bump its version (version_id_col); flagged, since
                # the same user within the same second would otherwise be no change at all.
                brief.updated_by = user
                brief.updated_at = utc_now()
                flag_modified(brief, "updated_at")

    event.listen(factory, "before_flush", before_flush)


def _note_brief(obj: object, briefs: set[int]) -> None:
    session = object_session(obj)
    if isinstance(obj, Brief) and obj.id is not None and session is not None:
        # Only its list of sections changed (a section added): still a change of the brief.
        if session.is_modified(obj):
            briefs.add(obj.id)
    elif isinstance(obj, BriefSection) and obj.brief_id is not None:
        briefs.add(obj.brief_id)
    elif isinstance(obj, BriefItem) and obj.section_id is not None:
        section = session.get(BriefSection, obj.section_id) if session is not None else None
        if section is not None:
            briefs.add(section.brief_id)
