"""The ``debateprep`` command line: ``entry`` parses arguments with nothing heavy imported (so
``--help`` answers at once) and hands each subcommand to its handler in ``commands``;
``export`` writes every export format, loading the Qt renderers only for PDF and PNG;
``terminal`` makes sure text from imported files is shown on a terminal, never obeyed. The
CLI calls the facade like the window does, and opens the window (``gui.app``) for
``debateprep`` without a subcommand.
"""
