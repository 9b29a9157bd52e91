"""The citation form: line edits for one source's citation fields, and what changed in them.

The form only shows and collects: it remembers the values it loaded so the library panel can
save just the fields the user changed (one undo step), and it takes newer stored values (an
undo, an edit elsewhere) without overwriting a field the user is still typing in.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from debateprep.records import SourceRecord

# Field name (as edit_source takes it), label, placeholder.
CITATION_FIELDS = (
    ("title", "T&itle", "Headline of the article"),
    ("author", "&Author", "Who wrote it"),
    ("qualifications", "&Quals", "Why the author is credible"),
    ("outlet", "&Outlet", "Publication or website"),
    ("date", "&Date", "e.g. 2017-03-27"),
    ("url", "&URL", "https://…"),
    ("accessed", "Accessed", "When you read it online"),
    ("lean", "Lean", "e.g. left, center, right"),
)


def _clean(value: str) -> str:
    # The facade collapses white space the same way; comparing cleaned text avoids
    # "changes" that are only stray spaces.
    return " ".join(value.split())


class CitationForm(QWidget):
    """Line edits for a source's citation; remembers what it loaded to find the changes."""

    editingFinished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("citationForm")
        self.setAccessibleName("Source citation")
        self.source_id: int | None = None
        self._loaded: dict[str, str] = {}
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        form.setContentsMargins(6, 6, 6, 6)
        form.setVerticalSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, placeholder in CITATION_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"citation_{name}")
            edit.setAccessibleName(f"Source {name}")
            edit.setPlaceholderText(placeholder)
            edit.setClearButtonEnabled(False)
            edit.editingFinished.connect(self.editingFinished)
            self.fields[name] = edit
            form.addRow(label, edit)
        self.load(None)

    def load(self, source: SourceRecord | None) -> None:
        """Show ``source`` (None: an empty, disabled form)."""
        self.source_id = source.id if source is not None else None
        self._loaded = {name: getattr(source, name) if source else "" for name in self.fields}
        for name, edit in self.fields.items():
            edit.setText(self._loaded[name])
            edit.setCursorPosition(0)
        self.setEnabled(source is not None)

    def update_from(self, source: SourceRecord) -> None:
        """Take new stored values (an undo, an edit elsewhere) without losing typing."""
        for name, edit in self.fields.items():
            new = getattr(source, name)
            if _clean(edit.text()) == self._loaded[name] and edit.text() != new:
                edit.setText(new)
                edit.setCursorPosition(0)
            self._loaded[name] = new

    def changes(self) -> dict[str, str]:
        return {
            name: _clean(edit.text())
            for name, edit in self.fields.items()
            if _clean(edit.text()) != self._loaded[name]
        }
