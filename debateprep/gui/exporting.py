"""The window's export formats and options: what File > Export offers and how it writes.

Each export (brief, map, packet) offers its formats as file-dialog filters; the chosen filter
or the typed extension picks the format. Citation style and paper size are window-wide
choices under File > Export Options, remembered in the settings. PDF and PNG are rendered
here with Qt, the text formats through the library facade like the CLI's. The ``write_*``
functions run on the window's worker thread (``filework``), report progress to a callback
that raises to cancel, and refuse a target that is one of the library's own files before
any work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QSettings, QStandardPaths
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from debateprep.formats import CITE_STYLES, CiteStyle, ExportFormat, formats_for
from debateprep.progress import Report
from debateprep.records import Side

# The facade (SQLAlchemy) and the renderers load when an export runs, not at the window's start.
if TYPE_CHECKING:
    from debateprep.facade.exports import Variant
    from debateprep.facade.library import Library
    from debateprep.facade.map_formats import MapFormat
    from debateprep.render.pdf_layout import PageSizeName

# The file dialogs offer what debateprep.formats lists, in its order (Markdown first).
FileFormat = ExportFormat
BRIEF_FORMATS = formats_for("brief")
MAP_FORMATS = formats_for("map")
PACKET_FORMATS = formats_for("packet")
CITE_STYLE_LABELS: dict[CiteStyle, str] = {
    "debate": "&Debate (Verbatim cite)",
    "mla": "&MLA 9",
    "apa": "&APA 7",
}
PAGE_SIZES: tuple[PageSizeName, ...] = ("A4", "Letter")
# Countries whose paper is US Letter; everyone else uses A4.
_LETTER_COUNTRIES = {
    QLocale.Country.UnitedStates,
    QLocale.Country.Canada,
    QLocale.Country.Mexico,
    QLocale.Country.Philippines,
    QLocale.Country.Chile,
    QLocale.Country.Colombia,
    QLocale.Country.Venezuela,
}


@dataclass(frozen=True, slots=True)
class ExportChoices:
    """The Export Options as they were when an export started (read on the GUI thread)."""

    cite_style: CiteStyle
    page_size: PageSizeName


def dialog_filters(formats: Sequence[FileFormat]) -> str:
    return ";;".join(f"{f.label} (*.{f.extension})" for f in formats)


def chosen_format(
    path: Path, selected_filter: str, formats: Sequence[FileFormat]
) -> tuple[Path, FileFormat]:
    """The format a typed extension names, else the selected filter's; adds a missing one."""
    suffix = path.suffix.lower().lstrip(".")
    for fmt in formats:
        if suffix == fmt.extension:
            return path, fmt
    fmt = next((f for f in formats if selected_filter.startswith(f.label)), formats[0])
    return path.with_name(f"{path.name}.{fmt.extension}"), fmt


class ExportOptions(QObject):
    """File > Export Options: citation style and paper size, remembered between sessions."""

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings

    @property
    def cite_style(self) -> CiteStyle:
        value = str(self._settings.value("export/citeStyle", "debate"))
        return next((style for style in CITE_STYLES if style == value), "debate")

    @property
    def page_size(self) -> PageSizeName:
        default = "Letter" if QLocale().territory() in _LETTER_COUNTRIES else "A4"
        value = str(self._settings.value("export/pageSize", default))
        return "Letter" if value == "Letter" else "A4"

    def choices(self) -> ExportChoices:
        return ExportChoices(self.cite_style, self.page_size)

    def add_menu(self, parent_menu: QMenu, before: QAction | None = None) -> QMenu:
        menu = QMenu("Export Op&tions", parent_menu)
        menu.setObjectName("menuExportOptions")
        menu.addSection("Citation style")
        styles = QActionGroup(menu)
        for style in CITE_STYLES:
            action = menu.addAction(CITE_STYLE_LABELS[style])
            action.setObjectName(f"actionCiteStyle_{style}")
            action.setCheckable(True)
            action.setChecked(style == self.cite_style)
            action.triggered.connect(lambda _=False, s=style: self._set("export/citeStyle", s))
            styles.addAction(action)
        menu.addSection("Paper size (PDF)")
        sizes = QActionGroup(menu)
        for size in PAGE_SIZES:
            action = menu.addAction(size)
            action.setObjectName(f"actionPageSize_{size}")
            action.setCheckable(True)
            action.setChecked(size == self.page_size)
            action.triggered.connect(lambda _=False, s=size: self._set("export/pageSize", s))
            sizes.addAction(action)
        if before is not None:
            parent_menu.insertMenu(before, menu)
            parent_menu.insertSeparator(before)
        else:
            parent_menu.addMenu(menu)
        return menu

    def _set(self, key: str, value: str) -> None:
        self._settings.setValue(key, value)


