"""The three read-aloud levels stay visible and distinct in the PDF (Qt's rich text)."""

from __future__ import annotations

import markdown
from PySide6.QtGui import QTextDocument

from debateprep.records import Highlight, ReadLevel
from debateprep.render.qt_html import adapt_for_qt
from debateprep.text.readmarks import leveled_paragraphs


def test_levels_print_underlined_italic_and_bold(qapp: object) -> None:
    quote = "The plan saves lives and costs little."
    marks = (
        Highlight(0, 8, ReadLevel.UNDERLINE),
        Highlight(9, 14, ReadLevel.EMPHASIS),
        Highlight(15, 20, ReadLevel.HIGHLIGHT),
    )
    html = markdown.markdown("> " + leveled_paragraphs(quote, marks)[0])
    adapted = adapt_for_qt(html, 10)
    assert "<u>The plan</u>" in adapted and "<ins>" not in adapted
    document = QTextDocument()
    document.setHtml(adapted)
    formats = {}
    it = document.begin().begin()
    while not it.atEnd():
        fragment = it.fragment()
        formats[fragment.text().strip()] = fragment.charFormat()
        it += 1
    assert formats["The plan"].fontUnderline() and not formats["The plan"].fontItalic()
    assert formats["saves"].fontItalic() and not formats["saves"].fontUnderline()
    assert formats["lives"].fontWeight() > 400 and not formats["lives"].fontUnderline()
