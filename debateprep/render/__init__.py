"""Qt-based rendering for exports that paint: the classroom packet and briefs as PDF
(``pdf_export`` over the page layout in ``pdf_layout``, which uses ``qt_html``, ``page_flow``
and ``map_rows``) and the argument map as PNG (``map_png``). It needs Qt's painting classes
but no window: ``headless`` makes an offscreen QGuiApplication when none is running, so the
CLI renders exactly what the window's Export menu does. It reads the facade and the
exporters and never imports ``debateprep.gui``.
"""
