"""Watching a folder a crawler writes into: which files are new or have grown.

`rasad ingest DIR --follow` polls the folder; a file is taken once it has stopped changing
for `settle` seconds (so a page still being written is not read half-way), and again only
if it changes later. Whether its content is already stored is the store's business (the
document id is a hash of the bytes), so a restarted monitor re-reads but re-stores nothing.
"""

from __future__ import annotations

import time
from pathlib import Path

from rasad.readers import walk_documents


class FolderWatch:
    """The document files under `root` that are new or changed since the last poll."""

    def __init__(self, root: Path, settle: float = 2.0) -> None:
        self.root = root
        self.settle = settle
        self._taken: dict[Path, tuple[int, int]] = {}  # path -> (size, mtime_ns) when taken

    def poll(self, now: float | None = None) -> list[Path]:
        now = time.time() if now is None else now
        ready = []
        for path in walk_documents(self.root):
            try:
                st = path.stat()
            except OSError:  # removed between the listing and the stat
                continue
            state = (st.st_size, st.st_mtime_ns)
            if self._taken.get(path) == state or now - st.st_mtime < self.settle:
                continue
            self._taken[path] = state
            ready.append(path)
        return ready
