"""The core's text toolkit: small pure helpers on plain strings and character spans, shared by
the importers, the exporters and the facade. It imports nothing else from debateprep, so every
layer may use it without depending on another; nothing here knows about storage, search or Qt.
"""
