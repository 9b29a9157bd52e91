"""Import a plain-text article (.txt, .text): the decoded text as is, with a guessed title.

Plain text carries no metadata, so only the title is inferred: the first line when it looks like
a headline, else the file name. The title line stays in the text because it is part of the
article and users may quote it.
"""

from __future__ import annotations

from debateprep.importers.decoding import decode_text
from debateprep.importers.document import ImportedDocument, base_name, title_from_text


def parse_text(data: bytes, name: str) -> ImportedDocument:
    """Decode a plain-text file into a document titled by its first line or its name."""
    text = decode_text(data, name)
    return ImportedDocument(text=text, title=title_from_text(text, name), origin=base_name(name))
