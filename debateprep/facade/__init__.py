"""The facade: every user action, one method and one transaction each, over storage and search.

The window and the CLI call only ``library.Library``; its actions live in plain classes
("parts") grouped by what they act on.

``Sources``, ``Cards``, ``Links``, ``Motions``, ``Briefs``, ``Imports``, ``Exports`` and
``Searching`` each hold the ``Store`` (and any part they need, passed in; none inherits from
another), and ``library.Library`` publishes their public methods as one flat vocabulary.
Shared helpers are plain functions: row lookups in ``lookup``, a motion's export bundle in
``bundles``, the card-edit rules in ``card_rules``, the map formats in ``map_formats``, the
input rules in ``validation``, the bundled corpus and starter map in ``starter``, a library
check in ``checkup``, and the Verbatim and Kialo mappings in ``verbatim`` and ``kialo``.
"""
