"""The window's file work: importing, exporting and reindexing, all off the GUI thread.

A mixin of ``MainWindow``: it only uses the window's library, controller, task runner,
settings and status bar, and shows its questions through ``dialogs.Ask``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMainWindow, QProgressBar, QProgressDialog

from debateprep.gui import dialogs, exporting, url_import
from debateprep.gui.controller import CARDS, MOTIONS, SOURCES, Controller
from debateprep.gui.tasks import Task, TaskContext, TaskRunner
from debateprep.progress import Report
from debateprep.records import ImportOutcome, ImportStatus, SourceRecord
from debateprep.text.plural import plural

if TYPE_CHECKING:
    from debateprep.facade.exports import Variant
    from debateprep.facade.library import Library
    from debateprep.gui.brief_view import BriefView

logger = logging.getLogger(__name__)


def _undoable(library: Library, outcome: ImportOutcome) -> bool:
    """An article imported as a new source no card quotes yet (not a Verbatim file's)."""
    if outcome.status is not ImportStatus.IMPORTED or outcome.source is None:
        return False
    return library.source(outcome.source.id).card_count == 0


class FileWorkMixin:
    library: Library
    controller: Controller
    settings: QSettings
    tasks: TaskRunner
    brief_view: BriefView
    log_file: Path | None
    export_options: exporting.ExportOptions

    def _parent(self) -> QMainWindow:
        assert isinstance(self, QMainWindow)  # the mixin only ever serves MainWindow
        return self

    def _show_status(self, message: str) -> None:
        self._parent().statusBar().showMessage(message, 5000)

    def repair_index_in_background(self) -> Task:
        """Check the index off the GUI thread (opening it touches every segment: a third of
        a second at 100k cards) and rebuild it there if it is missing, damaged or stale; a
        progress bar appears in the status bar only when a rebuild runs."""
        library = self.library
        status = self._parent().statusBar()
        bar: list[QProgressBar] = []

        def job(ctx: TaskContext) -> int:
            if library.index_is_current():
                return -1
            total = sum(library.counts())
            ctx.progress(0, total, "")
            return library.reindex(lambda done: ctx.progress(done, total, ""))

        task = self.tasks.start("Checking the search index", job)

        def progress(done: int, total: int, _message: str) -> None:
            if not bar:
                bar.append(QProgressBar())
                bar[0].setObjectName("indexProgress")
                bar[0].setMaximumWidth(220)
                bar[0].setFormat("Rebuilding search index… %p%")
                status.addPermanentWidget(bar[0])
            bar[0].setMaximum(max(total, 1))
            bar[0].setValue(done)

        def finished(count: object) -> None:
            if bar:
                status.removeWidget(bar[0])
                bar[0].deleteLater()
            if isinstance(count, int) and count >= 0:
                self._show_status("Search index rebuilt")
                self.controller.changed.emit(SOURCES)  # panels rerun their searches

        def failed(message: str, _bug: bool) -> None:
            if bar:
                bar[0].setFormat("Search index could not be rebuilt")
            logger.error("index check or rebuild failed: %s", message)

        task.progress.connect(progress)
        task.finished.connect(finished)
        task.failed.connect(failed)
        return task

    def reindex(self) -> Task:
        library = self.library

        def job(ctx: TaskContext) -> int:
            total = sum(library.counts())
            return library.reindex(lambda done: ctx.progress(done, total, f"{done} of {total}"))

        return self.run_task(
            "Rebuilding the search index",
            job,
            lambda count: self._show_status(f"Indexed {plural(count, 'document')}"),
        )

    def import_sources(self) -> Task | None:
        paths = dialogs.Ask.import_files(
            self._parent(), str(self.settings.value("recentFolder", ""))
        )
        if not paths:
            return None
        self.settings.setValue("recentFolder", str(paths[0].parent))
        return self.import_items(list(paths))

    def import_from_url(self) -> Task | None:
        """File > Import from URL…: ask for the address, then import it as any file."""
        url = url_import.ask_url(self._parent())
        return self.import_items([url]) if url else None

    def import_items(self, items: list[Path | str]) -> Task | None:
        """Import files, folders and web addresses off the GUI thread, then say what
        happened to each; the sources it added are one undo step."""
        if not items:
            return None
        library = self.library

        def job(ctx: TaskContext) -> tuple[list[ImportOutcome], list[SourceRecord]]:
            outcomes: list[ImportOutcome] = []
            added: list[SourceRecord] = []
            steps = library.import_paths(items, cancelled=lambda: ctx.cancelled)
            try:
                for step in steps:
                    outcome = step.outcome
                    outcomes.append(outcome)
                    if _undoable(library, outcome):
                        assert outcome.source is not None
                        added.append(outcome.source)
                    ctx.progress(step.done, step.total, outcome.message)
            finally:
                steps.close()  # a cancel stops between files: no source is half-imported
            return outcomes, added

        return self.run_task(
            "Importing sources",
            job,
            self._imported,
            lambda: self.controller.changed.emit(SOURCES),
        )

    def _imported(self, result: object) -> None:
        # A Kialo file brings a motion, a Verbatim file cards (and a brief): refresh all.
        for topic in (SOURCES, MOTIONS, CARDS):
            self.controller.changed.emit(topic)
        if not isinstance(result, tuple):
            return
        outcomes, added = result
        if added:
            self.controller.imported_sources(added)
        if len(outcomes) == 1 and outcomes[0].status is ImportStatus.IMPORTED:
            self._show_status(outcomes[0].message)
        elif outcomes:
            dialogs.show_import_summary(self._parent(), outcomes)

    def run_task(
        self,
        title: str,
        job: Callable[[TaskContext], object],
        finished: Callable[[Any], object] | None = None,
        cancelled: Callable[[], object] | None = None,
    ) -> Task:
        """Start background work with a progress dialog that can cancel it; ``finished`` and
        ``cancelled`` are connected before the job starts, so a quick job cannot miss them."""
        dialog = QProgressDialog(title, "Cancel", 0, 0, self._parent())
        dialog.setObjectName("progressDialog")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)

        def progress(done: int, total: int, message: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(f"{title}: {message}")

        def wire(task: Task) -> None:
            dialog.canceled.connect(task.cancel)
            task.progress.connect(progress)
            for signal in (task.finished, task.cancelled):
                signal.connect(dialog.reset)
            task.failed.connect(lambda message, bug: self._task_failed(dialog, message, bug))
            if finished is not None:
                task.finished.connect(finished)
            if cancelled is not None:
                task.cancelled.connect(cancelled)

        task = self.tasks.start(title, job, wire)
        self._progress_dialog = dialog
        return task

    def _task_failed(self, dialog: QProgressDialog, message: str, bug: bool) -> None:
        dialog.reset()
        if bug:
            dialogs.CrashDialog(message, self.log_file, self._parent()).exec()
        else:
            dialogs.show_user_error(self._parent(), message)

    def _motion_id(self) -> int | None:
        if self.controller.current_motion_id is None:
            dialogs.show_user_error(
                self._parent(), "This library has no motion yet; create one first."
            )
        return self.controller.current_motion_id

    def _motion_title(self, motion_id: int) -> str:
        motion = self.controller.attempt(lambda: self.library.motion(motion_id))
        return motion.resolution if motion is not None else ""

    def _ask_export(
        self, title: str, prefix: str, name_from: str, formats: tuple[exporting.FileFormat, ...]
    ) -> tuple[Path, exporting.FileFormat] | None:
        """The save dialog in the last export folder (the first time, the user's Documents)
        with a name from the motion or brief; the chosen folder is remembered for next time."""
        folder = str(self.settings.value("exportFolder", "")) or exporting.first_export_folder()
        suggested = exporting.suggested_path(folder, prefix, name_from, formats[0])
        chosen = dialogs.Ask.export_file(self._parent(), title, suggested, formats)
        if chosen is not None:
            self.settings.setValue("exportFolder", str(chosen[0].parent))
        return chosen

    def export_map(self) -> Task | None:
        motion_id = self._motion_id()
        chosen = motion_id and self._ask_export(
            "Export argument map", "map", self._motion_title(motion_id), exporting.MAP_FORMATS
        )
        if not (motion_id and chosen):
            return None
        path, fmt = chosen
        library, options = self.library, self.export_options.choices()
        return self._export(
            "Exporting the argument map",
            path,
            fmt,
            "map",
            lambda _report: exporting.write_map(library, path, fmt, options, motion_id=motion_id),
        )

    def export_brief(self, brief_id: int | None = None) -> Task | None:
        brief_id = brief_id or self.brief_view.current_brief_id()
        motion_id = self._motion_id()
        if motion_id and brief_id is None:
            # Say there is no brief instead of silently writing side A's outline.
            side = self.library.motion(motion_id).side_a
            choice = dialogs.Ask.no_brief(self._parent(), side)
            if choice == "new":
                self.brief_view.new_brief()  # then export it, as asked
                brief_id = self.brief_view.current_brief_id()
            if choice is None or (choice == "new" and brief_id is None):
                return None
        brief = self.controller.attempt(lambda: self.library.brief(brief_id)) if brief_id else None
        chosen = motion_id and self._ask_export(
            "Export brief",
            "" if brief is not None else "brief",
            brief.title if brief is not None else self._motion_title(motion_id),
            exporting.BRIEF_FORMATS,
        )
        if not (motion_id and chosen):
            return None
        path, fmt = chosen
        library, options = self.library, self.export_options.choices()
        return self._export(
            "Exporting the brief",
            path,
            fmt,
            "brief",
            lambda report: exporting.write_brief(
                library,
                path,
                fmt,
                options,
                brief_id=brief_id,
                motion_id=motion_id,
                progress=report,
            ),
        )

    def export_packet(self) -> Task | None:
        motion_id = self._motion_id()
        resolution = self._motion_title(motion_id) if motion_id else ""
        arguments = motion_id and self.library.card_titles(
            motion_id=motion_id, kinds=("argument",), limit=1
        )
        variant = motion_id and dialogs.Ask.packet_variant(
            self._parent(), resolution, bool(arguments)
        )
        chosen = variant and self._ask_export(
            "Export packet", f"packet-{variant}", resolution, exporting.PACKET_FORMATS
        )
        if not (motion_id and variant and chosen):
            return None
        path, fmt = chosen
        library, options = self.library, self.export_options.choices()
        packet_variant: Variant = "worksheet" if variant == "worksheet" else "teacher"
        return self._export(
            "Exporting the packet",
            path,
            fmt,
            "packet",
            lambda report: exporting.write_packet(
                library,
                path,
                fmt,
                options,
                motion_id=motion_id,
                variant=packet_variant,
                progress=report,
            ),
        )

    def _export(
        self,
        title: str,
        path: Path,
        fmt: exporting.FileFormat,
        what: str,
        write: Callable[[Report], list[Path]],
    ) -> Task | None:
        """Write an export on the worker thread, with progress and Cancel.

        A target that is one of the library's own files is refused here, before any work.
        A cancelled export leaves no file: files are written whole, at the end.
        """
        library = self.library
        checked = self.controller.attempt(
            lambda: exporting.export_targets(library, path, fmt, what)
        )
        if checked is None:
            return None

        def job(ctx: TaskContext) -> list[Path]:
            ctx.progress(0, 100, "starting")
            return write(ctx.progress)

        return self.run_task(
            title,
            job,
            lambda written: self._show_status(
                exporting.written_message(written if isinstance(written, list) else [])
            ),
            lambda: self._show_status("Export cancelled; nothing was written"),
        )
