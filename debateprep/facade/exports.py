"""The Exports part: a brief, the side-by-side map or a classroom packet, rendered and written.

Every render reads what it needs (the brief or outline, the default motion, the bundle) in one
``store.read()`` transaction, so an export is one snapshot even while another process edits.
Map formats other than Markdown are in ``formats.py``; PDF and PNG need Qt and are rendered
outside the core.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import Literal

from debateprep import exporters, paths
from debateprep.errors import UserError
from debateprep.export_target import check_export_target
from debateprep.facade import lookup
from debateprep.facade.brief_reads import brief_or_outline
from debateprep.facade.bundles import load_bundle
from debateprep.facade.map_formats import MapFormat, check_map_format, render_map_in
from debateprep.files import write_bytes, write_text
from debateprep.formats import CiteStyle, check_cite_style
from debateprep.progress import Report
from debateprep.records import BriefRecord, MotionBundle, Side
from debateprep.storage.store import Store

Variant = Literal["teacher", "worksheet"]
VARIANTS: tuple[Variant, ...] = ("teacher", "worksheet")


def _brief_cards(brief: BriefRecord) -> set[int]:
    """The cards a brief lists: its motion's bundle also loads those of other motions."""
    return {card_id for section in brief.sections for card_id in section.card_ids}


class Exports:
    """Render and write exports; needs only the store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def export_target(self, out: Path) -> Path:
        """``out`` (``~`` expanded) if an export may write it; UserError for the library's
        own files (database, journals, lock, index folder) or any other database.

        The writers check again; callers check first so a refusal comes before the work.
        """
        return check_export_target(out, self._store.db_path)

    def write_export(self, out: Path, data: str | bytes) -> Path:
        """Write an export to ``out`` atomically, never over the library's own files."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        return write_bytes(out, payload, library_db=self._store.db_path)

    def motion_bundle(
        self, motion_id: int, *, extra_card_ids: Collection[int] = (), texts: bool = False
    ) -> MotionBundle:
        """The motion's cards, links and quoted sources, loaded in one transaction."""
        with self._store.read() as session:
            return load_bundle(session, motion_id, extra_card_ids, texts)

    def render_brief(self, brief: BriefRecord, *, cite_style: CiteStyle = "debate") -> str:
        check_cite_style(cite_style)
        bundle = self.motion_bundle(brief.motion_id, extra_card_ids=_brief_cards(brief))
        return exporters.render_brief(brief, bundle, cite_style=cite_style)

    def render_brief_docx(self, brief: BriefRecord, *, cite_style: CiteStyle = "debate") -> bytes:
        """The brief as Verbatim .docx bytes, cites in ``cite_style``."""
        check_cite_style(cite_style)
        bundle = self.motion_bundle(brief.motion_id, extra_card_ids=_brief_cards(brief))
        return _docx_writer()(brief, bundle, cite_style=cite_style)

    def render_map(
        self, motion_id: int, *, blank_answers: bool = False, cite_style: CiteStyle = "debate"
    ) -> str:
        check_cite_style(cite_style)
        return exporters.render_map(
            self.motion_bundle(motion_id), blank_answers=blank_answers, cite_style=cite_style
        )

    def render_map_as(
        self, motion_id: int | None, fmt: MapFormat, *, cite_style: CiteStyle = "debate"
    ) -> str:
        """The motion's (default: the first one's) map as Markdown, Argdown, AIF JSON or SVG."""
        check_map_format(fmt)
        check_cite_style(cite_style)
        with self._store.read() as session:
            motion = lookup.motion_or_default(session, motion_id)
            bundle = load_bundle(session, motion.id, (), False)
        return render_map_in(bundle, fmt, cite_style)

    def render_packet(
        self,
        motion_id: int,
        variant: Variant = "teacher",
        *,
        cite_style: CiteStyle = "debate",
        progress: Report | None = None,
    ) -> tuple[str, str]:
        """The packet as (Markdown, standalone HTML); ``progress`` hears the HTML's making
        and may raise to stop it."""
        _check_variant(variant)
        check_cite_style(cite_style)
        return _packet(self.motion_bundle(motion_id, texts=True), variant, cite_style, progress)

    def export_brief(
        self,
        out: Path,
        *,
        brief_id: int | None = None,
        motion_id: int | None = None,
        side: str | Side = Side.A,
        cite_style: CiteStyle = "debate",
    ) -> Path:
        """Write a stored brief, or the default outline of a motion's side, as Markdown."""
        check_cite_style(cite_style)
        self.export_target(out)
        brief, bundle = self._brief_snapshot(brief_id, motion_id, side)
        return self.write_export(out, exporters.render_brief(brief, bundle, cite_style=cite_style))

    def export_brief_docx(
        self,
        out: Path,
        *,
        brief_id: int | None = None,
        motion_id: int | None = None,
        side: str | Side = Side.A,
        cite_style: CiteStyle = "debate",
    ) -> Path:
        """Write a stored brief, or the default outline of a motion's side, as a .docx."""
        check_cite_style(cite_style)
        self.export_target(out)
        brief, bundle = self._brief_snapshot(brief_id, motion_id, side)
        return self.write_export(out, _docx_writer()(brief, bundle, cite_style=cite_style))

    def export_map(
        self, out: Path, *, motion_id: int | None = None, cite_style: CiteStyle = "debate"
    ) -> Path:
        check_cite_style(cite_style)
        self.export_target(out)
        bundle = self._default_bundle(motion_id, texts=False)
        return self.write_export(out, exporters.render_map(bundle, cite_style=cite_style))

    def export_map_as(
        self,
        out: Path,
        fmt: MapFormat,
        *,
        motion_id: int | None = None,
        cite_style: CiteStyle = "debate",
    ) -> Path:
        """Write the map in ``fmt`` to ``out`` (atomically; never over the library's files)."""
        self.export_target(out)
        text = self.render_map_as(motion_id, fmt, cite_style=cite_style)
        return write_text(out, text, library_db=self._store.db_path)

    def export_packet(
        self,
        out: Path,
        *,
        motion_id: int | None = None,
        variant: Variant = "teacher",
        cite_style: CiteStyle = "debate",
        progress: Report | None = None,
    ) -> tuple[Path, Path]:
        """Write the packet as ``out`` (Markdown) and the same name with ``.html``."""
        html_path = packet_html_path(out)
        _check_variant(variant)
        check_cite_style(cite_style)
        # Both targets before any work: neither file is written if either is refused.
        self.export_target(out)
        self.export_target(html_path)
        bundle = self._default_bundle(motion_id, texts=True)
        markdown_text, html_text = _packet(bundle, variant, cite_style, progress)
        return self.write_export(out, markdown_text), self.write_export(html_path, html_text)

    def _brief_snapshot(
        self, brief_id: int | None, motion_id: int | None, side: str | Side
    ) -> tuple[BriefRecord, MotionBundle]:
        """The brief (or outline) and its bundle from one transaction."""
        with self._store.read() as session:
            brief = brief_or_outline(session, brief_id, motion_id, side)
            bundle = load_bundle(session, brief.motion_id, _brief_cards(brief), False)
        return brief, bundle

    def _default_bundle(self, motion_id: int | None, *, texts: bool) -> MotionBundle:
        """The bundle of ``motion_id`` (default: the first motion) from one transaction."""
        with self._store.read() as session:
            motion = lookup.motion_or_default(session, motion_id)
            return load_bundle(session, motion.id, (), texts)


