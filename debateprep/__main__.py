"""``python -m debateprep``: the same as the ``debateprep`` command."""

from __future__ import annotations

import sys

from debateprep.cli.entry import main

if __name__ == "__main__":
    sys.exit(main())
