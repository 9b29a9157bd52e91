"""Help > Evidence Ethics: the bundled ``docs/evidence-ethics.md``, rendered, beside the work.

The dialog is not modal, so a student can keep it open while cutting cards; Esc or Close
shuts it. Its HTML sets no colours, so the text browser draws it in the application's palette,
light or dark, like every other dialog. A missing document (a broken install) is one line
of message, not a crash.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from debateprep import paths
from debateprep.gui import dialogs

DOC_NAME = "evidence-ethics.md"
TITLE = "Evidence ethics"


def document_html(text: str) -> str:
    """The Markdown document as HTML (tables included); our own file, so no escaping."""
    import markdown  # only when the guide is opened: the window starts without it

    return markdown.markdown(text, extensions=["tables"], output_format="html")


class EthicsDialog(QDialog):
    """The rendered document in a text browser; links open in the system browser."""

    def __init__(self, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceEthicsDialog")
        self.setWindowTitle(TITLE)
        self.setModal(False)
        self.view = QTextBrowser(self)
        self.view.setObjectName("evidenceEthicsText")
        self.view.setOpenExternalLinks(True)
        self.view.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(640, 720)


class EthicsHelp(QObject):
    """Opens the dialog when ``action`` fires; a second trigger raises the open one."""

    def __init__(self, window: QWidget, action: QAction) -> None:
        super().__init__(window)
        self._window = window
        self._dialog: EthicsDialog | None = None
        action.triggered.connect(self.show)

    def show(self) -> EthicsDialog | None:
        if self._dialog is None:  # read once; Esc only hides the dialog, so it is reused
            try:
                text = paths.doc(DOC_NAME).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                message = f"Cannot open the evidence ethics guide: {error}"
                dialogs.show_user_error(self._window, message)
                return None
            self._dialog = EthicsDialog(document_html(text), self._window)
        if self._dialog.isVisible():  # behind the window: bring it forward
            self._dialog.raise_()
        self._dialog.show()
        self._dialog.activateWindow()
        return self._dialog
