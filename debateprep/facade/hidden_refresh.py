"""Hidden boilerplate spans computed again when the recogniser's rules have changed.

A source's hidden spans are computed once, at import, and stored (``sources.hidden``). When
``article_lines.HIDDEN_RULES`` moves on (it learned ">> READ MORE:" link lines), a library
opened afterwards gets every source's spans from the current rules, in one transaction, and
records the rules' version in ``meta`` so that this happens once. No importer stores spans
of its own (``importers.reader`` computes them from the text alone), so the recomputed spans
are exactly what importing the same file today would store. The text itself never changes,
so cards' offsets and quotes are untouched.

Only sources whose spans came from the recogniser are redone: those that already hide
something, and the bundled corpus (stored without spans before the rules learned its link
lines). A source without spans may be text the user pasted or typed, which keeps every line
by design, or a Verbatim file's cards; neither is touched. An imported article that had no
boilerplate under the old rules keeps its (empty) spans: we cannot tell it from those.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import select

from debateprep import paths
from debateprep.storage import db
from debateprep.storage.convert import dump_spans
from debateprep.storage.models import Source
from debateprep.text.article_lines import HIDDEN_RULES, hidden_spans

if TYPE_CHECKING:
    from debateprep.facade.library import Library

logger = logging.getLogger(__name__)

RULES_KEY = "hidden_rules"


def refresh_hidden_once(library: Library) -> int:
    """Recompute stored hidden spans if they predate the current rules; how many changed."""
    store = library._store
    with store.read() as session:
        if db.get_meta(session, RULES_KEY) == HIDDEN_RULES:
            return 0
    changed = 0
    with store.write() as tx:
        # Checked again inside the write lock: another process may have just done it.
        if db.get_meta(tx.session, RULES_KEY) == HIDDEN_RULES:
            return 0
        bundled = {path.name for path in paths.corpus_dir().glob("*.txt")}
        for source in tx.session.scalars(select(Source)):
            if not source.hidden and source.origin not in bundled:
                continue
            hidden = dump_spans(hidden_spans(source.text))
            if hidden != source.hidden:
                source.hidden = hidden
                tx.touch_source(source.id)
                changed += 1
        db.set_meta(tx.session, RULES_KEY, HIDDEN_RULES)
    if changed:
        logger.info("hid boilerplate lines again in %d source(s) (rules %s)", changed, HIDDEN_RULES)
    return changed
