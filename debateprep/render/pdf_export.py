"""The classroom packet and briefs as printable PDFs, laid out by :mod:`.pdf_layout`.

``write_packet_pdf`` and ``write_brief_pdf`` are what the CLI (``debateprep export ...
--format pdf``) and the window call; ``render_page_images`` paints the same pages to images
so they can be looked at and tested. The PDF's metadata is ours (title, creator, dates, a
document id derived from the content), so the same document at the same time gives the same
bytes. Long packets report progress (formatting, laying out, painting each page) to a
callback that may raise to stop; the file is written only once the PDF is complete, never
over the library's own files. None of it needs the GUI thread: the window renders on its
worker thread (Qt paints text to a PDF from any thread, each document used by one thread).

Headless use works: a QGuiApplication is made on the offscreen platform when none is running.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUuid
from PySide6.QtGui import QColor, QImage, QPageLayout, QPainter, QPdfWriter, QTextDocument

from debateprep import exporters, paths
from debateprep.errors import UserError
from debateprep.facade.exports import VARIANTS, Variant
from debateprep.formats import CiteStyle, check_cite_style
from debateprep.progress import Report, ignore, scaled
from debateprep.render.headless import gui_application
from debateprep.render.pdf_layout import (
    RESOLUTION,
    FooterHook,
    PacketLayout,
    PageSizeName,
    layout_packet,
    page_layout_for,
)

if TYPE_CHECKING:
    from debateprep.facade.library import Library


def packet_print_html(
    library: Library,
    motion_id: int,
    *,
    variant: Variant = "teacher",
    cite_style: CiteStyle = "debate",
    progress: Report | None = None,
) -> str:
    """The packet as HTML with the print stylesheet, before the QTextDocument adjustments."""
    if variant not in VARIANTS:
        raise UserError(f"Unknown packet variant {variant!r}; use teacher or worksheet.")
    check_cite_style(cite_style)
    bundle = library.motion_bundle(motion_id, texts=True)
    css = paths.resource("packet_print.css").read_text(encoding="utf-8")
    return exporters.render_packet_html(
        bundle, variant, css=css, cite_style=cite_style, progress=progress
    )


def _writer(device: QIODevice | str, page_layout: QPageLayout, title: str) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(page_layout)
    writer.setTitle(title)
    writer.setCreator("DebatePrep")
    return writer


def _pdf_date(moment: datetime.datetime) -> bytes:
    return moment.astimezone(datetime.UTC).strftime("D:%Y%m%d%H%M%SZ").encode("ascii")


# Characters XML 1.0 cannot hold, even escaped (XMP is XML).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xmp(title: str, moment: datetime.datetime, document_id: uuid.UUID) -> bytes:
    """XMP metadata with our own dates (Qt would stamp the current time)."""
    stamp = moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    safe_title = _NOT_XML.sub("", title)
    safe_title = safe_title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{safe_title}</rdf:li></rdf:Alt>'
        "</dc:title></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmp:CreatorTool="DebatePrep" '
        f'xmp:CreateDate="{stamp}" xmp:ModifyDate="{stamp}" xmp:MetadataDate="{stamp}" '
        f'xmpMM:DocumentID="uuid:{document_id}"/>'
        "</rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    ).encode()


_INFO_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}Z\)")


def _creation_time(created: datetime.datetime | None) -> datetime.datetime:
    """``created``, else SOURCE_DATE_EPOCH (reproducible builds), else now."""
    if created is not None:
        return created if created.tzinfo else created.replace(tzinfo=datetime.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC)


def render_pdf(
    html: str,
    *,
    page_size: str = "A4",
    title: str = "Classroom packet",
    created: datetime.datetime | None = None,
    on_footer: FooterHook | None = None,
    progress: Report | None = None,
) -> bytes:
    """The PDF bytes of the print HTML: laid out, paginated, footers painted.

    With the same ``created`` time (or SOURCE_DATE_EPOCH) the same input gives the same bytes:
    the document id is derived from the content and the dates are ours. ``progress`` hears
    the layout and each page painted, and may raise to stop.
    """
    report = progress or ignore
    gui_application()
    moment = _creation_time(created)
    digest = hashlib.sha256(f"{page_size}\n{title}\n{html}".encode()).digest()
    document_id = uuid.UUID(bytes=digest[:16], version=5)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, page_layout_for(page_size), title)
    writer.setDocumentId(QUuid(str(document_id)))
    writer.setDocumentXmpMetadata(QByteArray(_xmp(title, moment, document_id)))
    layout = layout_packet(html, page_size, writer, title, scaled(report, 0, 60, 100))
    pages = layout.page_count
    painter = QPainter(writer)
    try:
        for index in range(pages):
            report(60 + 40 * index // max(pages, 1), 100, f"Printing page {index + 1} of {pages}")
            if index:
                writer.newPage()
            layout.paint_page(painter, index, on_footer)
    finally:
        painter.end()
    report(100, 100, "Printing")
    buffer.close()
    data = bytes(buffer.data().data())
    # Qt writes the Info dictionary's dates itself; ours have the same length, so the
    # cross-reference offsets stay valid.
    date = _pdf_date(moment)
    return _INFO_DATE.sub(lambda match: b"/" + match.group(1) + b" (" + date + b")", data)


def preview_layout(html: str, page_size: str = "A4", title: str = "") -> PacketLayout:
    """The packet laid out as :func:`render_pdf` lays it out, without writing a PDF."""
    gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, page_layout_for(page_size), title)
    layout = layout_packet(html, page_size, writer, title)
    layout.keep_alive = (writer, buffer)
    return layout


def render_page_images(
    html: str, *, page_size: str = "A4", dpi: float = 100, title: str = "Classroom packet"
) -> list[QImage]:
    """Each page as a white image at ``dpi``, painted exactly as in the PDF (for looking)."""
    layout = preview_layout(html, page_size, title)
    scale = dpi / RESOLUTION
    full = layout.page_layout.fullRectPixels(RESOLUTION)
    margins = layout.page_layout.marginsPixels(RESOLUTION)
    images = []
    for index in range(layout.page_count):
        image = QImage(
            round(full.width() * scale), round(full.height() * scale), QImage.Format.Format_RGB32
        )
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.scale(scale, scale)
            painter.translate(margins.left(), margins.top())
            layout.paint_page(painter, index, None)
        finally:
            painter.end()
        images.append(image)
    return images


def write_packet_pdf(
    library: Library,
    motion_id: int,
    out: Path,
    *,
    variant: Variant = "teacher",
    page_size: PageSizeName = "A4",
    cite_style: CiteStyle = "debate",
    created: datetime.datetime | None = None,
    progress: Report | None = None,
) -> Path:
    """Write the motion's classroom packet as a printable PDF to ``out`` (atomically).

    ``progress`` hears (done, 100, what) and may raise to stop; nothing is written then.
    """
    library.export_target(out)  # refused before the work, not after it
    html = packet_print_html(
        library,
        motion_id,
        variant=variant,
        cite_style=cite_style,
        progress=scaled(progress, 0, 25, 100),
    )
    title = _title(html)
    data = render_pdf(
        html,
        page_size=page_size,
        title=title,
        created=created,
        progress=scaled(progress, 25, 100, 100),
    )
    return library.write_export(out, data)


def write_brief_pdf(
    library: Library,
    out: Path,
    *,
    brief_id: int | None = None,
    motion_id: int | None = None,
    side: str = "A",
    page_size: PageSizeName = "A4",
    cite_style: CiteStyle = "debate",
    created: datetime.datetime | None = None,
    progress: Report | None = None,
) -> Path:
    """Write a stored brief, or a motion side's default outline, as a printable PDF."""
    library.export_target(out)
    check_cite_style(cite_style)
    brief = (
        library.brief(brief_id)
        if brief_id is not None
        else library.outline_brief(motion_id or library.default_motion().id, side)
    )
    css = paths.resource("packet_print.css").read_text(encoding="utf-8")
    html = exporters.markdown_page(
        library.render_brief(brief, cite_style=cite_style),
        title=brief.title or "Brief",
        css=css,
        body_class="brief",
        progress=scaled(progress, 0, 25, 100),
    )
    data = render_pdf(
        html,
        page_size=page_size,
        title=_title(html),
        created=created,
        progress=scaled(progress, 25, 100, 100),
    )
    return library.write_export(out, data)


_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def _title(html: str) -> str:
    match = _TITLE.search(html)
    text = match.group(1) if match else "Classroom packet"
    document = QTextDocument()
    document.setHtml(text)  # undo the HTML escaping of the <title> element
    return document.toPlainText()