def export_targets(library: Library, path: Path, fmt: FileFormat, what: str) -> list[Path]:
    """The files an export writes; UserError if one is the library's own (checked first)."""
    from debateprep.facade.exports import packet_html_path

    paths = [path]
    if what == "packet" and fmt.name == "md":
        paths.append(packet_html_path(path))
    return [library.export_target(target) for target in paths]


def write_brief(
    library: Library,
    path: Path,
    fmt: FileFormat,
    options: ExportChoices,
    *,
    brief_id: int | None,
    motion_id: int,
    side: str | Side = Side.A,
    progress: Report | None = None,
) -> list[Path]:
    export_targets(library, path, fmt, "brief")
    style = options.cite_style
    if fmt.name == "docx":
        return [
            library.export_brief_docx(
                path, brief_id=brief_id, motion_id=motion_id, side=side, cite_style=style
            )
        ]
    if fmt.name == "pdf":
        from debateprep.render.pdf_export import write_brief_pdf

        return [
            write_brief_pdf(
                library,
                path,
                brief_id=brief_id,
                motion_id=motion_id,
                side=str(side),
                page_size=options.page_size,
                cite_style=style,
                progress=progress,
            )
        ]
    return [
        library.export_brief(
            path, brief_id=brief_id, motion_id=motion_id, side=side, cite_style=style
        )
    ]


def write_map(
    library: Library, path: Path, fmt: FileFormat, options: ExportChoices, *, motion_id: int
) -> list[Path]:
    export_targets(library, path, fmt, "map")
    style = options.cite_style
    if fmt.name == "png":
        from debateprep.render.map_png import write_map_png

        svg = library.render_map_as(motion_id, "svg", cite_style=style)
        return [write_map_png(svg, path, library_db=library.file)]
    map_format: MapFormat = "md"
    for name in ("argdown", "aif", "svg"):
        if fmt.name == name:
            map_format = name
    return [library.export_map_as(path, map_format, motion_id=motion_id, cite_style=style)]


def write_packet(
    library: Library,
    path: Path,
    fmt: FileFormat,
    options: ExportChoices,
    *,
    motion_id: int,
    variant: Variant,
    progress: Report | None = None,
) -> list[Path]:
    export_targets(library, path, fmt, "packet")
    style = options.cite_style
    if fmt.name == "pdf":
        from debateprep.render.pdf_export import write_packet_pdf

        return [
            write_packet_pdf(
                library,
                motion_id,
                path,
                variant=variant,
                page_size=options.page_size,
                cite_style=style,
                progress=progress,
            )
        ]
    if fmt.name == "html":
        _, html_text = library.render_packet(
            motion_id, variant, cite_style=style, progress=progress
        )
        return [library.write_export(path, html_text)]
    return list(
        library.export_packet(
            path, motion_id=motion_id, variant=variant, cite_style=style, progress=progress
        )
    )


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe stem from a motion or brief title ("Resolved: The US…" -> "the-us…")."""
    text = re.sub(r"^\s*resolved\s*[:,]?\s*", "", text, flags=re.IGNORECASE)
    words = re.findall(r"[^\W_]+", text.lower())
    stem = ""
    for word in words:
        if stem and len(stem) + 1 + len(word) > limit:
            break
        stem = f"{stem}-{word}" if stem else word[:limit]
    return stem


def first_export_folder() -> str:
    """Where a first export goes: the Documents folder when there is one, else home (never
    the folder the app happened to start in)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def suggested_path(folder: str, prefix: str, title: str, fmt: FileFormat) -> str:
    """Where the save dialog starts: the last export folder, a name from the title."""
    stem = "-".join(part for part in (prefix, slug(title)) if part) or "export"
    name = f"{stem}.{fmt.extension}"
    return str(Path(folder) / name) if folder else name


def written_message(paths: Sequence[Path]) -> str:
    """ "Wrote packet.md and packet.html in /some/folder" (names, not Python reprs)."""
    names = [Path(p).name for p in paths]
    if not names:
        return "Nothing was written"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
    return f"Wrote {listed} in {Path(paths[0]).parent}"