def _check_variant(variant: str) -> None:
    if variant not in VARIANTS:
        raise UserError(f"Unknown packet variant {variant!r}; use teacher or worksheet.")


def _packet(
    bundle: MotionBundle, variant: Variant, cite_style: CiteStyle, progress: Report | None
) -> tuple[str, str]:
    css = paths.resource("packet.css").read_text(encoding="utf-8")
    markdown_text = exporters.render_packet_markdown(bundle, variant, cite_style=cite_style)
    # The HTML is that same Markdown rendered: pass it rather than build it twice.
    html_text = exporters.render_packet_html(
        bundle, variant, css=css, markdown_text=markdown_text, progress=progress
    )
    return markdown_text, html_text


def packet_html_path(out: Path) -> Path:
    """Where a Markdown packet's HTML copy goes: beside it, with ``.html``."""
    html_path = out.with_suffix(".html")
    if html_path == out:
        raise UserError("Give the packet a .md file name; the HTML copy goes beside it.")
    return html_path


def _docx_writer() -> Callable[..., bytes]:
    """The .docx writer, loaded on first use: python-docx and lxml are not needed to open a
    library (the window's start and its search process wait for whatever opening imports)."""
    from debateprep.exporters.verbatim_docx import render_brief_docx

    return render_brief_docx
