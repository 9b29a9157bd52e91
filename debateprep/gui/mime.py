"""Drag and drop of cards between panels: one MIME type carrying card ids."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

CARD_IDS_MIME = "application/x-debateprep-card-ids"


def card_ids_mime(card_ids: list[int]) -> QMimeData:
    data = QMimeData()
    data.setData(CARD_IDS_MIME, json.dumps(card_ids).encode("utf-8"))
    data.setText(", ".join(f"card {card_id}" for card_id in card_ids))
    return data


def card_ids_from_mime(data: QMimeData) -> list[int]:
    if not data.hasFormat(CARD_IDS_MIME):
        return []
    try:
        ids = json.loads(bytes(data.data(CARD_IDS_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    return [int(card_id) for card_id in ids if isinstance(card_id, int)]
