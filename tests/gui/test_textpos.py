"""Python indices vs Qt (UTF-16) positions, with emoji, CJK and astral characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from debateprep.gui.textpos import TextOffsets, from_qt, qt_length, to_qt

# Mostly plain text, with emoji, a skin-tone modifier, CJK (BMP and astral) and accents.
MIXED = st.one_of(
    st.sampled_from(list("ab \n.")),
    st.sampled_from(list("😀🎉🏽𝄞中文𠀀é")),
    st.characters(exclude_categories=["Cs"]),
)
# What a QTextDocument keeps one-for-one (no line or paragraph breaks, no noncharacters).
INLINE = st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp", "Cn"))


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@given(st.text(MIXED, max_size=60))
def test_round_trip_and_utf16_lengths(text: str) -> None:
    offsets = TextOffsets(text)
    assert offsets.qt_length == _utf16(text) == qt_length(text)
    for index in range(len(text) + 1):
        pos = offsets.to_qt(index)
        assert pos == _utf16(text[:index]) == to_qt(text, index)
        assert offsets.from_qt(pos) == index == from_qt(text, pos)


@given(st.text(MIXED, max_size=60))
def test_a_position_inside_a_surrogate_pair_maps_to_that_character(text: str) -> None:
    offsets = TextOffsets(text)
    previous = 0
    for pos in range(offsets.qt_length + 1):
        index = offsets.from_qt(pos)
        assert index >= previous  # monotonic
        assert 0 <= pos - offsets.to_qt(index) <= 1
        previous = index


@given(st.text(st.one_of(INLINE, st.sampled_from(list("😀中𠀀"))), max_size=40), st.data())
def test_qt_cursor_selects_the_python_slice(qapp: object, text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    document = QTextDocument(text)
    offsets = TextOffsets(text)
    cursor = QTextCursor(document)
    cursor.setPosition(offsets.to_qt(start))
    cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == text[start:end]
    assert document.characterCount() - 1 == offsets.qt_length


def test_plain_text_is_the_fast_path() -> None:
    assert TextOffsets("Plain and 中文 BMP text").is_bmp
    offsets = TextOffsets("x😀y")
    assert not offsets.is_bmp
    assert [offsets.to_qt(i) for i in range(4)] == [0, 1, 3, 4]
    assert [offsets.from_qt(p) for p in range(5)] == [0, 1, 1, 2, 3]


def test_out_of_range_raises_and_clamps() -> None:
    offsets = TextOffsets("a😀")
    with pytest.raises(IndexError):
        offsets.to_qt(3)
    with pytest.raises(IndexError):
        offsets.from_qt(-1)
    assert offsets.clamp_to_qt(99) == 3
    assert offsets.clamp_from_qt(4) == 2  # a document's last block separator
    assert offsets.clamp_to_qt(-5) == 0


def test_long_text_with_one_emoji_converts_quickly() -> None:
    text = "word " * 200_000 + "😀" + " end"
    offsets = TextOffsets(text)
    index = len(text) - 2
    assert offsets.from_qt(offsets.to_qt(index)) == index
    assert offsets.to_qt(index) == index + 1
