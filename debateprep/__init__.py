"""DebatePrep: prepare debates from sources, evidence cards and argument maps.

Layers, top to bottom (docs/architecture.md has the diagram): ``gui`` (the window, the only
package importing PySide6 besides ``render``) and ``cli``; ``render`` (PDF and PNG through
Qt); ``facade`` (one method per user action); ``storage`` (SQLite, the source of truth);
``importers`` and ``exporters`` (files in and out, independent of each other); ``search``
(the derived Whoosh index); ``text`` (pure text helpers). The modules at this level are the
shared vocabulary every layer may use: ``records`` (plain data), ``errors``, ``formats`` (the
export registry), ``progress``, ``paths``, ``files`` and ``export_target`` (safe writes).
"""

__version__ = "0.1.0"
