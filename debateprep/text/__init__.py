"""The core's text toolkit: pure helpers on plain strings, records and character spans.

``markdown_text`` folds whitespace and escapes user text for Markdown and HTML; ``intervals``
merges character spans; ``citations`` and ``cite_fields`` build and parse the cite line of a
card in each cite style (``academic_cites`` writes the MLA and APA entries, ``styled_text``
holds the bold and italic spans every style returns); ``bundleindex`` gives the display labels
(tags, sides, motions) the exports and the window show; ``cardtext`` lays one card out as
Markdown blocks. It depends only on the shared vocabulary (``records``, ``formats``,
``errors``), so the importers, the exporters, the facade and the window all use it without
depending on each other; nothing here knows about storage, search or Qt.
"""
